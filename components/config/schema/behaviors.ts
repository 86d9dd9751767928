/** What Detect watches and where: behaviours, their defaults, custom metrics, dimensions, targets. */
import { z } from "zod";
import {
    ALL_THINGS_TARGETS,
    COMPARISON_OPERATORS,
    CUSTOM_METRIC_TYPES,
    DIMENSION_OPERATORS,
    DIMENSION_VALUE_LENGTH,
    DISPLAY_NAME_MAX,
    LIMITS,
    NAME_RULES,
    STATISTICS,
} from "../../facts";
import { cidr, datapoints, duplicates, durationSeconds, name, port, printable } from "./fields";

/** A TOPIC_FILTER dimension declared under `detect.dimensions`, and how its topic filters apply. */
export const dimensionRef = z.strictObject({
    name: name(NAME_RULES.dimensionName),
    operator: z.enum(DIMENSION_OPERATORS).default("IN"),
});

/** A static or statistical rule in a rule-based profile. */
export const ruleBehavior = z.strictObject({
    /** Behavior name, unique in the profile. */
    name: name(NAME_RULES.behaviorName),
    /** A built-in `aws:` metric or a custom metric declared under `detect.customMetrics`. */
    metric: z.string().min(1).max(NAME_RULES.customMetricName.max),
    operator: z.enum(COMPARISON_OPERATORS),
    /** Numeric threshold (count metrics and `number` custom metrics). Mutually exclusive with `statistic`. */
    threshold: z.number().min(0).optional(),
    /** Statistical threshold (percentile across the fleet) instead of a fixed number. */
    statistic: z.enum(STATISTICS).optional(),
    cidrs: z.array(cidr).min(1).optional(),
    ports: z.array(port).min(1).optional(),
    numbers: z.array(z.number()).min(1).optional(),
    strings: z.array(z.string().min(1)).min(1).optional(),
    durationSeconds: durationSeconds.optional(),
    consecutiveDatapointsToAlarm: datapoints.optional(),
    consecutiveDatapointsToClear: datapoints.optional(),
    /** Scope the metric to MQTT topics with a TOPIC_FILTER dimension declared under `detect.dimensions`. */
    dimension: dimensionRef.optional(),
    /** Suppressed behaviors still evaluate but send nothing to SNS. Off by default, on purpose. */
    suppressAlerts: z.boolean().default(false),
    /** Include the behaviour's metric in the profile's metrics export (needs `metricsExport`). */
    exportMetric: z.boolean().optional(),
});
export type RuleBehavior = z.output<typeof ruleBehavior>;

/** The recipe's four behaviors: the defaults of the rule-based profile. */
export const DEFAULT_RULE_BEHAVIORS: z.input<typeof ruleBehavior>[] = [
    {
        name: "ExcessiveMessages",
        metric: "aws:num-messages-sent",
        operator: "greater-than",
        threshold: 100,
        durationSeconds: 300,
    },
    {
        name: "AuthorizationFailures",
        metric: "aws:num-authorization-failures",
        operator: "greater-than",
        threshold: 5,
        durationSeconds: 300,
    },
    {
        name: "LargeMessageSize",
        metric: "aws:message-byte-size",
        operator: "greater-than",
        threshold: 1024,
    },
    {
        name: "UnusualConnectionAttempts",
        metric: "aws:num-connection-attempts",
        operator: "greater-than",
        threshold: 20,
        durationSeconds: 300,
    },
];
/** The recipe's "ML" metrics, now with real ML Detect configuration. */
export const DEFAULT_ML_METRICS = [
    "aws:num-messages-received",
    "aws:num-messages-sent",
    "aws:num-connection-attempts",
    "aws:num-disconnects",
];

export const targets = z
    .strictObject({
        /** Attach to every thing of this kind (`registered-things`, `unregistered-things` or `things`). */
        allThings: z.enum(ALL_THINGS_TARGETS).optional(),
        /** Attach to these thing groups (names). */
        thingGroups: z.array(name(NAME_RULES.thingGroupName)).default([]),
    })
    .superRefine((t, ctx) => {
        if (!t.allThings && t.thingGroups.length === 0) {
            ctx.addIssue({
                code: "custom",
                path: [],
                input: t,
                message: `attach profiles to at least one target: set allThings (${ALL_THINGS_TARGETS.join(", ")}) or list thingGroups`,
            });
        }
        duplicates(t.thingGroups).forEach(d =>
            ctx.addIssue({
                code: "custom",
                path: ["thingGroups"],
                input: d,
                message: `lists ${d} twice`,
            }),
        );
    });

export const customMetric = z.strictObject({
    name: name(NAME_RULES.customMetricName).refine(n => !n.startsWith("aws:"), {
        message: 'must not start with "aws:"',
    }),
    type: z.enum(Object.keys(CUSTOM_METRIC_TYPES) as [keyof typeof CUSTOM_METRIC_TYPES]),
    displayName: printable(DISPLAY_NAME_MAX).optional(),
});
export type CustomMetricSetting = z.output<typeof customMetric>;

export const dimension = z.strictObject({
    name: name(NAME_RULES.dimensionName),
    /** MQTT topic filters; `+`, `#` and `${iot:ClientId}` are allowed. */
    topicFilters: z
        .array(z.string().min(DIMENSION_VALUE_LENGTH.min).max(DIMENSION_VALUE_LENGTH.max))
        .min(1)
        .max(LIMITS.dimensionValues),
});
export type DimensionSetting = z.output<typeof dimension>;
