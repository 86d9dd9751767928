/**
 * Config of the Detect engine choice and the `logs` engine (`detect.engine`, `detect.logs`), and
 * the checks that the behaviours in `detect.rules.behaviors` can be observed by the chosen engine.
 * The same behaviours drive either engine; what the `logs` engine cannot observe is an error that
 * names the metric, the engine and what it supports.
 */
import { z } from "zod";
import {
    CONFIDENCE_LEVELS,
    IOT_V2_LOGGING,
    LOG_RETENTION_DAYS,
    LOGS_ALARM_OPERATORS,
    LOGS_METRIC_NAMES,
    LOGS_METRICS,
    SIZE_RULE_OPERATORS,
} from "../facts";

/** `device-defender`: security profiles (accounts onboarded to Detect); `logs`: every account. */
export const DETECT_ENGINES = ["logs", "device-defender"] as const;
export type DetectEngine = (typeof DETECT_ENGINES)[number];
/** A new stack gets the engine every account can use. */
export const DEFAULT_DETECT_ENGINE: DetectEngine = "logs";

export const logsSettings = z.strictObject({
    /** IoT Core v2 logging default level; failures are logged at ERROR. */
    logLevel: z.enum(IOT_V2_LOGGING.stackLevels).default("ERROR"),
    /** Take over the account's existing IoT logging setting (restored on destroy). */
    adoptExisting: z.boolean().default(false),
    /** Opt-in: Publish-In/Publish-Out entries (needs logLevel INFO) and the message-size rule. */
    messageLevel: z.boolean().default(false),
    /** Retention of the stack's events log group (lifecycle events, oversized messages). */
    retentionDays: z
        .number()
        .int()
        .refine(v => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
            message: `must be one of ${LOG_RETENTION_DAYS.join(", ")}`,
        })
        .default(30),
    /** CloudWatch anomaly detection on IoT Core's message and connection metrics: the stand-in for ML Detect. */
    anomalyDetection: z
        .strictObject({
            enabled: z.boolean().default(true),
            /** HIGH = least sensitive (widest band), as ML Detect reads it. */
            confidenceLevel: z.enum(CONFIDENCE_LEVELS).default("HIGH"),
        })
        .prefault({}),
});
export type LogsSettings = z.output<typeof logsSettings>;

type Issue = { path: (string | number)[]; input: unknown; message: string };

/** The behaviour fields the engine check reads. */
interface BehaviorView {
    name: string;
    metric: string;
    operator: string;
    statistic?: string;
    dimension?: unknown;
    consecutiveDatapointsToClear?: number;
    suppressAlerts: boolean;
}

/** What a `logs` stack sets that the engine cannot honour, as issues relative to `detect`. */
export function logsEngineIssues(d: {
    behaviors: readonly BehaviorView[];
    logs: LogsSettings;
    customMetrics: readonly unknown[];
    dimensions: readonly unknown[];
    thingGroups: readonly string[];
}): Issue[] {
    const issues: Issue[] = [];
    const engine = "the logs engine";
    d.behaviors.forEach((b, i) => {
        const at = (...p: (string | number)[]) => ["rules", "behaviors", i, ...p];
        const fact = LOGS_METRICS[b.metric];
        if (!fact) {
            issues.push({
                path: at("metric"),
                input: b.metric,
                message: `cannot be observed by ${engine}; allowed: ${LOGS_METRIC_NAMES.join(", ")} (set detect.engine: device-defender for other metrics)`,
            });
            return;
        }
        if (fact.messageLevel && !d.logs.messageLevel)
            issues.push({
                path: at("metric"),
                input: b.metric,
                message: `needs message-level logs in ${engine}: set detect.logs.messageLevel: true (and logLevel INFO; see the README's cost), or remove the behaviour`,
            });
        const operators = Object.keys(
            fact.threshold === "per-message" ? SIZE_RULE_OPERATORS : LOGS_ALARM_OPERATORS,
        );
        if (!operators.includes(b.operator))
            issues.push({
                path: at("operator"),
                input: b.operator,
                message: `is not supported for ${b.metric} by ${engine} (it alarms on the top client's count); allowed: ${operators.join(", ")}`,
            });
        const unsupported: [keyof BehaviorView, boolean, string][] = [
            ["statistic", b.statistic !== undefined, "fleet percentiles need Device Defender"],
            ["dimension", b.dimension !== undefined, "topic dimensions need Device Defender"],
            [
                "consecutiveDatapointsToClear",
                b.consecutiveDatapointsToClear !== undefined,
                "a CloudWatch alarm clears on its next non-breaching evaluation",
            ],
            [
                "suppressAlerts",
                b.suppressAlerts,
                "every behaviour's alarm notifies the alert topic",
            ],
        ];
        for (const [field, set, why] of unsupported)
            if (set)
                issues.push({
                    path: at(field),
                    input: b[field],
                    message: `is not supported by ${engine} (${why}); remove it or set detect.engine: device-defender`,
                });
    });
    if (
        d.logs.messageLevel &&
        !(IOT_V2_LOGGING.messageLevels as readonly string[]).includes(d.logs.logLevel)
    )
        issues.push({
            path: ["logs", "logLevel"],
            input: d.logs.logLevel,
            message: `must be ${IOT_V2_LOGGING.messageLevels.join(" or ")} with detect.logs.messageLevel: true (successful Publish-In/Publish-Out entries are logged at INFO)`,
        });
    for (const [key, list] of [
        ["customMetrics", d.customMetrics],
        ["dimensions", d.dimensions],
    ] as const)
        if (list.length > 0)
            issues.push({
                path: [key],
                input: list.length,
                message: `are Device Defender Detect resources, which ${engine} does not use; remove them or set detect.engine: device-defender`,
            });
    if (d.thingGroups.length > 0)
        issues.push({
            path: ["targets", "thingGroups"],
            input: d.thingGroups,
            message: `cannot be targeted by ${engine}, which watches every client of the account; remove them or set detect.engine: device-defender`,
        });
    return issues;
}

/**
 * `detect.ml` written in a `logs` stack: ML Detect does not exist there. Checked on the raw input,
 * since `ml` has defaults that must not count as "set".
 */
export function mlWithLogsIssue(raw: unknown): Issue | undefined {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
    const d = raw as Record<string, unknown>;
    const engine = d.engine ?? DEFAULT_DETECT_ENGINE;
    if (engine !== "logs" || d.enabled === false || !("ml" in d)) return undefined;
    return {
        path: ["ml"],
        input: d.ml,
        message:
            "is Device Defender ML Detect, which the logs engine does not have: remove it and use detect.logs.anomalyDetection " +
            "(CloudWatch anomaly detection on IoT Core's message and connection metrics), or set detect.engine: device-defender",
    };
}

/**
 * The default behaviours of a `logs` stack without message-level logs: those of the recipe's four
 * that ERROR-level logs and lifecycle events can see (the message-count and message-size ones need
 * `detect.logs.messageLevel`). Other stacks default to all four. Applied to the raw input, so a
 * stack that lists its behaviours keeps them as written.
 */
export function withEngineDefaults(raw: unknown, recipe: readonly { metric: string }[]): unknown {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
    const d = raw as { engine?: unknown; logs?: { messageLevel?: unknown }; rules?: unknown };
    const logs = (d.engine ?? DEFAULT_DETECT_ENGINE) === "logs";
    const rules = d.rules ?? {};
    if (!logs || d.logs?.messageLevel === true || rules === null || typeof rules !== "object")
        return raw;
    if ("behaviors" in rules) return raw;
    return {
        ...d,
        rules: { ...rules, behaviors: recipe.filter(b => !LOGS_METRICS[b.metric]?.messageLevel) },
    };
}
