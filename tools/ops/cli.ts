/**
 * `npm run ops -- <command> --stack <name> [--region r] [--json] ...`: Device Defender operations
 * for a deployed stack. Parses arguments, loads the stack's settings (and outputs, when the Pulumi
 * CLI is installed), wires real AWS clients and dispatches; the commands live in their own files.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { IoTClient } from "@aws-sdk/client-iot";
import { createInterface } from "readline/promises";
import { parseArgs } from "util";
import { Settings } from "../../components/config/load";
import { REGION_PATTERN, SEVERITIES, Severity } from "../../components/facts";
import { iotClient } from "../../components/aws/calls";
import { audit, AUDIT_DEFAULTS } from "./audit";
import { EXIT, OpsContext, StackTarget } from "./context";
import { drill, DRILL_DEFAULTS, DrillDeps } from "./drill/command";
import { describeError, UsageError } from "./errors";
import { parseDuration } from "./format";
import { inRegions, reportRegions, worstExit } from "./regions";
import {
    loadStackSettings,
    namesSourceNote,
    OutputsReading,
    pulumiOutputs,
    regionOutputsOf,
    regionSettingsOf,
    stackRegions,
    stackTarget,
} from "./stack";
import { verify } from "./verify";
import { violations } from "./violations";

export const USAGE = `usage: npm run ops -- <command> --stack <name> [--region <region>] [--json] [options]

commands:
  audit        start an on-demand audit of the stack's enabled checks, wait for it, print findings
               (stops first if the region's audit configuration does not enable those checks)
                 --checks <a,b>      only these checks (each must be enabled in the stack)
                 --interval <secs>   poll interval (default ${AUDIT_DEFAULTS.intervalSeconds}s; 30s, 1m also accepted)
                 --timeout <secs>    give up waiting after this long (default ${AUDIT_DEFAULTS.timeoutSeconds / 60}m)
                 --fail-on <sev>     exit 2 when unsuppressed findings at or above ${SEVERITIES.join("|")} exist
  violations   list active Detect violations of the stack's profiles; on a logs engine stack,
               each behaviour's current top contributors (client IDs) instead
                 --profile <name>    only this security profile
  verify       check the deployed setup against the stack's settings (PASS/FAIL/SKIP per check)
  drill        create a misbehaving test device, trip each behaviour, watch the stack react,
               clean up (needs drill.enabled: true in the stack; see README "Detection drill")
                 --yes               do not ask before creating anything
                 --dry-run           print what would be created and sent; no AWS writes
                 --cleanup           remove what earlier drills of the stack left behind
                 --timeout <secs>    give up watching after this long (default ${DRILL_DEFAULTS.timeoutSeconds / 60}m)
                 --interval <secs>   poll interval (default ${DRILL_DEFAULTS.intervalSeconds}s)

common options:
  --stack <name>   the stack (Pulumi.<name>.yaml), required
  --region <r>     one AWS region (default: every region of the stack, from its outputs or
                   Pulumi.<name>.yaml, a few at a time, each region's result under its name, then
                   a summary; exit code of the worst region; drill: the home region aws:region)
  --json           one JSON document on stdout (progress stays on stderr)
  -h, --help       this text

resource names come from \`pulumi stack output\` when the Pulumi CLI can give them, else from
Pulumi.<name>.yaml; a note on stderr says which.

exit codes:
  0  ok
  1  error; audit FAILED, CANCELED or timed out; audit COMPLETED but some checks failed or were
     canceled (their resources were not audited; this wins over 2); a FAIL in verify
  2  audit findings at or above --fail-on
  drill: 1 when anything expected did not happen within --timeout, on any error, on Ctrl-C`;

export const COMMANDS = ["audit", "violations", "verify", "drill"] as const;
export type Command = (typeof COMMANDS)[number];

export interface Invocation {
    readonly command: Command | "help";
    readonly stack: string;
    readonly region?: string;
    readonly json: boolean;
    readonly checks?: string[];
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly failOn?: Severity;
    readonly profile?: string;
    readonly yes: boolean;
    readonly dryRun: boolean;
    readonly cleanup: boolean;
}

/** The shape of an AWS region name (as the stack config accepts for aws:region). */

/** Options only some commands take. */
const COMMAND_OPTIONS: Readonly<Record<string, readonly Command[]>> = {
    checks: ["audit"],
    interval: ["audit", "drill"],
    timeout: ["audit", "drill"],
    "fail-on": ["audit"],
    profile: ["violations"],
    yes: ["drill"],
    "dry-run": ["drill"],
    cleanup: ["drill"],
};

/** The command line as an Invocation; throws UsageError on anything wrong. */
export function parseCommandLine(argv: readonly string[]): Invocation {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            allowPositionals: true,
            strict: true,
            options: {
                stack: { type: "string" },
                region: { type: "string" },
                json: { type: "boolean" },
                checks: { type: "string" },
                interval: { type: "string" },
                timeout: { type: "string" },
                "fail-on": { type: "string" },
                profile: { type: "string" },
                yes: { type: "boolean" },
                "dry-run": { type: "boolean" },
                cleanup: { type: "boolean" },
                help: { type: "boolean", short: "h" },
            },
        });
    } catch (err) {
        throw new UsageError((err as Error).message.split("\n")[0]);
    }
    const { values, positionals } = parsed;
    if (values.help || positionals[0] === "help")
        return {
            command: "help",
            stack: "",
            json: false,
            ...AUDIT_INTERVALS,
            yes: false,
            dryRun: false,
            cleanup: false,
        };
    const [command, ...extra] = positionals;
    if (!command) throw new UsageError("no command given");
    if (!(COMMANDS as readonly string[]).includes(command))
        throw new UsageError(`unknown command "${command}"; commands: ${COMMANDS.join(", ")}`);
    if (extra.length > 0)
        throw new UsageError(
            `unexpected argument${extra.length > 1 ? "s" : ""} ${extra.join(" ")}`,
        );
    for (const [option, owners] of Object.entries(COMMAND_OPTIONS)) {
        if (
            (values as Record<string, unknown>)[option] !== undefined &&
            !owners.includes(command as Command)
        ) {
            throw new UsageError(`--${option} applies to ${owners.join(" and ")}, not ${command}`);
        }
    }
    if (!values.stack) throw new UsageError("--stack <name> is required");
    if (values.region !== undefined && !REGION_PATTERN.test(values.region.trim())) {
        throw new UsageError(
            `--region must be an AWS region name like eu-west-1; got "${values.region}"`,
        );
    }
    const duration = (option: string, text: string | undefined, fallback: number) => {
        if (text === undefined) return fallback;
        const seconds = parseDuration(text);
        if (seconds === undefined)
            throw new UsageError(
                `--${option} must be a positive duration in seconds (or like 30s, 5m, 1h); got "${text}"`,
            );
        return seconds;
    };
    const defaults = command === "drill" ? DRILL_DEFAULTS : AUDIT_DEFAULTS;
    let failOn: Severity | undefined;
    if (values["fail-on"] !== undefined) {
        const sev = values["fail-on"].toUpperCase();
        if (!(SEVERITIES as readonly string[]).includes(sev)) {
            throw new UsageError(
                `--fail-on must be one of ${SEVERITIES.join(", ")}; got "${values["fail-on"]}"`,
            );
        }
        failOn = sev as Severity;
    }
    let checks: string[] | undefined;
    if (values.checks !== undefined) {
        checks = values.checks
            .split(",")
            .map(c => c.trim())
            .filter(Boolean);
        if (checks.length === 0) throw new UsageError("--checks needs at least one check name");
    }
    return {
        command: command as Command,
        stack: values.stack,
        region: values.region?.trim(),
        json: values.json === true,
        checks,
        intervalSeconds: duration("interval", values.interval, defaults.intervalSeconds),
        timeoutSeconds: duration("timeout", values.timeout, defaults.timeoutSeconds),
        failOn,
        profile: values.profile,
        yes: values.yes === true,
        dryRun: values["dry-run"] === true,
        cleanup: values.cleanup === true,
    };
}

const AUDIT_INTERVALS = {
    intervalSeconds: AUDIT_DEFAULTS.intervalSeconds,
    timeoutSeconds: AUDIT_DEFAULTS.timeoutSeconds,
};

/** Everything `run` needs from the outside world; tests pass mocks. */
export interface CliDeps {
    readonly out: (line: string) => void;
    readonly err: (line: string) => void;
    readonly now: () => Date;
    readonly sleep: (ms: number) => Promise<void>;
    readonly clients: (region: string) => { iot: IoTClient; cloudwatch: CloudWatchClient };
    /** The stack's outputs (`pulumi stack output`), or why there are none. */
    readonly outputs: (stack: string) => OutputsReading;
    readonly settings?: (stack: string) => Settings;
    /** What `drill` needs besides the IoT and CloudWatch clients. */
    readonly drill: (region: string) => DrillDeps;
}

/** Runs one command line; returns the exit code. Never throws. */
export async function run(argv: readonly string[], deps: CliDeps): Promise<number> {
    let invocation: Invocation;
    try {
        invocation = parseCommandLine(argv);
    } catch (err) {
        deps.err(`error: ${describeError(err)}`);
        deps.err(USAGE);
        return EXIT.error;
    }
    if (invocation.command === "help") {
        deps.out(USAGE);
        return EXIT.ok;
    }
    let settings: Settings;
    let reading: OutputsReading;
    try {
        settings = (deps.settings ?? loadStackSettings)(invocation.stack);
        reading = deps.outputs(invocation.stack);
    } catch (err) {
        deps.err(`error: ${describeError(err)}`);
        return EXIT.error;
    }
    const outputs = reading.outputs ?? {};
    // Every region of the stack, unless --region names one; a drill runs in one (the home region).
    const regions = invocation.region
        ? [invocation.region]
        : invocation.command === "drill"
          ? [settings.region]
          : stackRegions(settings, outputs);
    const inRegion = async (
        region: string,
        out: (line: string) => void,
        err: (line: string) => void,
    ): Promise<number> => {
        let ctx: OpsContext;
        let target: StackTarget;
        try {
            target = stackTarget(
                regionSettingsOf(settings, region),
                regionOutputsOf(outputs, region),
            );
            err(namesSourceNote(target, reading));
            ctx = { ...deps.clients(region), region, out, err, now: deps.now, sleep: deps.sleep };
        } catch (e) {
            err(`error: ${describeError(e)}`);
            return EXIT.error;
        }
        return command(invocation, ctx, target, deps);
    };
    if (regions.length === 1) return inRegion(regions[0], deps.out, deps.err);
    const runs = await inRegions(regions, (region, out) =>
        inRegion(region, out, line => deps.err(`[${region}] ${line}`)),
    );
    for (const line of reportRegions(runs, invocation.json)) deps.out(line);
    return worstExit(runs.map(r => r.code));
}

/** Runs the invoked command in one region. */
async function command(
    invocation: Invocation,
    ctx: OpsContext,
    target: StackTarget,
    deps: CliDeps,
): Promise<number> {
    switch (invocation.command) {
        case "audit":
            return audit(ctx, target, {
                checks: invocation.checks,
                intervalSeconds: invocation.intervalSeconds,
                timeoutSeconds: invocation.timeoutSeconds,
                failOn: invocation.failOn,
                json: invocation.json,
            });
        case "violations":
            return violations(ctx, target, { profile: invocation.profile, json: invocation.json });
        case "verify":
            return verify(ctx, target, { json: invocation.json });
        case "drill":
            return drill(ctx, target, invocation, deps.drill(ctx.region));
        case "help":
            return EXIT.ok;
    }
}

/** Every client a run opened (one set per region), destroyed when it ends. */
interface Opened {
    clients: { destroy(): void }[];
}

function realDeps(opened: Opened): CliDeps {
    return {
        out: line => process.stdout.write(`${line}\n`),
        err: line => process.stderr.write(`${line}\n`),
        now: () => new Date(),
        sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
        // SDK retries are off in both clients: callAws retries, with the same policy everywhere.
        clients: region => {
            const iot = iotClient(region);
            const cloudwatch = new CloudWatchClient({ region, maxAttempts: 1 });
            opened.clients.push(iot, cloudwatch);
            return { iot, cloudwatch };
        },
        outputs: stack => pulumiOutputs(stack),
        drill: region => {
            const logs = new CloudWatchLogsClient({ region, maxAttempts: 1 });
            opened.clients.push(logs);
            return {
                logs,
                confirm: askOnTerminal,
                onInterrupt: handler => {
                    process.on("SIGINT", handler);
                    return () => process.off("SIGINT", handler);
                },
            };
        },
    };
}

/** A yes/no question on the terminal; false without one (pass --yes in scripts). */
async function askOnTerminal(question: string): Promise<boolean> {
    if (!process.stdin.isTTY) {
        process.stderr.write(`${question} no terminal to answer: pass --yes\n`);
        return false;
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    // Ctrl-C at the prompt is a no (readline would otherwise only pause and leave it waiting).
    const ctrlC = new AbortController();
    rl.once("SIGINT", () => ctrlC.abort());
    try {
        const answer = await rl.question(`${question} [y/N] `, { signal: ctrlC.signal });
        return /^y(es)?$/i.test(answer.trim());
    } catch {
        return false;
    } finally {
        rl.close();
    }
}

if (require.main === module) {
    const opened: Opened = { clients: [] };
    run(process.argv.slice(2), realDeps(opened)).then(
        code => {
            for (const client of opened.clients) client.destroy();
            process.exitCode = code;
        },
        err => {
            process.stderr.write(`error: ${describeError(err)}\n`);
            process.exitCode = EXIT.error;
        },
    );
}
