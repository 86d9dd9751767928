/**
 * The stack an ops command works on: its validated settings from `Pulumi.<stack>.yaml` (with the
 * project defaults), and its outputs from the Pulumi CLI when that is installed. Resource names
 * come from `components/names`, as the components create them.
 */
import { execFileSync } from "child_process";
import { parseSettings, Settings } from "../../components/config/load";
import { PROJECT_ROOT, readStackConfig, stackNames } from "../../components/config/stackFile";
import { ALERT_TARGET_TYPE } from "../../components/facts";
import { names } from "../../components/names";
import { OpsError } from "./errors";

/** Settings of a stack; an unknown stack or invalid config is an error for the user. */
export function loadStackSettings(stack: string, root = PROJECT_ROOT): Settings {
    const known = stackNames(root);
    if (!known.includes(stack)) {
        throw new OpsError(`unknown stack "${stack}": there is no Pulumi.${stack}.yaml; stacks here: ${known.join(", ") || "none"}`);
    }
    const file = readStackConfig(stack, root);
    return parseSettings(file.values, file);
}

/**
 * `pulumi stack output --json --stack <stack>`, or undefined when the Pulumi CLI is not installed
 * (normal where ops run without it) or cannot answer (no login, no such stack): `note` says why.
 */
export function pulumiOutputs(stack: string, note: (line: string) => void, root = PROJECT_ROOT): Record<string, unknown> | undefined {
    try {
        const text = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], {
            cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000,
        });
        const parsed = JSON.parse(text) as unknown;
        return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
    } catch (err) {
        const e = err as { code?: string; stderr?: string; message?: string };
        if (e.code === "ENOENT") return undefined;
        const why = (e.stderr || e.message || String(err)).trim().split("\n")[0];
        note(`note: no stack outputs from the Pulumi CLI (${why}); using names from the stack settings`);
        return undefined;
    }
}

/** The stack's alert topic ARN, when its outputs name one (`alertTopicArn` or the like). */
export function alertTopicArnFromOutputs(outputs: Readonly<Record<string, unknown>>): string | undefined {
    for (const [key, value] of Object.entries(outputs)) {
        if (/alert.*topic.*arn/i.test(key) && typeof value === "string" && value.startsWith("arn:")) return value;
    }
    return undefined;
}

/**
 * Why an SNS target ARN is not this stack's alert topic, or undefined when it is: the ARN from the
 * stack outputs when known, else a topic whose name starts with the stack's alert topic name
 * (Pulumi may add a suffix).
 */
export function notOurTopic(arn: string | undefined, settings: Settings, outputs: Readonly<Record<string, unknown>>): string | undefined {
    if (!arn) return `no ${ALERT_TARGET_TYPE} target`;
    const expected = alertTopicArnFromOutputs(outputs);
    if (expected) return arn === expected ? undefined : `${ALERT_TARGET_TYPE} target is ${arn}, not the stack's alert topic ${expected}`;
    const topic = arn.split(":").pop() ?? "";
    const prefix = names.alertTopic(settings);
    return topic.startsWith(prefix) ? undefined : `${ALERT_TARGET_TYPE} target is ${arn}, not a topic named ${prefix}*`;
}

/** The security profiles this stack deploys (none when Detect is off). */
export function expectedProfiles(settings: Settings): { name: string; kind: "rules" | "ml" }[] {
    if (!settings.detect.enabled) return [];
    const profiles: { name: string; kind: "rules" | "ml" }[] = [];
    if (settings.detect.rules.enabled) profiles.push({ name: names.ruleProfile(settings), kind: "rules" });
    if (settings.detect.ml.enabled) profiles.push({ name: names.mlProfile(settings), kind: "ml" });
    return profiles;
}
