/**
 * No TypeScript file over 400 lines: code, specs, tools, bench and policies alike, with no list of
 * exceptions. A file that grows past it holds more than one job; split it along its concerns.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const MAX_LINES = 400;
/** Folders that hold no source of the project: installed packages, build output, git, Pulumi's. */
const NOT_SOURCE = new Set(["node_modules", "dist", "bin", ".git", ".pulumi"]);

/** Every .ts file under `dir`, relative to the project's root. */
function tsFiles(dir = ""): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap(entry => {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) return NOT_SOURCE.has(entry.name) ? [] : tsFiles(rel);
        return entry.isFile() && entry.name.endsWith(".ts") ? [rel] : [];
    });
}

/** Lines as `wc -l` counts them: a last line without a newline counts too. */
function lineCount(text: string): number {
    if (text === "") return 0;
    return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** "file: N lines" for each file over the limit, longest first. */
function oversized(files: Record<string, string>): string[] {
    return Object.entries(files)
        .map(([file, text]) => ({ file, lines: lineCount(text) }))
        .filter(f => f.lines > MAX_LINES)
        .sort((a, b) => b.lines - a.lines)
        .map(f => `${f.file}: ${f.lines} lines`);
}

describe("file sizes", () => {
    it(`no TypeScript file of the project has more than ${MAX_LINES} lines`, () => {
        const files = tsFiles();
        assert.ok(files.length > 100, `found only ${files.length} .ts files under ${ROOT}`);
        for (const dir of ["components", "lambda", "policies", "tools", "bench", "test"])
            assert.ok(
                files.some(f => f.startsWith(`${dir}${path.sep}`)),
                `no .ts file found under ${dir}/`,
            );
        const texts = Object.fromEntries(
            files.map(f => [f, fs.readFileSync(path.join(ROOT, f), "utf8")]),
        );
        assert.deepStrictEqual(
            oversized(texts),
            [],
            `split these along their concerns (at most ${MAX_LINES} lines a file)`,
        );
    });

    it("counts lines as wc -l does and names each file over the limit, longest first", () => {
        const lines = (n: number, end = "\n") => "x\n".repeat(n - 1) + "x" + end;
        assert.strictEqual(lineCount(""), 0);
        assert.strictEqual(lineCount(lines(3)), 3);
        assert.strictEqual(lineCount(lines(3, "")), 3);
        assert.deepStrictEqual(
            oversized({
                "a.ts": lines(MAX_LINES),
                "b.ts": lines(MAX_LINES + 1),
                "c.ts": lines(MAX_LINES + 1, ""),
                "d.ts": lines(MAX_LINES + 7),
            }),
            [
                `d.ts: ${MAX_LINES + 7} lines`,
                `b.ts: ${MAX_LINES + 1} lines`,
                `c.ts: ${MAX_LINES + 1} lines`,
            ],
        );
    });
});
