/**
 * Builds a Lambda's code from TypeScript sources in the repo: each `.ts` file of the folder (tests
 * excluded) is transpiled to CommonJS and packed. The Node.js 22 runtime supplies the AWS SDK v3,
 * so the sources import only `@aws-sdk/*`, Node built-ins and each other.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ModuleKind, ScriptTarget, transpileModule } from "typescript";

/** The transpiled files of a folder: `name.js` -> source text. */
export function transpileFolder(dir: string): Record<string, string> {
    const files = fs
        .readdirSync(dir)
        .filter(f => f.endsWith(".ts") && !f.endsWith(".spec.ts") && !f.endsWith(".d.ts"))
        .sort();
    if (files.length === 0) throw new Error(`no TypeScript sources in ${dir}`);
    return Object.fromEntries(
        files.map(f => {
            const result = transpileModule(fs.readFileSync(path.join(dir, f), "utf8"), {
                fileName: f,
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
                    `cannot transpile ${f}: ${result.diagnostics.map(d => String(d.messageText)).join("; ")}`,
                );
            }
            return [f.replace(/\.ts$/, ".js"), result.outputText];
        }),
    );
}

export function lambdaArchive(dir: string): pulumi.asset.AssetArchive {
    const files = transpileFolder(dir);
    return new pulumi.asset.AssetArchive(
        Object.fromEntries(
            Object.entries(files).map(([name, text]) => [name, new pulumi.asset.StringAsset(text)]),
        ),
    );
}
