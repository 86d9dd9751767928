/**
 * The CrossGuard pack, offline: builds a stack from Pulumi.<stack>.yaml under the offline engine and
 * runs every policy on what it registers, with the levels and values of a policy pack config file.
 *
 *   npm run check -- <stack> [--preview] [--config policies/policy-config.<stack>.json]
 *
 * Prints each violation and a summary; exits 1 on a mandatory violation, 2 on a usage or config error.
 */
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../components/config/errors";
import { PROJECT_ROOT } from "../../components/config/stackFile";
import { BuildOptions, buildOffline, OfflineBuild } from "./build";
import {
    evaluate,
    formatFinding,
    PackConfigFile,
    PolicyConfigError,
    readPackConfig,
    summary,
} from "./policyRunner";

const USAGE = "usage: npm run check -- <stack> [--preview] [--config <policy-pack-config.json>]";

export function defaultConfigFile(stack: string, root = PROJECT_ROOT): string | undefined {
    const file = path.join(root, "policies", `policy-config.${stack}.json`);
    return fs.existsSync(file) ? file : undefined;
}

export interface CheckOptions {
    readonly stack: string;
    readonly preview: boolean;
    readonly configFile?: string;
}

/** The file after `--config`; a missing one is a usage error, never a silent fall back to the default file. */
function configValue(value: string | undefined): string {
    if (value === undefined || value === "" || value.startsWith("-")) {
        throw new Error(
            `--config needs a policy pack config file; got ${value === undefined ? "nothing" : JSON.stringify(value)}. ${USAGE}`,
        );
    }
    return value;
}

export function parseArgs(argv: readonly string[]): CheckOptions {
    let stack: string | undefined,
        configFile: string | undefined,
        preview = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--preview") preview = true;
        else if (a === "--config") configFile = configValue(argv[++i]);
        else if (a.startsWith("--config=")) configFile = configValue(a.slice("--config=".length));
        else if (!a.startsWith("-") && stack === undefined) stack = a;
        else throw new Error(`unexpected argument ${a}\n${USAGE}`);
    }
    if (!stack) throw new Error(USAGE);
    return { stack, preview, configFile: configFile ?? defaultConfigFile(stack) };
}

/** Builds a stack offline for the check (tests pass their own, e.g. one that adds a broken resource). */
export type StackBuilder = (stack: string, options: BuildOptions) => Promise<OfflineBuild>;

/** Runs the check and returns the exit code. */
export async function main(
    argv: readonly string[],
    log: (line: string) => void = console.log,
    build: StackBuilder = buildOffline,
): Promise<number> {
    let options: CheckOptions;
    try {
        options = parseArgs(argv);
    } catch (e) {
        log((e as Error).message);
        return 2;
    }
    try {
        const config: PackConfigFile = options.configFile ? readPackConfig(options.configFile) : {};
        log(
            `policy pack config: ${options.configFile ?? "(none: each policy's own level and defaults)"}`,
        );
        const built = await build(options.stack, { preview: options.preview });
        const result = await evaluate(built.engine.resources, {
            config,
            preview: options.preview,
            stack: options.stack,
        });
        for (const f of result.findings) log(formatFinding(f));
        log(summary(options.stack, result, options.preview));
        return result.findings.some(f => f.level === "mandatory") ? 1 : 0;
    } catch (e) {
        if (
            e instanceof PolicyConfigError ||
            e instanceof ConfigError ||
            e instanceof SyntaxError
        ) {
            log(e.message);
            return 2;
        }
        throw e;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        code => process.exit(code),
        e => {
            // e.g. an unknown stack: one line for the user; the stack trace only with DEBUG set.
            console.error(process.env.DEBUG ? e : `error: ${(e as Error).message}`);
            process.exit(2);
        },
    );
}
