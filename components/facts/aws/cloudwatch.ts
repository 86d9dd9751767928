/** CloudWatch metrics Device Defender publishes, and those remediation's alarms watch. */

/** Device Defender publishes to the AWS IoT namespace; `AWS/IoT/DeviceDefender` does not exist. */
export const CLOUDWATCH = {
    namespace: "AWS/IoT",
    metrics: {
        violations: "Violations",
        violationsCleared: "ViolationsCleared",
        violationsInvalidated: "ViolationsInvalidated",
        nonCompliantResources: "NonCompliantResources",
        resourcesEvaluated: "ResourcesEvaluated",
    },
    dimensions: {
        securityProfileName: "SecurityProfileName",
        behaviorName: "BehaviorName",
        checkName: "CheckName",
        scheduledAuditName: "ScheduledAuditName",
    },
    /** Detect metrics are evaluated on 5-minute datapoints. */
    detectPeriodSeconds: 300,
} as const;
export const DEVICE_DEFENDER_METRIC_NAMES: readonly string[] = Object.values(CLOUDWATCH.metrics);

/** What remediation's alarms watch: the dead-letter queue's depth and the responder's errors. */
export const REMEDIATION_ALARM_METRICS = {
    deadLetters: {
        namespace: "AWS/SQS",
        metric: "ApproximateNumberOfMessagesVisible",
        dimension: "QueueName",
    },
    responderErrors: { namespace: "AWS/Lambda", metric: "Errors", dimension: "FunctionName" },
} as const;

/**
 * An alarm on a Metrics Insights query evaluates only the latest 3 hours of data (CloudWatch user
 * guide, alarm "Limits": limits that apply to alarms based on Metrics Insights queries): its period
 * times its evaluation periods must fit in it.
 */
export const METRICS_INSIGHTS_ALARM_WINDOW_SECONDS = 3 * 60 * 60;

/**
 * How far back any alarm may look (Period × EvaluationPeriods), in seconds: PutMetricAlarm refuses
 * more than 7 days, or more than 1 day for a period under an hour (CloudWatch API reference,
 * PutMetricAlarm, Period).
 */
export const ALARM_EVALUATION_RANGE = {
    maxSeconds: 7 * 24 * 60 * 60,
    /** Periods under this many seconds may look back at most `shortMaxSeconds`. */
    shortPeriodSeconds: 60 * 60,
    shortMaxSeconds: 24 * 60 * 60,
} as const;

/** The most an alarm with this period may look back, in seconds. */
export function alarmRangeMaxSeconds(periodSeconds: number): number {
    const r = ALARM_EVALUATION_RANGE;
    return periodSeconds < r.shortPeriodSeconds ? r.shortMaxSeconds : r.maxSeconds;
}
