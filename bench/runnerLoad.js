/**
 * One benchmark sample of the program as `pulumi preview` loads it, in a fresh process started by
 * `bench/speed.ts` with plain `node` (no loader of ours): first what Pulumi's Node.js runner
 * (`@pulumi/pulumi/cmd/run/run.js`, CommonJS branch) does before loading a program, as the
 * project's `Pulumi.yaml` configures it: with the runtime option `typescript` (default true) the
 * same `tsutils` calls and ts-node registration (`transpileOnly` from PULUMI_NODEJS_TRANSPILE_ONLY
 * or else tsconfig's `noCheck`); with `typescript: false`, nothing. Then, unlike the runner, the
 * offline mocks stand in for the engine and the program (`main` in Pulumi.yaml) is required
 * directly, not through `runInPulumiStack`; nothing is sent over gRPC. `runnerLoad.js floor` loads
 * the floor the same way instead: `@pulumi/pulumi` and `@pulumi/aws` with one SNS topic, after the
 * same set-up the project's entry point does before its program (`main.js` registers
 * `loader/register.js`). Prints `BENCH <json>`.
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

/** As run.js with `typescript` on: tsconfig path, the project check, transpileOnly, ts-node. */
function registerTypeScript() {
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
    return transpileOnly === true;
}

async function main() {
    const start = performance.now();
    process.chdir(ROOT);
    const project = require("yaml").parse(fs.readFileSync("Pulumi.yaml", "utf8"));
    // The language host passes the option on; TypeScript support is on unless the project says false.
    const typeScript = project.runtime?.options?.typescript !== false;
    // Without the runner's ts-node, nothing type-checks: the project's loader transpiles only.
    const transpileOnly = typeScript ? registerTypeScript() : true;
    const registered = performance.now();

    // The engine's part, offline: the stack's config and the mocks (TypeScript: without the
    // runner's ts-node, through the loader the entry point registers anyway).
    if (!typeScript) require("../loader/register");
    const { readStackConfig } = require("../components/config/stackFile");
    const { OfflineEngine } = require("../tools/offline/engine");
    const file = readStackConfig(FLOOR ? "dev" : STACK);
    const engine = new OfflineEngine({ preview: true, protobufAnswers: true });
    await engine.install(file.project, FLOOR ? "dev" : STACK, { ...file.values }, file.secretKeys);
    const mocked = performance.now();

    if (FLOOR) {
        require("@pulumi/pulumi");
        new (require("@pulumi/aws").sns.Topic)("floor-topic", {});
    } else require(path.resolve(ROOT, project.main ?? "."));
    await engine.settle();
    const end = performance.now();
    process.stdout.write(
        `BENCH ${JSON.stringify({
            kind: FLOOR ? "runner floor" : "runner",
            stack: STACK,
            typeScript,
            transpileOnly,
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
