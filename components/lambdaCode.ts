/**
 * Builds a Lambda's code from TypeScript sources in the repo: each `.ts` file of the folder (tests
 * excluded) is transpiled to CommonJS and packed. The Node.js 22 runtime supplies the AWS SDK v3,
 * so the sources import only `@aws-sdk/*`, Node built-ins, each other and the project's facts
 * (standalone modules, packed beside them).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ModuleKind, ScriptTarget, transpileModule } from "typescript";

/** Standalone modules (they import nothing) a Lambda's sources may import: the project's facts. */
const FACTS_DIR = path.join(__dirname, "facts");
/** Where the facts a Lambda imports go in its package, beside the handler. */
const PACKED_FACTS = "facts";

function transpile(file: string): string {
    const result = transpileModule(fs.readFileSync(file, "utf8"), {
        fileName: path.basename(file),
        reportDiagnostics: true,
        compilerOptions: {
            module: ModuleKind.CommonJS,
            target: ScriptTarget.ES2022,
            esModuleInterop: false,
            strict: true,
        },
    });
    if (result.diagnostics?.length) {
        throw new Error(
            `cannot transpile ${path.basename(file)}: ${result.diagnostics.map(d => String(d.messageText)).join("; ")}`,
        );
    }
    return result.outputText;
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
                out[packed] = pack(file, path.posix.dirname(packed), transpile(file));
            }
            const relative = path.posix.relative(packedDir, packed.replace(/\.js$/, ""));
            return `require("${relative.startsWith(".") ? relative : `./${relative}`}")`;
        });
    for (const f of files) {
        const source = path.join(dir, f);
        out[f.replace(/\.ts$/, ".js")] = pack(source, ".", transpile(source));
    }
    return out;
}

export function lambdaArchive(dir: string): pulumi.asset.AssetArchive {
    const files = transpileFolder(dir);
    return new pulumi.asset.AssetArchive(
        Object.fromEntries(
            Object.entries(files).map(([name, text]) => [name, new pulumi.asset.StringAsset(text)]),
        ),
    );
}
