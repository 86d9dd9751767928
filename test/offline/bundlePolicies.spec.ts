import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../components/config/stackFile";
import { allPolicies } from "../../policies/rules";
import { bundlePolicies } from "../../tools/offline/bundlePolicies";

describe("npm run policy:bundle (a self-contained pack for pulumi policy publish)", () => {
    // Inside the repository, so the bundle resolves @pulumi/policy from the project's node_modules.
    const outDir = path.join(PROJECT_ROOT, "dist", "policy-pack-under-test");
    let files: string[];
    before(() => {
        files = bundlePolicies(outDir);
    });
    after(() => fs.rmSync(outDir, { recursive: true, force: true }));

    it("holds the pack's files, the facts and a tsconfig of its own, in the repository's layout", () => {
        for (const f of [
            "PulumiPolicy.yaml",
            "package.json",
            "package-lock.json",
            "policies/index.ts",
            "policies/rules/index.ts",
            "policies/rules/detect.ts",
            "components/facts/index.ts",
            "tsconfig.json",
        ]) {
            assert.ok(files.includes(f), `bundle lacks ${f}`);
        }
        assert.ok(!files.some(f => f.split("/").includes("node_modules")));
        assert.strictEqual(
            JSON.parse(fs.readFileSync(path.join(outDir, "tsconfig.json"), "utf8")).extends,
            undefined,
        );
    });

    it("copies every source file as it is, imports included", () => {
        const sources = files.filter(f => f.endsWith(".ts"));
        assert.ok(sources.some(f => f.startsWith("components/facts/aws/")));
        for (const f of sources) {
            assert.strictEqual(
                fs.readFileSync(path.join(outDir, f), "utf8"),
                fs.readFileSync(path.join(PROJECT_ROOT, f), "utf8"),
                `${f} differs from the repository's`,
            );
        }
    });

    it("runs the pack from its root: package.json's main is policies/index.ts", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(outDir, "package.json"), "utf8"));
        assert.strictEqual(pkg.main, "policies/index.ts");
        assert.ok(files.includes(pkg.main));
    });

    it("imports nothing from outside itself", () => {
        for (const f of files.filter(x => x.endsWith(".ts"))) {
            const text = fs.readFileSync(path.join(outDir, f), "utf8");
            for (const [, spec] of text.matchAll(/from\s+"(\.[^"]+)"/g)) {
                const target = path.resolve(path.dirname(path.join(outDir, f)), spec);
                assert.ok(
                    target.startsWith(outDir + path.sep),
                    `${f} imports ${spec}, outside the bundle`,
                );
                assert.ok(
                    fs.existsSync(`${target}.ts`) || fs.existsSync(path.join(target, "index.ts")),
                    `${f} imports ${spec}, which the bundle lacks`,
                );
            }
        }
    });

    it("carries the same policies as the pack in the repository", () => {
        // The bundle is loaded as `pulumi policy publish` would, from its own folder.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const bundled = require(path.join(outDir, "policies", "rules")) as {
            allPolicies: typeof allPolicies;
        };
        assert.deepStrictEqual(
            bundled.allPolicies.map(p => p.name),
            allPolicies.map(p => p.name),
        );
    });

    it("type-checks on its own", () => {
        const tsc = path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
        execFileSync(
            process.execPath,
            [tsc, "--noEmit", "-p", path.join(outDir, "tsconfig.json")],
            { stdio: "pipe" },
        );
    });
});
