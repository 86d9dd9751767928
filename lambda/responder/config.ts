/**
 * The responder's configuration, from two places the deploying component fills:
 *
 * The environment (what AWS assigns at deploy, and the dry-run switch; small and bounded):
 *   DRY_RUN                 "true" | "false"
 *   DEAD_LETTER_QUEUE_URL   SQS queue URL for messages the responder cannot handle
 *   QUARANTINE_GROUP, ALERT_TOPIC_ARN: the logs engine's (insightConfig.ts)
 *   AWS_REGION              set by Lambda
 *
 * settings.json in the deployment package (settings.ts; what grows with the stack):
 *   VIOLATION_RESPONSES     { "<metric>": "quarantine" | "notify-only" }
 *   QUARANTINE_ACTION_NAME  physical name of the ADD_THINGS_TO_THING_GROUP mitigation action
 *                           (may be empty when no metric maps to quarantine)
 *   AUDIT_RESPONSES         { "<CHECK_NAME>": ["<mitigation action name>", ... 1-5] }
 *   SECURITY_PROFILES       ["<security profile name>", ...]: the stack's Detect profiles in this
 *                           region (empty on a logs-engine or audit-only stack); a violation of any
 *                           other profile is not the stack's to act on
 *   INSIGHT_ALARMS          the logs engine's alarms (insightConfig.ts)
 *
 * Nothing is defaulted: a missing or invalid setting makes the whole configuration invalid, and
 * the handler then sends every message to the dead-letter queue with the problems as the reason.
 */

import { LIMITS, NAME_RULES } from "../../components/facts/aws/limits";
import {
    type InsightAlarm,
    type InsightEnvironment,
    type InsightSettings,
    readInsightSettings,
} from "./insightConfig";
import { missing, packedSettings, type SettingsRead } from "./settings";
import {
    VIOLATION_RESPONSES,
    type ViolationResponse,
} from "../../components/facts/project/remediation";

export { VIOLATION_RESPONSES, type ViolationResponse };

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
    Record<"DRY_RUN" | "DEAD_LETTER_QUEUE_URL", Value> & InsightEnvironment<Value>
>;

/** The settings file the deploying component writes (settings.ts), one key per setting. */
export interface ResponderSettings {
    readonly VIOLATION_RESPONSES: Readonly<Record<string, ViolationResponse>>;
    readonly QUARANTINE_ACTION_NAME: string;
    readonly AUDIT_RESPONSES: Readonly<Record<string, readonly string[]>>;
    readonly SECURITY_PROFILES: readonly string[];
    readonly INSIGHT_ALARMS: Readonly<Record<string, InsightAlarm>>;
}

/** What the Lambda reads: the component's variables (any may be missing) and Lambda's region. */
type Env = Readonly<Partial<ResponderEnvironment> & { AWS_REGION?: string }>;

/** The file's values as read: any setting may be missing or of any shape. */
type FileValues = Readonly<Partial<Record<keyof ResponderSettings, unknown>>>;

export function readConfig(
    env: Env = process.env,
    settings: SettingsRead = packedSettings(),
): ConfigResult {
    const problems: string[] = [];
    if (!settings.ok) problems.push(settings.problem);
    // An unusable file is one problem, not one per setting it should hold.
    const file: FileValues | undefined = settings.ok ? settings.values : undefined;

    const dryRunRaw = env.DRY_RUN?.trim().toLowerCase();
    const dryRun = dryRunRaw === "true";
    if (dryRunRaw !== "true" && dryRunRaw !== "false") {
        problems.push(`DRY_RUN must be "true" or "false", got ${describe(env.DRY_RUN)}`);
    }

    const region = env.AWS_REGION?.trim() || undefined;
    if (!region) problems.push("AWS_REGION is missing");

    const deadLetterQueueUrl = queueUrl(env.DEAD_LETTER_QUEUE_URL, problems);

    const violationResponses: Record<string, ViolationResponse> = {};
    const violations = file && jsonObject("VIOLATION_RESPONSES", file, problems);
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

    const quarantineActionName = file && actionName(file.QUARANTINE_ACTION_NAME, problems);
    const quarantined = Object.keys(violationResponses).filter(
        m => violationResponses[m] === "quarantine",
    );
    if (file && quarantined.length > 0 && quarantineActionName === undefined) {
        problems.push(
            `QUARANTINE_ACTION_NAME is empty but VIOLATION_RESPONSES quarantines ${quarantined.join(", ")}`,
        );
    }

    const auditResponses: Record<string, readonly string[]> = {};
    const audits = file && jsonObject("AUDIT_RESPONSES", file, problems);
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

    const securityProfiles = file && profileNames(file.SECURITY_PROFILES, problems);
    const insights = readInsightSettings(env, file, problems);

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

/** QUARANTINE_ACTION_NAME: a mitigation action name, or empty (undefined) when none quarantines. */
function actionName(value: unknown, problems: string[]): string | undefined {
    if (value === undefined) {
        problems.push(missing("QUARANTINE_ACTION_NAME"));
        return undefined;
    }
    const name = typeof value === "string" ? value.trim() || undefined : value;
    if (name !== undefined && (typeof name !== "string" || !ACTION_NAME.test(name))) {
        problems.push(
            `QUARANTINE_ACTION_NAME must be ${NAME_RULES.mitigationActionName.allowed}, got ${describe(name)}`,
        );
        return undefined;
    }
    return name;
}

/** SECURITY_PROFILES: a list of security profile names (each once, as the API spells them). */
function profileNames(value: unknown, problems: string[]): Set<string> | undefined {
    if (value === undefined) {
        problems.push(missing("SECURITY_PROFILES"));
        return undefined;
    }
    const { pattern, allowed } = NAME_RULES.securityProfileName;
    if (!Array.isArray(value) || value.some(n => typeof n !== "string" || !pattern.test(n))) {
        problems.push(
            `SECURITY_PROFILES must be a JSON list of security profile names (${allowed}), got ${describe(value)}`,
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
    name: "VIOLATION_RESPONSES" | "AUDIT_RESPONSES",
    file: FileValues,
    problems: string[],
): Record<string, unknown> | undefined {
    const value = file[name];
    if (value === undefined) {
        problems.push(missing(name));
        return undefined;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        problems.push(`${name} must be a JSON object`);
        return undefined;
    }
    return value as Record<string, unknown>;
}

/** A value as a problem quotes it: JSON, at most 80 characters. */
function describe(value: unknown): string {
    if (value === undefined) return "nothing";
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}
