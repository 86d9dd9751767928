/**
 * IoT Core's own CloudWatch metrics (namespace AWS/IoT), as data: the ones the stack alarms on
 * across the fleet (auth errors, throttles, rule failures) and the traffic the logs engine's
 * anomaly bands watch. Read by the config, the inventory, the FleetAlarms and LogsDetect
 * components, the dashboard and ops.
 *
 * Source: AWS IoT Core developer guide, "AWS IoT metrics and dimensions"
 * (https://docs.aws.amazon.com/iot/latest/developerguide/metrics_dimensions.html; checked with the
 * docs search, its source awsdocs/aws-iot-docs developer-guide/metrics_dimensions.md): message
 * broker metrics carry a Protocol dimension; rule metrics (ParseError, RuleMessageThrottled,
 * RuleNotFound, TopicMatch) a RuleName dimension; rule action metrics (Success, Failure) RuleName
 * and ActionType. Not offered as alarms: TopicMatch and Success (they count normal traffic, not
 * faults). Not offered because the guide's rule action table does not list it: ErrorActionFailure
 * (seen only in third-party code, so unconfirmed).
 */

/** IoT Core's namespace, the message broker's dimension, and the anomaly engine's traffic metrics. */
export const IOT_CORE_METRICS = {
    namespace: "AWS/IoT",
    protocolDimension: "Protocol",
    /** Anomaly detection watches the MQTT series (the Protocol dimension's value). */
    protocol: "MQTT",
    /** Anomaly-detection alarms: the stand-in for ML Detect. */
    anomaly: { messages: "PublishIn.Success", connections: "Connect.Success" },
} as const;

/** Which part of IoT Core publishes a fleet metric, as the guide groups them. */
export type FleetMetricSource = "message broker" | "rules" | "rule actions";

export interface FleetMetricFact {
    readonly source: FleetMetricSource;
    /** The dimensions AWS publishes it with (a fleet alarm sums over all of them). */
    readonly dimensions: readonly string[];
    /** What one count is, as the guide says it. */
    readonly counts: string;
}

/** IoT Core's fault metrics a fleet alarm may watch: any count is something going wrong. */
export const FLEET_METRICS = {
    "Connect.AuthError": {
        source: "message broker",
        dimensions: ["Protocol"],
        counts: "connection requests the message broker could not authorize",
    },
    "PublishIn.AuthError": {
        source: "message broker",
        dimensions: ["Protocol"],
        counts: "publish requests the message broker was unable to authorize",
    },
    "Subscribe.AuthError": {
        source: "message broker",
        dimensions: ["Protocol"],
        counts: "subscription requests made by a client that could not be authorized",
    },
    "PublishIn.Throttle": {
        source: "message broker",
        dimensions: ["Protocol"],
        counts: "publish requests throttled because the client exceeded the allowed inbound message rate",
    },
    ParseError: {
        source: "rules",
        dimensions: ["RuleName"],
        counts: "JSON parse errors in messages published on a topic a rule listens on",
    },
    RuleMessageThrottled: {
        source: "rules",
        dimensions: ["RuleName"],
        counts: "messages the rules engine throttled (malicious behaviour, or past its throttle limit)",
    },
    RuleNotFound: {
        source: "rules",
        dimensions: ["RuleName"],
        counts: "rules to be triggered that could not be found",
    },
    Failure: {
        source: "rule actions",
        dimensions: ["RuleName", "ActionType"],
        counts: "failed rule action invocations",
    },
} as const satisfies Readonly<Record<string, FleetMetricFact>>;
export type FleetMetric = keyof typeof FLEET_METRICS;
export const FLEET_METRIC_NAMES = Object.keys(FLEET_METRICS) as readonly FleetMetric[];

/** A fleet-wide total of an IoT Core metric (Metrics Insights sums it over every dimension). */
export function fleetMetricQuery(metric: string): string {
    return `SELECT SUM("${metric}") FROM "${IOT_CORE_METRICS.namespace}"`;
}
