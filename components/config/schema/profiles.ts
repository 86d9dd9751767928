/**
 * Security profiles (Device Defender engine): what every profile may add to its behaviours (metrics
 * to retain, metrics export), the ML Detect settings, and named profiles with their own targets
 * and alarm (`detect.profiles`). The checks between fields are in ../profileChecks.ts.
 */
import { z } from "zod";
import {
    CONFIDENCE_LEVELS,
    DESCRIPTION_MAX,
    LIMITS,
    MQTT_TOPIC_LENGTH,
    NAME_RULES,
    publishTopicProblems,
} from "../../facts";
import { DEFAULT_ML_METRICS, dimensionRef, ruleBehavior, targets } from "./behaviors";
import { alarm, datapoints, name, printable } from "./fields";

/** A metric whose data the profile keeps beyond its behaviours' (API: additionalMetricsToRetainV2). */
export const metricToRetain = z.strictObject({
    /** A built-in `aws:` metric or a custom metric declared under `detect.customMetrics`. */
    metric: z.string().min(1).max(NAME_RULES.customMetricName.max),
    /** Scope to a TOPIC_FILTER dimension declared under `detect.dimensions` (not on custom metrics). */
    dimension: dimensionRef.optional(),
    /** Include the metric in the profile's metrics export. */
    exportMetric: z.boolean().default(false),
});
export type MetricToRetainSetting = z.output<typeof metricToRetain>;

/** An MQTT topic Device Defender may publish to: no wildcards, within AWS IoT Core's broker limits. */
const publishTopic = z
    .string()
    .max(MQTT_TOPIC_LENGTH.max)
    .superRefine((topic, ctx) => {
        for (const p of publishTopicProblems(topic))
            ctx.addIssue({
                code: "custom",
                input: topic,
                message:
                    p.code === "empty"
                        ? "must name a topic"
                        : p.code === "wildcard"
                          ? `must not hold the wildcard ${p.wildcard}: a publish goes to one topic (wildcards are for subscriptions)`
                          : p.code === "null-character"
                            ? "must not hold the null character (U+0000)"
                            : p.code === "too-long"
                              ? `is ${p.bytes} bytes of UTF-8; AWS IoT Core takes topics of at most 256 bytes`
                              : p.code === "too-deep"
                                ? `has ${p.slashes} slashes; AWS IoT Core allows at most 7 (after a $aws/rules/<rule>/ prefix)`
                                : "is a reserved topic ($...); use your own topic or Basic Ingest ($aws/rules/<rule>/...)",
            });
    });

/** Where Device Defender publishes the profile's exported metrics; the stack creates the role. */
export const metricsExport = z.strictObject({ mqttTopic: publishTopic });
export type MetricsExportSetting = z.output<typeof metricsExport>;

/** What either form of profile may add to its behaviours. */
export const retention = {
    metricsToRetain: z.array(metricToRetain).default([]),
    metricsExport: metricsExport.optional(),
};

/** ML Detect settings of a profile. */
export const mlDetect = {
    /** HIGH = least sensitive, fewest alarms. */
    confidenceLevel: z.enum(CONFIDENCE_LEVELS).default("HIGH"),
    /** ML-capable metrics (built-in, or declared `number` custom metrics). */
    metrics: z.array(z.string()).min(1).max(LIMITS.behaviorsPerProfile).default(DEFAULT_ML_METRICS),
    consecutiveDatapointsToAlarm: datapoints.default(1),
    consecutiveDatapointsToClear: datapoints.default(1),
};
export const mlSettings = z.strictObject(mlDetect);
export type MlSettings = z.output<typeof mlSettings>;

/** A security profile of its own: rule behaviours or ML Detect, on its own targets, with its own alarm. */
export const namedProfile = z
    .strictObject({
        /** The profile's name in the stack: its physical name is `<namePrefix>-<environment>-<name>`. */
        name: name(NAME_RULES.securityProfileName),
        description: printable(DESCRIPTION_MAX).optional(),
        /** Rule-based behaviours (as detect.rules.behaviors); or `ml`, not both. */
        behaviors: z.array(ruleBehavior).min(1).max(LIMITS.behaviorsPerProfile).optional(),
        /** ML Detect on these metrics (as detect.ml); or `behaviors`, not both. */
        ml: mlSettings.optional(),
        targets,
        /** Alarm on the profile's Violations; detect.alarm when absent. */
        alarm: alarm.optional(),
        ...retention,
    })
    .superRefine((p, ctx) => {
        if ((p.behaviors === undefined) === (p.ml === undefined))
            ctx.addIssue({
                code: "custom",
                path: p.behaviors ? ["ml"] : [],
                input: p.name,
                message: `profile ${p.name} must set exactly one of behaviors (rule-based) or ml (ML Detect)`,
            });
    });
export type NamedProfileSetting = z.output<typeof namedProfile>;
