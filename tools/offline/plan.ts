/**
 * `npm run plan -- [stack] [--preview]`: builds a stack from `Pulumi.<stack>.yaml` under the offline
 * engine (no cloud, no Pulumi CLI) and prints the resource tree and the stack outputs.
 * Exits 1 with the config error when the stack's config is invalid.
 */
import { ConfigError } from "../../components/config/configError";
import { buildOffline, BuildOptions } from "./build";
import { renderTree } from "./tree";

export const DEFAULT_STACK = "dev";

/** Prints the plan through `print`; returns the exit code. `options` lets tests edit the stack's config. */
export async function plan(
    argv: readonly string[],
    print: (text: string) => void,
    options: BuildOptions = {},
): Promise<number> {
    const unknown = argv.filter(a => a.startsWith("-") && a !== "--preview");
    const stacks = argv.filter(a => !a.startsWith("-"));
    if (unknown.length > 0 || stacks.length > 1) {
        throw new Error(
            `unexpected argument ${[...unknown, ...stacks.slice(1)].join(" ")}; usage: npm run plan -- [stack] [--preview]`,
        );
    }
    const preview = argv.includes("--preview");
    const stack = stacks[0] ?? DEFAULT_STACK;
    // Nothing runs the dynamic providers here, and the plan never shows them: skip serializing them.
    const { engine, outputs } = await buildOffline(stack, {
        serializeProviders: false,
        ...options,
        preview,
    });
    print(
        `Offline plan of stack "${stack}"${preview ? " (preview: computed values unknown)" : ""}: ${engine.resources.length} resources\n`,
    );
    print(`Detect engine: ${detectEngines(outputs)}\n`);
    print(renderTree(engine.resources));
    print("\nOutputs:");
    const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
    for (const [k, v] of Object.entries(outputs)) {
        if (k !== "regions" || typeof v !== "object" || v === null) {
            print(`  ${k}: ${show(v)}`);
            continue;
        }
        // Each region's outputs under its name.
        print(`  ${k}:`);
        for (const [region, values] of Object.entries(v)) {
            print(`    ${region}:`);
            for (const [name, value] of Object.entries(values as object))
                print(`      ${name}: ${show(value)}`);
        }
    }
    return 0;
}

/** Each region's Detect engine: `logs` for a stack of one region, `eu-west-1 logs, us-east-1 ...` for several. */
function detectEngines(outputs: Record<string, unknown>): string {
    const regions = Object.entries(
        (outputs.regions ?? {}) as Record<string, { detectEngine?: string }>,
    );
    const engine = (o: { detectEngine?: string }) => o.detectEngine ?? "none (detect disabled)";
    return regions.length === 1
        ? engine(regions[0][1])
        : regions.map(([region, o]) => `${region} ${engine(o)}`).join(", ");
}

/** The one line a user sees for an error: config and stack-file errors are for them; a stack trace only with DEBUG. */
export function errorText(err: unknown): string {
    return err instanceof ConfigError || !process.env.DEBUG
        ? `error: ${(err as Error).message}`
        : String((err as Error).stack);
}

if (require.main === module) {
    plan(process.argv.slice(2), text => console.log(text)).then(
        code => process.exit(code),
        err => {
            console.error(errorText(err));
            process.exit(1);
        },
    );
}
