/**
 * The project's TypeScript loader (loader/): what it runs is what ts-node runs, a changed source
 * is never served from the cache, and the program Pulumi runs through it (main.js, the runtime's
 * TypeScript support off) records exactly the stacks it recorded under the runner's ts-node: what
 * gets deployed, dynamic providers' code included, does not depend on the loader.
 */
import * as assert from "assert";
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { tsNodeOutput, transpiled } from "../../loader/typescript";
import type { RecordedResource } from "../../tools/offline/engine";

const ROOT = path.join(__dirname, "..", "..");
const source = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/**
 * The resources a fresh process records running the program under the offline engine, loaded as
 * Pulumi's runner loads it: `main.js` (the runtime's TypeScript support off), or `index.ts` under
 * ts-node registered transpile-only, as the runner did with `typescript: true` and tsconfig's
 * `noCheck`. Fresh processes both: the providers' serialized code depends on which modules are
 * loaded (the SDK names a module it finds in require.cache), so a spec process would differ.
 */
function recorded(loadedBy: "main.js" | "ts-node", stack: string): Promise<RecordedResource[]> {
    const script = `
        const tsNode = process.argv[1] === "ts-node";
        if (tsNode) require("ts-node").register({ transpileOnly: true, project: "tsconfig.json" });
        else require("./loader/register");
        const { readStackConfig } = require("./components/config/stackFile");
        const { OfflineEngine } = require("./tools/offline/engine");
        (async () => {
            const file = readStackConfig(process.argv[2]);
            const engine = new OfflineEngine();
            await engine.install(file.project, process.argv[2], { ...file.values }, file.secretKeys);
            require(tsNode ? "./index.ts" : "./main.js");
            await engine.settle();
            // Exit once the pipe has taken it all.
            process.stdout.write(JSON.stringify(engine.resources), () => process.exit(0));
        })().catch(e => { console.error(e); process.exit(1); });`;
    return new Promise((resolve, reject) =>
        execFile(
            process.execPath,
            ["-e", script, loadedBy, stack],
            { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
            (err, stdout, stderr) =>
                err ? reject(new Error(stderr)) : resolve(JSON.parse(stdout)),
        ),
    );
}

const byUrn = (resources: readonly RecordedResource[]) =>
    [...resources].sort((a, b) => a.urn.localeCompare(b.urn));

describe("TypeScript loader (loader/)", () => {
    it("runs ts-node's transpile-only output for each file", () => {
        const components = fs
            .readdirSync(path.join(ROOT, "components"))
            .filter(f => f.endsWith(".ts"));
        for (const file of ["index.ts", ...components.map(f => `components/${f}`)]) {
            const full = path.join(ROOT, file);
            assert.strictEqual(transpiled(full, source(file)), tsNodeOutput(full, source(file)));
        }
    });

    it("compiles a changed source again instead of serving the cached one", () => {
        const full = path.join(ROOT, "components", "tags.ts");
        const before = transpiled(full, source("components/tags.ts"));
        const changed = transpiled(
            full,
            `${source("components/tags.ts")}\nexport const added = 42;\n`,
        );
        assert.doesNotMatch(before, /exports\.added = 42/);
        assert.match(changed, /exports\.added = 42/);
    });

    it("leaves stack traces as they were when it compiles a file (ts-node's source map support not installed)", () => {
        const file = path.join(__dirname, `compiled.${process.pid}.ts`);
        fs.writeFileSync(file, `export const compiledAt = ${Date.now()};\n`);
        const script = `const before = Error.prepareStackTrace;
            require(${JSON.stringify(file)});
            process.stdout.write(String(Error.prepareStackTrace === before));`;
        try {
            const same = execFileSync(
                process.execPath,
                ["-r", "./loader/register.js", "-e", script],
                {
                    cwd: ROOT,
                    encoding: "utf8",
                },
            );
            assert.strictEqual(same, "true");
        } finally {
            fs.rmSync(file, { force: true });
        }
    });

    it("is how Pulumi runs the program: main.js, with the runtime's own TypeScript support off", () => {
        const project = parse(source("Pulumi.yaml"));
        assert.strictEqual(project.main, "main.js");
        assert.strictEqual(project.runtime.options.typescript, false);
        assert.match(source("main.js"), /require\("\.\/loader\/register"\)/);
        assert.match(source("main.js"), /require\("\.\/index\.ts"\)/);
    });

    for (const stack of ["dev", "prod"]) {
        it(`records through main.js exactly the ${stack} stack the runner's ts-node records (providers' code included)`, async function () {
            this.timeout(180_000);
            const [viaMain, viaTsNode] = await Promise.all([
                recorded("main.js", stack),
                recorded("ts-node", stack),
            ]);
            assert.ok(viaMain.length > 40, "a whole stack was recorded");
            assert.ok(viaMain.some(r => String(r.inputs.__provider ?? "").length > 1000));
            assert.deepStrictEqual(byUrn(viaMain), byUrn(viaTsNode));
        });
    }
});
