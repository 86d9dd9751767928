/**
 * Builds a Lambda's code from TypeScript sources in the repo: each `.ts` file of the folder (tests
 * excluded) is transpiled to CommonJS and packed. The Node.js 22 runtime supplies the AWS SDK v3,
 * so the sources import only `@aws-sdk/*`, Node built-ins, each other and the project's facts
 * (standalone modules, packed beside them).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type * as typescript from "typescript";
import { cachedText } from "../loader/cache";

/** Standalone modules (they import nothing) a Lambda's sources may import: the project's facts. */
const FACTS_DIR = path.join(__dirname, "facts");
/** Where the facts a Lambda imports go in its package, beside the handler. */
const PACKED_FACTS = "facts";

/** How a Lambda's sources are compiled (the Node.js 22 runtime loads CommonJS). */
export const LAMBDA_COMPILER_OPTIONS = {
    module: "commonjs",
    target: "es2022",
    esModuleInterop: false,
    strict: true,
} as const;

/** The installed TypeScript's version, read without loading the compiler. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TYPESCRIPT_VERSION = (require("typescript/package.json") as { version: string }).version;

/** Transpiles one source with the `typescript` package (loaded on first use: about 0.35 s). */
function compile(file: string, source: string): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof typescript;
    const result = ts.transpileModule(source, {
        fileName: path.basename(file),
        reportDiagnostics: true,
        // transpileModule reads option values as tsconfig spells them ("commonjs").
        compilerOptions: LAMBDA_COMPILER_OPTIONS as unknown as typescript.CompilerOptions,
    });
    if (result.diagnostics?.length) {
        throw new Error(
            `cannot transpile ${path.basename(file)}: ${result.diagnostics.map(d => String(d.messageText)).join("; ")}`,
        );
    }
    return result.outputText;
}

/**
 * One source's JavaScript: the compiler's output, kept in the project's cache (`loader/cache.js`)
 * under a hash of the source, its name, the options and the compiler's version, so a program start
 * compiles only a changed source. `cache: false` always compiles (specs compare the two).
 */
export function transpileSource(file: string, cache = true): string {
    const source = fs.readFileSync(file, "utf8");
    if (!cache) return compile(file, source);
    const parts = [
        "lambda",
        TYPESCRIPT_VERSION,
        JSON.stringify(LAMBDA_COMPILER_OPTIONS),
        path.basename(file),
        source,
    ];
    return cachedText("lambda", parts, () => compile(file, source));
}

/**
 * The transpiled files of a folder: `name.js` -> source text. An import of the project's facts
 * (`../../components/facts/aws/limits`) is packed as `facts/aws/limits.js` and pointed there, so
 * the Lambda reads the same facts as the program; a fact module may import only other facts.
 */
export function transpileFolder(dir: string): Record<string, string> {
    const files = fs
        .readdirSync(dir)
        .filter(f => f.endsWith(".ts") && !f.endsWith(".spec.ts") && !f.endsWith(".d.ts"))
        .sort();
    if (files.length === 0) throw new Error(`no TypeScript sources in ${dir}`);
    const out: Record<string, string> = {};
    const pack = (source: string, packedDir: string, text: string): string =>
        text.replace(/require\("(\.{1,2}\/[^"]+)"\)/g, (call, spec: string) => {
            const target = path.resolve(path.dirname(source), spec);
            const inFacts = path.relative(FACTS_DIR, target);
            if (inFacts.startsWith("..") || path.isAbsolute(inFacts)) {
                if (packedDir !== ".")
                    throw new Error(`${source} imports ${spec}, outside the facts`);
                return call;
            }
            const file = fs.existsSync(`${target}.ts`)
                ? `${target}.ts`
                : path.join(target, "index.ts");
            const packed = path.posix.join(
                PACKED_FACTS,
                path.relative(FACTS_DIR, file).split(path.sep).join("/").replace(/\.ts$/, ".js"),
            );
            if (!(packed in out)) {
                out[packed] = "";
                out[packed] = pack(file, path.posix.dirname(packed), transpileSource(file));
            }
            const relative = path.posix.relative(packedDir, packed.replace(/\.js$/, ""));
            return `require("${relative.startsWith(".") ? relative : `./${relative}`}")`;
        });
    for (const f of files) {
        const source = path.join(dir, f);
        out[f.replace(/\.ts$/, ".js")] = pack(source, ".", transpileSource(source));
    }
    return out;
}

/**
 * A Lambda's package: the folder's transpiled files and `extraFiles` (name -> text, such as the
 * settings the program writes for the function). An extra file may not replace a transpiled one.
 */
export function lambdaFiles(
    dir: string,
    extraFiles: Readonly<Record<string, string>> = {},
): Record<string, string> {
    const files = transpileFolder(dir);
    const clashes = Object.keys(extraFiles).filter(name => name in files);
    if (clashes.length > 0)
        throw new Error(
            `the Lambda package of ${dir} already has ${clashes.join(", ")}: extra files need names of their own`,
        );
    return { ...files, ...extraFiles };
}

/** The package of `lambdaFiles` as Pulumi's archive of text assets. */
export function lambdaArchive(
    dir: string,
    extraFiles: Readonly<Record<string, string>> = {},
): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive(
        Object.fromEntries(
            Object.entries(lambdaFiles(dir, extraFiles)).map(([name, text]) => [
                name,
                new pulumi.asset.StringAsset(text),
            ]),
        ),
    );
}
