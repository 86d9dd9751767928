/**
 * One benchmark sample of the program as `pulumi preview` loads it, in a fresh process started by
 * `bench/speed.ts` with plain `node` (no ts-node of ours): the TypeScript registration is done as
 * Pulumi's Node.js runner does it (`@pulumi/pulumi/cmd/run/run.js`, CommonJS branch): the same
 * `tsutils` calls, `transpileOnly` from PULUMI_NODEJS_TRANSPILE_ONLY or else tsconfig's `noCheck`,
 * the same ts-node options. Then, unlike the runner, the offline mocks stand in for the engine and
 * the program (`index.ts`) is required directly, not through `runInPulumiStack`; nothing is sent
 * over gRPC. `runnerLoad.js floor` loads the floor the same way instead: `@pulumi/pulumi` and
 * `@pulumi/aws` with one SNS topic, the least any program here costs. Prints `BENCH <json>`.
 *
 * Plain JavaScript on purpose: a TypeScript sample would need a TypeScript loader registered
 * before the runner's own.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const STACK = process.argv[2] || "dev";
const FLOOR = STACK === "floor";

async function main() {
    const start = performance.now();
    process.chdir(ROOT);
    // As run.js: tsconfig path, the project check, transpileOnly, the registration.
    const tsutils = require("@pulumi/pulumi/tsutils");
    const tsConfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json";
    const skipProject = !fs.existsSync(tsConfigPath);
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
    const env = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const transpileOnly = env ? env === "true" : compilerOptions.noCheck;
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    const ts = require(typescriptRequire);
    const major = Number(ts.version.split(".")[0]);
    const minor = Number(ts.version.split(".")[1]);
    const useNodeNext = major > 4 || (major === 4 && minor >= 7);
    require(tsnodeRequire).register({
        compiler: typescriptRequire,
        transpileOnly,
        project: tsConfigPath,
        skipProject,
        compilerOptions: {
            target: "ES2020",
            module: useNodeNext ? "nodenext" : "commonjs",
            moduleResolution: useNodeNext ? "nodenext" : "node",
            sourceMap: "true",
            ...compilerOptions,
        },
    });
    const registered = performance.now();

    // The engine's part, offline: the stack's config and the mocks.
    const { readStackConfig } = require("../components/config/stackFile");
    const { OfflineEngine } = require("../tools/offline/engine");
    const file = readStackConfig(FLOOR ? "dev" : STACK);
    const engine = new OfflineEngine({ preview: true });
    await engine.install(file.project, FLOOR ? "dev" : STACK, { ...file.values }, file.secretKeys);
    const mocked = performance.now();

    if (FLOOR) {
        require("@pulumi/pulumi");
        new (require("@pulumi/aws").sns.Topic)("floor-topic", {});
    } else require(path.join(ROOT, "index.ts"));
    await engine.settle();
    const end = performance.now();
    process.stdout.write(
        `BENCH ${JSON.stringify({
            kind: FLOOR ? "runner floor" : "runner",
            stack: STACK,
            transpileOnly: transpileOnly === true,
            resources: engine.resources.length,
            boot: start,
            register: registered - start,
            mocks: mocked - registered,
            program: end - mocked,
            total: end,
        })}\n`,
    );
}

main().then(
    () => process.exit(0),
    err => {
        console.error(err);
        process.exit(1);
    },
);
