/**
 * What AWS says that the `logs` Detect engine relies on, as data: AWS IoT Core v2 logging, lifecycle events, the
 * CloudWatch Contributor Insights rule syntax, and which Device
 * Defender metric the engine can observe and how. Read by config validation, the LogsDetect
 * component, the logging provider, the responder's deploy-time settings, the policy pack and ops.
 *
 * Sources (checked with the docs search; what could not be checked is marked ASSUMED):
 * - IoT log entries: developer guide "CloudWatch AWS IoT log entries" (cwl-format): every entry has
 *   `eventType`, `status` (Success | Failure), `clientId` for message broker events; event types
 *   Connect, Disconnect, Publish-In, Publish-Out, Subscribe; entries go to log group AWSIotLogsV2.
 * - Lifecycle events: developer guide "Lifecycle events": topics `$aws/events/presence/connected/<clientId>`
 *   and `.../disconnected/<clientId>`, payload fields `clientId`, `eventType` (connected |
 *   disconnected), `disconnectReason`; may arrive out of order or twice.
 * - Contributor Insights: CloudWatch user guide "Contributor Insights rule syntax": Schema
 *   {Name: CloudWatchLogRule, Version: 1}, LogGroupNames, LogFormat JSON, Contribution {Keys,
 *   Filters [{Match, In}]}, AggregateOn Count | Sum; API GetInsightRuleReport: MaxContributorValue is
 *   the top contributor's value per datapoint; rule definition at most 8192 ASCII characters.
 * - API model (aws-iot-api-model.json): GetV2LoggingOptions / SetV2LoggingOptions (roleArn,
 *   defaultLogLevel, disableAllLogs; NotConfiguredException when never set), LogLevel enum, the
 *   ThingName pattern.
 * - IoT Core's own metrics: ./iotCore.ts.
 */
import { CONFIDENCE_LEVELS, ConfidenceLevel } from "./detect";

/** IoT Core v2 logging: where entries go and the levels SetV2LoggingOptions takes (API enum LogLevel). */
export const IOT_V2_LOGGING = {
    logGroupName: "AWSIotLogsV2",
    levels: ["DEBUG", "INFO", "WARN", "ERROR", "DISABLED"],
    /** Levels a stack may set: DISABLED would blind the engine. */
    stackLevels: ["DEBUG", "INFO", "WARN", "ERROR"],
    /** Failures are logged at ERROR; successful Publish-In/Publish-Out only at INFO and DEBUG. */
    messageLevels: ["INFO", "DEBUG"],
    /** GetV2LoggingOptions' error for an account and region where logging was never set. */
    notConfigured: "NotConfiguredException",
} as const;
export type IotLogLevel = (typeof IOT_V2_LOGGING.levels)[number];
export type StackLogLevel = (typeof IOT_V2_LOGGING.stackLevels)[number];

/** Fields and values of IoT v2 log entries (message broker). Matching is case sensitive. */
export const IOT_LOG_ENTRY = {
    fields: {
        clientId: "$.clientId",
        eventType: "$.eventType",
        status: "$.status",
        reason: "$.reason",
    },
    eventTypes: {
        connect: "Connect",
        disconnect: "Disconnect",
        publishIn: "Publish-In",
        publishOut: "Publish-Out",
        subscribe: "Subscribe",
    },
    status: { success: "Success", failure: "Failure" },
    /**
     * ASSUMED (the wording; the guide's failure examples were not in the search excerpts):
     * authorization failures carry reason AUTHORIZATION_FAILURE.
     */
    authorizationFailure: "AUTHORIZATION_FAILURE",
} as const;

/** Lifecycle events published by IoT Core (cannot be disabled) and what their payload holds. */
export const LIFECYCLE_EVENTS = {
    /** One filter for both topics: `$aws/events/presence/connected/+` and `.../disconnected/+`. */
    topicFilter: "$aws/events/presence/+/+",
    topics: ["$aws/events/presence/connected/+", "$aws/events/presence/disconnected/+"],
    eventTypes: { connected: "connected", disconnected: "disconnected" },
} as const;

/** Contributor Insights rule syntax for CloudWatch Logs rules. */
export const CONTRIBUTOR_INSIGHTS = {
    schema: { Name: "CloudWatchLogRule", Version: 1 },
    logFormat: "JSON",
    aggregateOn: "Count",
    /** The per-datapoint value of the top contributor: the alarm's statistic. */
    topContributorMetric: "MaxContributorValue",
    definitionMax: 8192,
    ruleNameMax: 128,
    /** GetInsightRuleReport returns at most this many contributors. */
    reportMaxContributors: 100,
} as const;

/** The metric-math expression of a rule's top contributor value. */
export function insightRuleMetric(ruleName: string): string {
    return `INSIGHT_RULE_METRIC('${ruleName}', '${CONTRIBUTOR_INSIGHTS.topContributorMetric}')`;
}

/** The rule name an INSIGHT_RULE_METRIC expression names, or undefined. */
export function ruleOfInsightMetric(expression: string): string | undefined {
    return /INSIGHT_RULE_METRIC\(\s*'([^']+)'\s*,\s*'MaxContributorValue'\s*\)/.exec(
        expression,
    )?.[1];
}

/**
 * Band width (standard deviations) of ANOMALY_DETECTION_BAND per confidence level, read as ML
 * Detect reads it: HIGH is the least sensitive (widest band, fewest alarms).
 */
export const ANOMALY_BAND_WIDTH: Readonly<Record<ConfidenceLevel, number>> = {
    LOW: 1,
    MEDIUM: 2,
    HIGH: 3,
};
export const ANOMALY_CONFIDENCE_LEVELS = CONFIDENCE_LEVELS;

/**
 * Where the engine finds a metric's events: IoT Core's own log group, or the stack's events log
 * group (lifecycle events and the message-size rule's records, written by IoT rules).
 */
export type LogSource = "iot-logs" | "events";

/** Event type the message-size rule gives its records in the events log group. */
export const SIZE_EVENT_TYPE = "message-size";

/** How the `logs` engine observes one Device Defender metric. */
export interface LogsMetricFact {
    /** What is counted, for descriptions. */
    readonly counts: string;
    /** Log groups the Contributor Insights rule reads. */
    readonly sources: readonly LogSource[];
    /** Contribution filters (ANDed): field -> accepted values. */
    readonly filters: readonly { readonly Match: string; readonly In: readonly string[] }[];
    /** Needs Publish-In/Publish-Out entries (INFO logging) or the message-size rule: `detect.logs.messageLevel`. */
    readonly messageLevel: boolean;
    /**
     * "per-period": the behaviour's threshold compares the top client's count per period.
     * "per-message": the threshold is a per-message value (the size rule filters messages by it);
     * the alarm fires on any matching message.
     */
    readonly threshold: "per-period" | "per-message";
}

const { eventTypes: EVENT, status: STATUS, fields: FIELD } = IOT_LOG_ENTRY;

/** The Device Defender metrics the `logs` engine can observe, and how. Any other metric is a config error. */
export const LOGS_METRICS: Readonly<Record<string, LogsMetricFact>> = {
    "aws:num-authorization-failures": {
        counts: "authorization failures (Connect, Publish-In, Subscribe)",
        sources: ["iot-logs"],
        filters: [
            { Match: FIELD.eventType, In: [EVENT.connect, EVENT.publishIn, EVENT.subscribe] },
            { Match: FIELD.status, In: [STATUS.failure] },
            { Match: FIELD.reason, In: [IOT_LOG_ENTRY.authorizationFailure] },
        ],
        messageLevel: false,
        threshold: "per-period",
    },
    "aws:num-connection-attempts": {
        counts: "connection attempts (lifecycle connects and failed Connect entries)",
        sources: ["events", "iot-logs"],
        filters: [
            {
                Match: FIELD.eventType,
                In: [LIFECYCLE_EVENTS.eventTypes.connected, EVENT.connect],
            },
        ],
        messageLevel: false,
        threshold: "per-period",
    },
    "aws:num-disconnects": {
        counts: "disconnects (lifecycle events)",
        sources: ["events"],
        filters: [{ Match: FIELD.eventType, In: [LIFECYCLE_EVENTS.eventTypes.disconnected] }],
        messageLevel: false,
        threshold: "per-period",
    },
    "aws:num-messages-sent": {
        counts: "messages published (successful Publish-In entries, INFO)",
        sources: ["iot-logs"],
        filters: [
            { Match: FIELD.eventType, In: [EVENT.publishIn] },
            { Match: FIELD.status, In: [STATUS.success] },
        ],
        messageLevel: true,
        threshold: "per-period",
    },
    "aws:num-messages-received": {
        counts: "messages delivered (successful Publish-Out entries, INFO)",
        sources: ["iot-logs"],
        filters: [
            { Match: FIELD.eventType, In: [EVENT.publishOut] },
            { Match: FIELD.status, In: [STATUS.success] },
        ],
        messageLevel: true,
        threshold: "per-period",
    },
    "aws:message-byte-size": {
        counts: "messages past the size threshold (written by the message-size IoT rule)",
        sources: ["events"],
        // The component adds a filter on the behaviour's name: one size rule per behaviour.
        filters: [{ Match: FIELD.eventType, In: [SIZE_EVENT_TYPE] }],
        messageLevel: true,
        threshold: "per-message",
    },
};
export const LOGS_METRIC_NAMES: readonly string[] = Object.keys(LOGS_METRICS);

/** Operators the engine maps, with the CloudWatch operator of the alarm (per-period counts). */
export const LOGS_ALARM_OPERATORS: Readonly<Record<string, string>> = {
    "greater-than": "GreaterThanThreshold",
    "greater-than-equals": "GreaterThanOrEqualToThreshold",
};
/** Per-message (size) operators: the SQL comparison of the size rule. */
export const SIZE_RULE_OPERATORS: Readonly<Record<string, string>> = {
    "greater-than": ">",
    "greater-than-equals": ">=",
    "less-than": "<",
    "less-than-equals": "<=",
};
/** The period of behaviours without a duration (message size): Device Defender's datapoint. */
export const LOGS_DEFAULT_PERIOD_SECONDS = 300;

/**
 * The size rule's SQL. IoT SQL has no payload-size function; the base64 text of the payload is
 * 4 * ceil(bytes / 3) characters long, so `length(encode(*, 'base64')) * 3 / 4` is the size to
 * within 2 bytes (ASSUMED accuracy: padding is not subtracted).
 */
export function sizeRuleSql(behaviorName: string, operator: string, bytes: number): string {
    const op = SIZE_RULE_OPERATORS[operator];
    if (!op) throw new Error(`no size comparison for operator ${operator}`);
    const size = "length(encode(*, 'base64')) * 3 / 4";
    return (
        `SELECT clientid() AS clientId, topic() AS topic, ${size} AS sizeBytes, ` +
        `'${SIZE_EVENT_TYPE}' AS eventType, '${behaviorName}' AS behavior ` +
        `FROM '#' WHERE ${size} ${op} ${bytes}`
    );
}

/** The field the size rule's records name their behaviour in. */
export const SIZE_BEHAVIOR_FIELD = "$.behavior";

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
] as const;
