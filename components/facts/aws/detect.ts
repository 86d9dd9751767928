/** Detect behavior criteria as the API allows them: operators, durations, datapoints, statistics, ML. */
import { MetricValueKind } from "./metrics";

/** Comparison operators valid for each value kind (API enum ComparisonOperator). */
export const OPERATORS_BY_VALUE_KIND: Readonly<Record<MetricValueKind, readonly string[]>> = {
    count: ["less-than", "less-than-equals", "greater-than", "greater-than-equals"],
    number: ["less-than", "less-than-equals", "greater-than", "greater-than-equals"],
    cidrs: ["in-cidr-set", "not-in-cidr-set"],
    ports: ["in-port-set", "not-in-port-set"],
    numbers: ["in-set", "not-in-set"],
    strings: ["in-set", "not-in-set"],
};
export const COMPARISON_OPERATORS = [
    "less-than",
    "less-than-equals",
    "greater-than",
    "greater-than-equals",
    "in-cidr-set",
    "not-in-cidr-set",
    "in-port-set",
    "not-in-port-set",
    "in-set",
    "not-in-set",
] as const;

/** Valid `criteria.durationSeconds` values. */
export const DURATION_SECONDS = [300, 600, 900, 1800, 3600] as const;
export const CONSECUTIVE_DATAPOINTS = { min: 1, max: 10 } as const;
export const CONFIDENCE_LEVELS = ["LOW", "MEDIUM", "HIGH"] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];
/** API regex for statisticalThreshold.statistic. */
export const STATISTICS = [
    "p0",
    "p0.1",
    "p0.01",
    "p1",
    "p10",
    "p50",
    "p90",
    "p99",
    "p99.9",
    "p99.99",
    "p100",
] as const;
export const DIMENSION_OPERATORS = ["IN", "NOT_IN"] as const;
/** Metrics ML Detect can combine with a dimension. */
export const ML_DIMENSION_METRICS: readonly string[] = [
    "aws:num-authorization-failures",
    "aws:num-messages-received",
    "aws:num-messages-sent",
    "aws:message-byte-size",
];

/** Alert target and audit notification map key (the only value of the enum). */
export const ALERT_TARGET_TYPE = "SNS";
