/**
 * `npm run policy:bundle [-- <dir>]`: a self-contained copy of the policy pack, for
 * `pulumi policy publish <dir>` (default dir: dist/policy-pack).
 *
 * The rules read the program's Device Defender facts from components/facts.ts, the one source of
 * truth, so `--policy-pack policies` works from this repository but a published pack would lack
 * that file. The bundle carries a copy of it and points the rules' imports at the copy.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../components/config/stackFile";

export const DEFAULT_BUNDLE_DIR = path.join(PROJECT_ROOT, "dist", "policy-pack");
const PACK_DIR = path.join(PROJECT_ROOT, "policies");
const FACTS = path.join(PROJECT_ROOT, "components", "facts.ts");
/** The pack's own files; node_modules and build output are not part of a publish. */
const SKIP = new Set(["node_modules", "bin", "tsconfig.json"]);
/** How the rules import the facts today, and the bundle's name for the copy. */
const FACTS_IMPORT = /(from\s+")((?:\.\.\/)+)components\/facts(")/g;
export const BUNDLED_FACTS = "facts.ts";

/** Every file of the pack, relative to policies/. */
function packFiles(dir = PACK_DIR): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
        if (SKIP.has(entry.name)) return [];
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? packFiles(full) : [path.relative(PACK_DIR, full)];
    });
}

/** A .ts file's facts import, re-pointed at the bundled copy (the same depth inside the bundle). */
function rewriteImports(file: string, text: string): string {
    const toRoot = path.relative(path.dirname(file), ".") || ".";
    return text.replace(
        FACTS_IMPORT,
        (_m, head: string, _up: string, tail: string) =>
            `${head}${toRoot === "." ? "." : toRoot}/${BUNDLED_FACTS.replace(/\.ts$/, "")}${tail}`,
    );
}

/** The pack's tsconfig extends the repository's; the bundle gets the settings themselves. */
function standaloneTsconfig(): string {
    const root = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "tsconfig.json"), "utf8"));
    const pack = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "tsconfig.json"), "utf8"));
    return (
        JSON.stringify(
            {
                compilerOptions: { ...root.compilerOptions, ...pack.compilerOptions },
                include: [...pack.include, BUNDLED_FACTS],
                exclude: pack.exclude,
            },
            null,
            2,
        ) + "\n"
    );
}

/** Writes the bundle into `outDir` (emptied first) and returns the files written, relative to it. */
export function bundlePolicies(outDir: string = DEFAULT_BUNDLE_DIR): string[] {
    fs.rmSync(outDir, { recursive: true, force: true });
    const written: string[] = [];
    const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true });
        fs.writeFileSync(path.join(outDir, rel), text);
        written.push(rel);
    };
    for (const rel of packFiles()) {
        const text = fs.readFileSync(path.join(PACK_DIR, rel), "utf8");
        write(rel, rel.endsWith(".ts") ? rewriteImports(rel, text) : text);
    }
    write(BUNDLED_FACTS, fs.readFileSync(FACTS, "utf8"));
    write("tsconfig.json", standaloneTsconfig());
    return written.sort();
}

if (require.main === module) {
    const outDir = path.resolve(process.argv[2] ?? DEFAULT_BUNDLE_DIR);
    const files = bundlePolicies(outDir);
    console.log(
        `policy pack bundled into ${path.relative(process.cwd(), outDir) || "."} (${files.length} files); publish it with:\n` +
            `  cd ${path.relative(process.cwd(), outDir)} && npm ci && pulumi policy publish <org>`,
    );
}
