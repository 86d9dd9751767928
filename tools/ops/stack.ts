/**
 * The stack an ops command works on: its validated settings from `Pulumi.<stack>.yaml` (with the
 * project defaults), its outputs from the Pulumi CLI when that is installed, and the names of what
 * it deployed: from the outputs when they list them, else from the stack's inventory
 * (`components/inventory`), as the components create them.
 */
import { execFileSync } from "child_process";
import type { RegionSettings, Settings } from "../../components/config/load";
import { parseSettings } from "../../components/config/parse";
import { PROJECT_ROOT, readStackConfig, stackNames } from "../../components/config/stackFile";
import { ALERT_TARGET_TYPE, roleArnProblem } from "../../components/facts";
import { Inventory, stackInventory } from "../../components/inventory";
import { NameOutput, ResourceNames, StackTarget } from "./context";
import { OpsError } from "./errors";

/** Settings of a stack; an unknown stack or invalid config is an error for the user. */
export function loadStackSettings(stack: string, root = PROJECT_ROOT): Settings {
    const known = stackNames(root);
    if (!known.includes(stack)) {
        throw new OpsError(
            `unknown stack "${stack}": there is no Pulumi.${stack}.yaml; stacks here: ${known.join(", ") || "none"}`,
        );
    }
    const file = readStackConfig(stack, root);
    return parseSettings(file.values, file);
}

/** What the Pulumi CLI gave for a stack: its outputs, or why there are none. */
export type OutputsReading =
    | { readonly outputs: Record<string, unknown>; readonly missing?: undefined }
    | { readonly outputs?: undefined; readonly missing: string };

/** Runs the Pulumi CLI with these arguments and returns its stdout; throws as `execFileSync` does. */
export type PulumiRunner = (args: readonly string[]) => string;

const runPulumi =
    (root: string): PulumiRunner =>
    args =>
        execFileSync("pulumi", [...args], {
            cwd: root,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
            timeout: 60_000,
        });

/**
 * `pulumi stack output --json --stack <stack>`. No outputs is normal where ops run without the CLI
 * (not installed), or where it cannot answer (no login, no such stack): `missing` says which.
 */
export function pulumiOutputs(
    stack: string,
    pulumi: PulumiRunner = runPulumi(PROJECT_ROOT),
): OutputsReading {
    let text: string;
    try {
        text = pulumi(["stack", "output", "--json", "--stack", stack]);
    } catch (err) {
        const e = err as { code?: string; stderr?: string; message?: string };
        if (e.code === "ENOENT") return { missing: "the Pulumi CLI is not installed" };
        return {
            missing: `pulumi stack output failed: ${(e.stderr || e.message || String(err)).trim().split("\n")[0]}`,
        };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return { missing: "pulumi stack output --json did not print JSON" };
    }
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
        ? { outputs: parsed as Record<string, unknown> }
        : { missing: "pulumi stack output --json did not print an object" };
}

/**
 * The regions a command runs in: those the stack outputs list (what is deployed), else those of
 * the stack file; a stack deployed before outputs were keyed by region gave its one `region`.
 */
export function stackRegions(
    settings: Settings,
    outputs: Readonly<Record<string, unknown>>,
): string[] {
    const deployed = outputs.regions;
    if (isObject(deployed) && Object.keys(deployed).length > 0) return Object.keys(deployed);
    if (deployed === undefined && typeof outputs.region === "string" && outputs.region)
        return [outputs.region];
    return settings.regions.map(r => r.region);
}

/** A region's settings; a region the stack file does not list gets the home region's (as `--region` always did). */
export function regionSettingsOf(settings: Settings, region: string): RegionSettings {
    return settings.regions.find(r => r.region === region) ?? settings;
}

/** A region's outputs (`regions.<region>`); outputs without `regions` are a one-region stack's, flat. */
export function regionOutputsOf(
    outputs: Readonly<Record<string, unknown>>,
    region: string,
): Record<string, unknown> {
    if (outputs.regions === undefined) return { ...outputs };
    const regions = outputs.regions;
    return isObject(regions) && isObject(regions[region]) ? { ...regions[region] } : {};
}

const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);

/** The target of a command in one region: its settings, their inventory, its outputs and the names they give. */
export function stackTarget(
    settings: RegionSettings,
    outputs: Readonly<Record<string, unknown>> = {},
): StackTarget {
    const inventory = stackInventory(settings);
    return { settings, inventory, outputs, names: resourceNames(inventory, outputs) };
}

function resourceNames(
    inventory: Inventory,
    outputs: Readonly<Record<string, unknown>>,
): ResourceNames {
    const derived = derivedNames(inventory);
    const fromSettings: NameOutput[] = [];
    const prefer = <T>(
        key: NameOutput,
        read: (value: unknown) => T | undefined,
        fallback: T,
    ): T => {
        const value = read(outputs[key]);
        if (value !== undefined) return value;
        if (!isEmpty(fallback)) fromSettings.push(key);
        return fallback;
    };
    return {
        securityProfiles: prefer("securityProfileNames", stringList, derived.securityProfiles),
        scheduledAudits: prefer("scheduledAuditNames", stringList, derived.scheduledAudits),
        alarms: prefer("alarmNames", stringList, derived.alarms),
        mitigationActions: prefer("mitigationActionNames", stringMap, derived.mitigationActions),
        // The queue's name is the last segment of its URL; the function's follows "function:" in its ARN.
        deadLetterQueue: prefer(
            "deadLetterQueueUrl",
            v => lastMatch(v, /^https:\/\/.+\/([^/]+)$/),
            derived.deadLetterQueue,
        ),
        responderFunction: prefer(
            "responderArn",
            v => lastMatch(v, /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/),
            derived.responderFunction,
        ),
        alertTopicArn: alertTopicArnFromOutputs(outputs),
        publisherRoleArn:
            roleArnProblem(outputs.publisherRoleArn) === undefined
                ? (outputs.publisherRoleArn as string)
                : undefined,
        fromSettings,
    };
}

/** The names the stack's inventory gives, in the order the program creates them (components/stack.ts). */
export function derivedNames(
    inventory: Inventory,
): Omit<ResourceNames, "fromSettings" | "alertTopicArn" | "publisherRoleArn"> {
    return {
        securityProfiles: inventory.securityProfiles.map(p => p.name),
        scheduledAudits: inventory.audit?.scheduledAudits.map(a => a.name) ?? [],
        alarms: inventory.alarms.map(a => a.name),
        mitigationActions: { ...inventory.remediation?.mitigationActions },
        deadLetterQueue: inventory.remediation?.deadLetterQueue,
        responderFunction: inventory.remediation?.responderFunction,
    };
}

const stringList = (v: unknown) =>
    Array.isArray(v) && v.every(x => typeof x === "string") ? (v as string[]) : undefined;
const stringMap = (v: unknown) =>
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every(x => typeof x === "string")
        ? (v as Record<string, string>)
        : undefined;
const isEmpty = (v: unknown) =>
    v === undefined ||
    (Array.isArray(v)
        ? v.length === 0
        : typeof v === "object" && v !== null && Object.keys(v).length === 0);
const lastMatch = (v: unknown, pattern: RegExp) =>
    typeof v === "string" ? pattern.exec(v)?.[1] : undefined;

/**
 * One line for stderr saying where the names come from: the stack outputs (and the names they
 * lacked), or the stack file and why there were no outputs.
 */
export function namesSourceNote(target: StackTarget, reading: OutputsReading): string {
    const file = `Pulumi.${target.settings.stack}.yaml`;
    if (!reading.outputs)
        return `note: resource names derived from ${file} (no stack outputs: ${reading.missing})`;
    const lacking = target.names.fromSettings;
    return (
        `note: resource names from the outputs of stack ${target.settings.stack}` +
        (lacking.length > 0
            ? `; not in the outputs, so derived from ${file}: ${lacking.join(", ")}`
            : "")
    );
}

/** The stack's alert topic ARN, when its outputs name one (`alertTopicArn` or the like). */
export function alertTopicArnFromOutputs(
    outputs: Readonly<Record<string, unknown>>,
): string | undefined {
    for (const [key, value] of Object.entries(outputs)) {
        if (/alert.*topic.*arn/i.test(key) && typeof value === "string" && value.startsWith("arn:"))
            return value;
    }
    return undefined;
}

/**
 * Why an SNS target ARN is not this stack's alert topic, or undefined when it is: the ARN from the
 * stack outputs when known, else a topic whose name starts with the stack's alert topic name
 * (Pulumi may add a suffix).
 */
export function notOurTopic(arn: string | undefined, target: StackTarget): string | undefined {
    if (!arn) return `no ${ALERT_TARGET_TYPE} target`;
    const expected = target.names.alertTopicArn;
    if (expected)
        return arn === expected
            ? undefined
            : `${ALERT_TARGET_TYPE} target is ${arn}, not the stack's alert topic ${expected}`;
    const topic = arn.split(":").pop() ?? "";
    const prefix = target.inventory.alertTopic;
    return topic.startsWith(prefix)
        ? undefined
        : `${ALERT_TARGET_TYPE} target is ${arn}, not a topic named ${prefix}*`;
}

/**
 * Why an SNS target's role cannot be the stack's publisher role, or undefined when it is: without
 * a role Device Defender cannot publish (the recipe's bug); the role from the stack outputs when
 * known, else any IAM role ARN.
 */
export function notOurRole(roleArn: string | undefined, target: StackTarget): string | undefined {
    if (!roleArn)
        return `no roleArn on the ${ALERT_TARGET_TYPE} target: Device Defender cannot publish`;
    const expected = target.names.publisherRoleArn;
    if (expected)
        return roleArn === expected
            ? undefined
            : `${ALERT_TARGET_TYPE} role is ${roleArn}, not the stack's publisher role ${expected}`;
    return roleArnProblem(roleArn) === undefined
        ? undefined
        : `${ALERT_TARGET_TYPE} role ${roleArn} is not an IAM role ARN`;
}
