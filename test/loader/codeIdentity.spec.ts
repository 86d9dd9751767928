/**
 * What code a process runs (loader/codeIdentity.js): the loaded project modules by content, and
 * whether a list of them still holds.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import {
    foldersUnchanged,
    moduleFolders,
    modulesUnchanged,
    noteContentHash,
    projectModules,
} from "../../loader/codeIdentity";

const ROOT = path.join(__dirname, "..", "..");
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/**
 * `codeIdentity.<fn>(arg)` in a fresh process, as text: folder listings are read once per process,
 * so a change made between two looks is seen only by the second.
 */
function inFreshProcess(fn: "moduleFolders" | "foldersUnchanged", arg: string): string {
    const script = `process.stdout.write(String(require("./loader/codeIdentity").${fn}(${JSON.stringify(arg)})))`;
    return execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
}

describe("code identity (loader/codeIdentity.js)", () => {
    it("lists every loaded project module with its content hash, none from node_modules", () => {
        const lines = projectModules()!.split("\n");
        const own = lines.find(l => l.startsWith("test/loader/codeIdentity.spec.ts "))!;
        assert.ok(own, "this spec is loaded");
        assert.strictEqual(own.split(" ")[1], sha256(fs.readFileSync(__filename)));
        assert.ok(lines.every(l => !l.includes("node_modules")));
        assert.deepStrictEqual(lines, [...lines].sort());
    });

    it("holds a list while each module has its contents, whether loaded or not", () => {
        assert.strictEqual(modulesUnchanged(projectModules()), true);
        const file = "components/config/parse.ts";
        const line = `${file} ${sha256(fs.readFileSync(path.join(ROOT, file)))}`;
        assert.strictEqual(modulesUnchanged(line), true);
    });

    it("hashes a module the loader compiled from the loader's own latest read, not a second one", () => {
        const dir = fs.mkdtempSync(path.join(ROOT, "tmp-codeIdentity-"));
        try {
            const file = path.join(dir, "compiled.ts");
            fs.writeFileSync(file, "changed on disk since");
            noteContentHash(file, Buffer.from("what was compiled first"));
            noteContentHash(file, Buffer.from("what was compiled"));
            const line = (text: string) =>
                `${path.relative(ROOT, file)} ${sha256(Buffer.from(text))}`;
            assert.strictEqual(modulesUnchanged(line("what was compiled")), true);
            assert.strictEqual(modulesUnchanged(line("changed on disk since")), false);
            assert.strictEqual(
                modulesUnchanged(line("what was compiled first")),
                false,
                "the latest read wins",
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("does not hold a list naming a changed, gone or foreign module, or no list at all", () => {
        const changed = `components/config/parse.ts ${"0".repeat(64)}`;
        const gone = `components/config/gone.ts ${"0".repeat(64)}`;
        const pkg = "node_modules/zod/package.json";
        const foreign = `${pkg} ${sha256(fs.readFileSync(path.join(ROOT, pkg)))}`;
        const outside = `../outside.ts ${"0".repeat(64)}`;
        for (const list of [changed, gone, foreign, outside, "no-hash", undefined, 42])
            assert.strictEqual(modulesUnchanged(list), false, String(list));
    });

    it("lists the folders of the modules, and the one above an index module", () => {
        const hash = "0".repeat(64);
        const text = [
            `components/config/parse.ts ${hash}`,
            `components/facts/aws/index.ts ${hash}`,
            `index.ts ${hash}`,
        ].join("\n");
        const folders = (moduleFolders(text) ?? "").split("\n").map(l => l.split(" ")[0]);
        assert.deepStrictEqual(folders, [
            ".",
            "components/config",
            "components/facts",
            "components/facts/aws",
        ]);
        assert.strictEqual(moduleFolders(`gone/x.ts ${hash}`), undefined, "an unreadable folder");
    });

    it("does not hold a folder list once a link in it points elsewhere", () => {
        const dir = fs.mkdtempSync(path.join(ROOT, "tmp-codeIdentity-"));
        try {
            fs.writeFileSync(path.join(dir, "a.ts"), "export {};\n");
            fs.writeFileSync(path.join(dir, "b.ts"), "export {};\n");
            fs.symlinkSync("a.ts", path.join(dir, "link.ts"));
            const modules = `${path.relative(ROOT, dir)}/a.ts ${"0".repeat(64)}`;
            const folders = inFreshProcess("moduleFolders", modules);
            fs.rmSync(path.join(dir, "link.ts"));
            fs.symlinkSync("b.ts", path.join(dir, "link.ts"));
            assert.strictEqual(inFreshProcess("foldersUnchanged", folders), "false");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("does not hold a folder list once a file is added beside a module (a .js found before the .ts)", () => {
        const dir = fs.mkdtempSync(path.join(ROOT, "tmp-codeIdentity-"));
        try {
            fs.writeFileSync(path.join(dir, "x.ts"), "export {};\n");
            const modules = `${path.relative(ROOT, dir)}/x.ts ${"0".repeat(64)}`;
            const folders = inFreshProcess("moduleFolders", modules);
            assert.strictEqual(inFreshProcess("foldersUnchanged", folders), "true");
            fs.writeFileSync(path.join(dir, "x.js"), "module.exports = {};\n");
            assert.strictEqual(inFreshProcess("foldersUnchanged", folders), "false");
            assert.strictEqual(foldersUnchanged(undefined), false);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
