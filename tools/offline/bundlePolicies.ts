/**
 * `npm run policy:bundle [-- <dir>]`: a self-contained copy of the policy pack, for
 * `pulumi policy publish <dir>` (default dir: dist/policy-pack).
 *
 * The rules read the program's facts from components/facts, a module that imports nothing from
 * the rest of the project. The bundle mirrors the repository's layout (policies/ and
 * components/facts/ side by side), so every file is copied as it is: the rules' imports resolve
 * the same way in the repository and in the bundle. Only the pack's manifest moves to the bundle's
 * root, with `main` pointing at policies/.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../components/config/stackFile";

export const DEFAULT_BUNDLE_DIR = path.join(PROJECT_ROOT, "dist", "policy-pack");
/** The folders the bundle carries, relative to the repository's root (and to the bundle's). */
export const PACK = "policies";
export const FACTS = path.join("components", "facts");
/** Files of the pack that describe the pack itself: they sit at the root of a published pack. */
const MANIFEST = ["PulumiPolicy.yaml", "package.json", "package-lock.json"];
/** Not part of a publish: installed packages, build output, and the tsconfig that extends the repository's. */
const SKIP = new Set(["node_modules", "bin", "tsconfig.json"]);

/** Every file under `dir` (relative to the repository's root), skipping what a publish leaves out. */
function filesUnder(dir: string): string[] {
    return fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap(entry => {
        if (SKIP.has(entry.name)) return [];
        const rel = path.join(dir, entry.name);
        return entry.isDirectory() ? filesUnder(rel) : [rel];
    });
}

/** The pack's package.json, run from the bundle's root: its entry point is policies/index.ts. */
function rootPackageJson(text: string): string {
    const pkg = JSON.parse(text);
    return (
        JSON.stringify({ ...pkg, main: path.posix.join(PACK, pkg.main ?? "index.ts") }, null, 2) +
        "\n"
    );
}

/** The pack's tsconfig extends the repository's; the bundle gets the settings themselves. */
function standaloneTsconfig(): string {
    const root = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "tsconfig.json"), "utf8"));
    const pack = JSON.parse(
        fs.readFileSync(path.join(PROJECT_ROOT, PACK, "tsconfig.json"), "utf8"),
    );
    const under = (dir: string, patterns: string[]) => patterns.map(p => path.posix.join(dir, p));
    return (
        JSON.stringify(
            {
                compilerOptions: { ...root.compilerOptions, ...pack.compilerOptions },
                include: [
                    ...under(PACK, pack.include),
                    `${FACTS.split(path.sep).join("/")}/**/*.ts`,
                ],
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
    for (const rel of [...filesUnder(PACK), ...filesUnder(FACTS)]) {
        const text = fs.readFileSync(path.join(PROJECT_ROOT, rel), "utf8");
        const name = path.relative(PACK, rel);
        if (!MANIFEST.includes(name)) write(rel, text);
        else write(name, name === "package.json" ? rootPackageJson(text) : text);
    }
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
