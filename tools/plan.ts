/**
 * `npm run plan -- [stack] [--preview]`: builds a stack from `Pulumi.<stack>.yaml` under the offline
 * engine (no cloud, no Pulumi CLI) and prints the resource tree and the stack outputs.
 * Exits 1 with the config error when the stack's config is invalid.
 */
import { ConfigError } from "../components/config/errors";
import { buildOffline } from "./build";
import { renderTree } from "./tree";

export const DEFAULT_STACK = "dev";

async function main(argv: string[]): Promise<number> {
    const preview = argv.includes("--preview");
    const stack = argv.find(a => !a.startsWith("--")) ?? DEFAULT_STACK;
    const { engine, outputs } = await buildOffline(stack, { preview });
    console.log(`Offline plan of stack "${stack}"${preview ? " (preview: computed values unknown)" : ""}: ${engine.resources.length} resources\n`);
    console.log(renderTree(engine.resources));
    console.log("\nOutputs:");
    for (const [k, v] of Object.entries(outputs)) console.log(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    return 0;
}

main(process.argv.slice(2)).then(code => process.exit(code), err => {
    // Config and stack-file errors are for the user; a stack trace only helps with DEBUG set.
    console.error(err instanceof ConfigError || !process.env.DEBUG ? `error: ${(err as Error).message}` : (err as Error).stack);
    process.exit(1);
});
