/**
 * Who may import whom (ARCHITECTURE.md): every TypeScript file's relative imports (static, `export
 * ... from`, `require`, dynamic and `typeof import`) checked against the layer rules.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

/** The layers, most specific first: a file belongs to the first whose test matches its path. */
const LAYERS = [
    ["facts", (p: string) => p.startsWith("components/facts/")],
    ["names", (p: string) => p === "components/inventory/names.ts"],
    ["inventory", (p: string) => p.startsWith("components/inventory/")],
    ["config", (p: string) => p.startsWith("components/config/")],
    ["aws", (p: string) => p.startsWith("components/aws/")],
    ["providers", (p: string) => p.startsWith("components/iot/")],
    ["components", (p: string) => p.startsWith("components/")],
    ["lambda", (p: string) => p.startsWith("lambda/")],
    ["policies", (p: string) => p.startsWith("policies/")],
    ["offline", (p: string) => p.startsWith("tools/offline/")],
    ["ops", (p: string) => p.startsWith("tools/ops/")],
    ["bench", (p: string) => p.startsWith("bench/")],
    ["test", (p: string) => p.startsWith("test/")],
    ["program", (p: string) => p === "index.ts"],
    ["loader", (p: string) => p.startsWith("loader/")],
] as const;
type Layer = (typeof LAYERS)[number][0];

/** Layer -> the layers it may import (besides its own). A file outside every layer fails. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
    // Facts stand alone: the policy pack ships them as they are.
    facts: [],
    // The naming rules import nothing, so config checks and the inventory share them.
    names: [],
    inventory: ["facts", "names", "config"],
    // The loader's cache keeps the stack files' parsed YAML between starts.
    config: ["facts", "names", "loader"],
    aws: ["facts"],
    // The serialized providers' cache lives beside the loader whose compiler its key names.
    providers: ["facts", "aws", "loader"],
    // The loader's cache keeps the responder's compiled code between program starts.
    components: ["facts", "names", "inventory", "config", "aws", "providers", "lambda", "loader"],
    // The responder is transpiled and shipped with only the facts it imports (standalone modules,
    // packed beside it by components/lambdaCode.ts): nothing else outside its folder exists there.
    lambda: ["facts"],
    policies: ["facts"],
    offline: ["facts", "names", "inventory", "config", "components", "providers", "policies"],
    // Ops act on a live account: no offline tooling, no tests, no benchmarks.
    ops: ["facts", "names", "inventory", "config", "aws"],
    bench: [
        "facts",
        "names",
        "inventory",
        "config",
        "aws",
        "providers",
        "components",
        "offline",
        "test",
    ],
    // Tests import anything but the benchmarks.
    test: [
        "facts",
        "names",
        "inventory",
        "config",
        "aws",
        "providers",
        "components",
        "lambda",
        "policies",
        "offline",
        "ops",
        "program",
        "loader",
    ],
    program: ["config", "components"],
    // Plain JavaScript run before any TypeScript: it imports nothing from the project.
    loader: [],
};

/**
 * Files allowed one import across the rules, and why. Providers tell the stack's own resources by
 * the ownership tag keys, which the component tags module defines; the providers' AWS session reads
 * the stack's credentials settings with the config's reader.
 */
const EXCEPTIONS: Readonly<Record<string, readonly string[]>> = {
    "components/iot/ownership.ts": ["components/tags.ts"],
    // The dynamic providers' configure reads the stack's aws: identity as the config does, so both
    // sides of a deployment use one identity.
    "components/aws/session.ts": ["components/config/identity.ts"],
};

function layerOf(file: string): Layer | undefined {
    return LAYERS.find(([, test]) => test(file))?.[0];
}

const IMPORT =
    /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)["'](\.{1,2}\/[^"']*|\.{1,2})["']|^\s*import\s*["'](\.{1,2}\/[^"']*)["']/gm;

/** The project files a source file's relative imports name (folders as their index.ts). */
function relativeImports(file: string, source: string, exists = fileExists): string[] {
    const found: string[] = [];
    for (const m of source.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2];
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        const candidates = [`${target}.ts`, `${target}/index.ts`, target];
        found.push(candidates.find(exists) ?? `${target}.ts`);
    }
    return found;
}

function fileExists(rel: string): boolean {
    const full = path.join(ROOT, rel);
    return fs.existsSync(full) && fs.statSync(full).isFile();
}

/** One line per import that breaks the rules: file, import, and what the file's layer may import. */
function importViolations(files: readonly { path: string; source: string }[]): string[] {
    const known = new Set(files.map(f => f.path));
    const problems: string[] = [];
    for (const file of files) {
        const from = layerOf(file.path);
        if (!from) {
            problems.push(`${file.path}: belongs to no layer; add it to LAYERS`);
            continue;
        }
        for (const target of relativeImports(file.path, file.source, p => known.has(p))) {
            const to = layerOf(target);
            if (to === from || (EXCEPTIONS[file.path] ?? []).includes(target)) continue;
            if (!to || !MAY_IMPORT[from].includes(to))
                problems.push(
                    `${file.path} (${from}) imports ${target} (${to ?? "no layer"}); ${from} may import ` +
                        `${MAY_IMPORT[from].join(", ") || "nothing from the project"}`,
                );
        }
    }
    return problems;
}

const SKIPPED = new Set(["node_modules", "dist", ".git", "bin"]);

function sourceFiles(dir = ""): { path: string; source: string }[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap(entry => {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sourceFiles(rel);
        return rel.endsWith(".ts") && !rel.endsWith(".d.ts")
            ? [{ path: rel, source: fs.readFileSync(path.join(ROOT, rel), "utf8") }]
            : [];
    });
}

describe("architecture: who may import whom", () => {
    it("finds every kind of relative import, folders as their index", () => {
        const files = new Set(["components/facts/index.ts", "components/tags.ts"]);
        assert.deepStrictEqual(
            relativeImports(
                "components/audit.ts",
                [
                    'import { A } from "./facts";',
                    'export { B } from "./tags";',
                    'const c = require("../lambda/responder/act");',
                    'type D = typeof import("./config/load");',
                    'import "./side-effect";',
                    'import * as aws from "@pulumi/aws";',
                ].join("\n"),
                p => files.has(p),
            ),
            [
                "components/facts/index.ts",
                "components/tags.ts",
                "lambda/responder/act.ts",
                "components/config/load.ts",
                "components/side-effect.ts",
            ],
        );
    });

    it("flags imports against the rules, naming the file, the import and what is allowed", () => {
        const files = [
            { path: "components/facts/aws/x.ts", source: 'import { y } from "../../tags";' },
            { path: "components/tags.ts", source: "" },
            { path: "components/detect.ts", source: 'import { t } from "../tools/ops/stack";' },
            { path: "tools/ops/stack.ts", source: 'import { b } from "../offline/build";' },
            { path: "tools/offline/build.ts", source: "" },
            { path: "test/x.spec.ts", source: 'import { l } from "../bench/layouts";' },
            { path: "bench/layouts.ts", source: 'import { h } from "../test/x.spec";' },
            {
                path: "lambda/responder/config.ts",
                source: 'import { f } from "../../components/tags";',
            },
            { path: "policies/rules/a.ts", source: 'import { s } from "../../components/tags";' },
            { path: "scripts/loose.ts", source: "" },
        ];
        assert.deepStrictEqual(importViolations(files), [
            "components/facts/aws/x.ts (facts) imports components/tags.ts (components); facts may import nothing from the project",
            "components/detect.ts (components) imports tools/ops/stack.ts (ops); components may import facts, names, inventory, config, aws, providers, lambda, loader",
            "tools/ops/stack.ts (ops) imports tools/offline/build.ts (offline); ops may import facts, names, inventory, config, aws",
            "test/x.spec.ts (test) imports bench/layouts.ts (bench); test may import facts, names, inventory, config, aws, providers, components, lambda, policies, offline, ops, program, loader",
            "lambda/responder/config.ts (lambda) imports components/tags.ts (components); lambda may import facts",
            "policies/rules/a.ts (policies) imports components/tags.ts (components); policies may import facts",
            "scripts/loose.ts: belongs to no layer; add it to LAYERS",
        ]);
    });

    it("holds for every TypeScript file of the project", () => {
        // This spec's examples are import lines in strings, not imports.
        const files = sourceFiles().filter(f => f.path !== "test/architecture.spec.ts");
        assert.ok(files.length > 100, `found only ${files.length} files`);
        assert.deepStrictEqual(importViolations(files), []);
    });
});
