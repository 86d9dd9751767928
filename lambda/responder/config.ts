/**
 * The responder's configuration, read from the environment the deploying component sets:
 *
 *   DRY_RUN                 "true" | "false"
 *   VIOLATION_RESPONSES     JSON { "<metric>": "quarantine" | "notify-only" }
 *   QUARANTINE_ACTION_NAME  physical name of the ADD_THINGS_TO_THING_GROUP mitigation action
 *                           (may be empty when no metric maps to quarantine)
 *   AUDIT_RESPONSES         JSON { "<CHECK_NAME>": ["<mitigation action name>", ... 1-5] }
 *   DEAD_LETTER_QUEUE_URL   SQS queue URL for messages the responder cannot handle
 *   SECURITY_PROFILES       JSON ["<security profile name>", ...]: the stack's Detect profiles in
 *                           this region (empty on a logs-engine or audit-only stack); a violation
 *                           of any other profile is not the stack's to act on
 *   INSIGHT_ALARMS, QUARANTINE_GROUP, ALERT_TOPIC_ARN: the logs engine's (insightConfig.ts)
 *   AWS_REGION              set by Lambda
 *
 * Nothing is defaulted: a missing or invalid variable makes the whole configuration invalid, and
 * the handler then sends every message to the dead-letter queue with the problems as the reason.
 */

import { LIMITS, NAME_RULES } from "../../components/facts/aws/limits";
import {
    type InsightEnvironment,
    type InsightSettings,
    readInsightSettings,
} from "./insightConfig";

export type ViolationResponse = "quarantine" | "notify-only";
export const VIOLATION_RESPONSES: readonly ViolationResponse[] = ["quarantine", "notify-only"];

export interface ResponderConfig extends InsightSettings {
    readonly dryRun: boolean;
    /** Metric -> response for violations entering alarm. */
    readonly violationResponses: Readonly<Record<string, ViolationResponse>>;
    /** Undefined when empty (no metric maps to quarantine then). */
    readonly quarantineActionName: string | undefined;
    /** Audit check -> mitigation action names (1-5). */
    readonly auditResponses: Readonly<Record<string, readonly string[]>>;
    readonly deadLetterQueueUrl: string;
    /** The stack's security profiles in this region: the only ones whose violations it acts on. */
    readonly securityProfiles: ReadonlySet<string>;
    readonly region: string;
}

/**
 * The outcome of reading the environment. When invalid, the dead-letter queue URL and region are
 * still returned if they themselves are usable, so messages can be dead-lettered.
 */
export type ConfigResult =
    | { readonly ok: true; readonly config: ResponderConfig }
    | {
          readonly ok: false;
          readonly problems: readonly string[];
          readonly deadLetterQueueUrl?: string;
          readonly region?: string;
      };

/** API pattern for mitigation action names. */
const ACTION_NAME = NAME_RULES.mitigationActionName.pattern;
/** At most this many actions in one mitigation task. */
const MAX_ACTIONS_PER_TASK = LIMITS.actionsPerMitigationTask;

/**
 * The environment the deploying component sets (components/remediation/responder.ts), one
 * variable per field: the component types its variables with this, so neither side can miss one.
 */
export type ResponderEnvironment<Value = string> = Readonly<
    Record<
        | "DRY_RUN"
        | "VIOLATION_RESPONSES"
        | "QUARANTINE_ACTION_NAME"
        | "AUDIT_RESPONSES"
        | "DEAD_LETTER_QUEUE_URL"
        | "SECURITY_PROFILES",
        Value
    > &
        InsightEnvironment<Value>
>;

/** What the Lambda reads: the component's variables (any may be missing) and Lambda's region. */
type Env = Readonly<Partial<ResponderEnvironment> & { AWS_REGION?: string }>;

export function readConfig(env: Env = process.env): ConfigResult {
    const problems: string[] = [];

    const dryRunRaw = env.DRY_RUN?.trim().toLowerCase();
    const dryRun = dryRunRaw === "true";
    if (dryRunRaw !== "true" && dryRunRaw !== "false") {
        problems.push(`DRY_RUN must be "true" or "false", got ${describe(env.DRY_RUN)}`);
    }

    const region = env.AWS_REGION?.trim() || undefined;
    if (!region) problems.push("AWS_REGION is missing");

    const deadLetterQueueUrl = queueUrl(env.DEAD_LETTER_QUEUE_URL, problems);

    const violationResponses: Record<string, ViolationResponse> = {};
    const violations = jsonObject("VIOLATION_RESPONSES", env.VIOLATION_RESPONSES, problems);
    if (violations) {
        for (const [metric, response] of Object.entries(violations)) {
            if (!metric) problems.push("VIOLATION_RESPONSES has an empty metric name");
            else if (!VIOLATION_RESPONSES.includes(response as ViolationResponse)) {
                problems.push(
                    `VIOLATION_RESPONSES["${metric}"] must be one of ${VIOLATION_RESPONSES.join(", ")}, got ${JSON.stringify(response)}`,
                );
            } else violationResponses[metric] = response as ViolationResponse;
        }
    }

    const quarantineActionName = env.QUARANTINE_ACTION_NAME?.trim() || undefined;
    if (quarantineActionName !== undefined && !ACTION_NAME.test(quarantineActionName)) {
        problems.push(
            `QUARANTINE_ACTION_NAME must be ${NAME_RULES.mitigationActionName.allowed}, got ${describe(quarantineActionName)}`,
        );
    }
    const quarantined = Object.keys(violationResponses).filter(
        m => violationResponses[m] === "quarantine",
    );
    if (quarantined.length > 0 && quarantineActionName === undefined) {
        problems.push(
            `QUARANTINE_ACTION_NAME is empty but VIOLATION_RESPONSES quarantines ${quarantined.join(", ")}`,
        );
    }

    const auditResponses: Record<string, readonly string[]> = {};
    const audits = jsonObject("AUDIT_RESPONSES", env.AUDIT_RESPONSES, problems);
    if (audits) {
        for (const [check, actions] of Object.entries(audits)) {
            if (!check) {
                problems.push("AUDIT_RESPONSES has an empty check name");
                continue;
            }
            if (
                !Array.isArray(actions) ||
                actions.length < 1 ||
                actions.length > MAX_ACTIONS_PER_TASK
            ) {
                problems.push(
                    `AUDIT_RESPONSES["${check}"] must be a list of 1-${MAX_ACTIONS_PER_TASK} mitigation action names`,
                );
                continue;
            }
            const bad = actions.filter(a => typeof a !== "string" || !ACTION_NAME.test(a));
            if (bad.length > 0) {
                problems.push(
                    `AUDIT_RESPONSES["${check}"] has invalid action names ${JSON.stringify(bad)} (${NAME_RULES.mitigationActionName.allowed})`,
                );
                continue;
            }
            auditResponses[check] = [...actions] as string[];
        }
    }

    const securityProfiles = profileNames(env.SECURITY_PROFILES, problems);
    const insights = readInsightSettings(env, problems);

    if (problems.length > 0 || !region || !deadLetterQueueUrl || !insights || !securityProfiles) {
        return { ok: false, problems, deadLetterQueueUrl, region };
    }
    return {
        ok: true,
        config: {
            dryRun,
            violationResponses,
            quarantineActionName,
            auditResponses,
            deadLetterQueueUrl,
            securityProfiles,
            region,
            ...insights,
        },
    };
}

/** SECURITY_PROFILES: a JSON list of security profile names (each once, as the API spells them). */
function profileNames(raw: string | undefined, problems: string[]): Set<string> | undefined {
    let value: unknown;
    try {
        value = JSON.parse(raw ?? "");
    } catch {
        problems.push("SECURITY_PROFILES is missing or not valid JSON");
        return undefined;
    }
    const { pattern, allowed } = NAME_RULES.securityProfileName;
    if (!Array.isArray(value) || value.some(n => typeof n !== "string" || !pattern.test(n))) {
        problems.push(
            `SECURITY_PROFILES must be a JSON list of security profile names (${allowed}), got ${describe(raw)}`,
        );
        return undefined;
    }
    return new Set(value as string[]);
}

function queueUrl(raw: string | undefined, problems: string[]): string | undefined {
    const value = raw?.trim();
    if (!value) {
        problems.push("DEAD_LETTER_QUEUE_URL is missing");
        return undefined;
    }
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        problems.push(`DEAD_LETTER_QUEUE_URL is not a URL: ${describe(value)}`);
        return undefined;
    }
    if (url.protocol !== "https:" || url.pathname.length <= 1) {
        problems.push(
            `DEAD_LETTER_QUEUE_URL must be an https SQS queue URL, got ${describe(value)}`,
        );
        return undefined;
    }
    return value;
}

function jsonObject(
    name: string,
    raw: string | undefined,
    problems: string[],
): Record<string, unknown> | undefined {
    if (raw === undefined || raw.trim() === "") {
        problems.push(`${name} is missing`);
        return undefined;
    }
    let value: unknown;
    try {
        value = JSON.parse(raw);
    } catch {
        problems.push(`${name} is not valid JSON`);
        return undefined;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        problems.push(`${name} must be a JSON object`);
        return undefined;
    }
    return value as Record<string, unknown>;
}

function describe(value: string | undefined): string {
    if (value === undefined) return "nothing";
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}
