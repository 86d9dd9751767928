/**
 * The CrossGuard pack, offline: builds a stack from Pulumi.<stack>.yaml under the offline engine and
 * runs every policy on what it registers, with the levels and values of a policy pack config file.
 *
 *   npm run check -- <stack>|--all [--preview] [--config policies/policy-config.<stack>.json]
 *
 * A stack without its own `policies/policy-config.<stack>.json` is checked with the documented
 * default, `policies/policy-config.default.json`. Prints each violation (a mandatory one with how
 * to satisfy or reconfigure it) and a summary per stack; exits 1 on a mandatory violation, 2 on a
 * usage or config error.
 */
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../components/config/configError";
import { PROJECT_ROOT, stackNames } from "../../components/config/stackFile";
import { BuildOptions, buildOffline, OfflineBuild } from "./build";
import { PackConfigFile, PolicyConfigError, readPackConfig } from "./policyConfig";
import { evaluate, formatFinding, summary } from "./policyRunner";

const USAGE =
    "usage: npm run check -- <stack> [--preview] [--config <policy-pack-config.json>] (--all for every stack)";

/** The policy pack config of a stack without its own: every policy mandatory (policies/README.md). */
export const DEFAULT_POLICY_CONFIG = path.join("policies", "policy-config.default.json");

/** A stack's policy pack config file (relative to the project): its own, else the default. */
export function stackPolicyConfig(stack: string, root = PROJECT_ROOT): string {
    const own = path.join("policies", `policy-config.${stack}.json`);
    return fs.existsSync(path.join(root, own)) ? own : DEFAULT_POLICY_CONFIG;
}

export interface CheckOptions {
    /** One stack, or every stack of the project (`--all`). */
    readonly stacks: readonly string[];
    readonly preview: boolean;
    /** `--config`: one file for every stack, instead of each stack's own. */
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
        preview = false,
        all = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--preview") preview = true;
        else if (a === "--all" && stack === undefined) all = true;
        else if (a === "--config") configFile = configValue(argv[++i]);
        else if (a.startsWith("--config=")) configFile = configValue(a.slice("--config=".length));
        else if (!a.startsWith("-") && stack === undefined && !all) stack = a;
        else throw new Error(`unexpected argument ${a}\n${USAGE}`);
    }
    if (!stack && !all) throw new Error(USAGE);
    return { stacks: stack ? [stack] : stackNames(), preview, configFile };
}

/** Where the config comes from, and how to change it: the first line of a stack's check. */
function configLine(stack: string, file: string, given: boolean): string {
    if (given || file !== DEFAULT_POLICY_CONFIG) return `policy pack config: ${file}`;
    return (
        `policy pack config: ${file} (the default, every policy mandatory: there is no ` +
        `policies/policy-config.${stack}.json; add one to configure this stack's policies)`
    );
}

/** How to get past a mandatory violation: satisfy the rule, or reconfigure it for this stack. */
function mandatoryHint(policy: string, stack: string, file: string, given: boolean): string {
    const own = path.join("policies", `policy-config.${stack}.json`);
    const where = given || file !== DEFAULT_POLICY_CONFIG ? file : `a new ${own}`;
    return (
        `    to fix: change the stack as the message says; or, if this stack may differ, set ` +
        `"${policy}": "advisory" (or the policy's config keys, policies/README.md) in ${where}`
    );
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
        let code = 0;
        for (const stack of options.stacks) {
            const given = options.configFile !== undefined;
            const file = options.configFile ?? stackPolicyConfig(stack);
            const config: PackConfigFile = readPackConfig(
                given ? file : path.join(PROJECT_ROOT, file),
            );
            log(configLine(stack, file, given));
            const built = await build(stack, { preview: options.preview });
            const result = await evaluate(built.engine.resources, {
                config,
                preview: options.preview,
                stack,
            });
            for (const f of result.findings) {
                log(formatFinding(f));
                if (f.level === "mandatory") log(mandatoryHint(f.policy, stack, file, given));
            }
            log(summary(stack, result, options.preview));
            if (result.findings.some(f => f.level === "mandatory")) code = 1;
        }
        return code;
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
