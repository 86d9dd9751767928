/**
 * API-shaped validation of security profile behaviors and metrics to retain, used by the
 * SecurityProfile provider's `check`. Every rule comes from the facts; values not known yet (the
 * preview sentinel) are skipped wherever they appear.
 */
import {
    CIDR,
    CONFIDENCE_LEVELS,
    CONSECUTIVE_DATAPOINTS,
    CUSTOM_METRIC_TYPES,
    DIMENSION_OPERATORS,
    DURATION_SECONDS,
    LIMITS,
    METRICS,
    ML_DIMENSION_METRICS,
    MetricFact,
    MetricValueKind,
    NAME_RULES,
    OPERATORS_BY_VALUE_KIND,
    PORT_RANGE,
    STATISTICS,
} from "../facts";
import { CheckFailure, isObject, UNKNOWN } from "./kit";

/** The `criteria.value` fields, one per value kind. */
const VALUE_FIELD: Readonly<Record<MetricValueKind, string>> = {
    count: "count",
    cidrs: "cidrs",
    ports: "ports",
    number: "number",
    numbers: "numbers",
    strings: "strings",
};
/** Value kinds a custom metric can have (from its type). */
const CUSTOM_KINDS: readonly MetricValueKind[] = [...new Set(Object.values(CUSTOM_METRIC_TYPES))];

const fail = (property: string, reason: string): CheckFailure => ({ property, reason });

/** Built-in metric facts, or undefined for a custom metric name. */
export function builtInMetric(metric: string): MetricFact | undefined {
    return Object.prototype.hasOwnProperty.call(METRICS, metric) ? METRICS[metric] : undefined;
}

/** Checks a metric name: a built-in metric, or a custom metric name (which cannot start with "aws:"). */
export function checkMetricName(metric: unknown, property: string): CheckFailure[] {
    if (metric === UNKNOWN) return [];
    if (typeof metric !== "string" || metric.length === 0)
        return [
            fail(
                property,
                `${property} is required: a built-in metric (aws:...) or a custom metric name`,
            ),
        ];
    if (builtInMetric(metric)) return [];
    if (metric.startsWith("aws:")) {
        return [
            fail(
                property,
                `${property} ${JSON.stringify(metric)} is not a Device Defender metric; built-in metrics are ${Object.keys(METRICS).join(", ")}`,
            ),
        ];
    }
    if (!NAME_RULES.customMetricName.pattern.test(metric)) {
        return [
            fail(
                property,
                `${property} ${JSON.stringify(metric)} is not a valid custom metric name (${NAME_RULES.customMetricName.allowed})`,
            ),
        ];
    }
    return [];
}

function checkMetricDimension(
    dim: unknown,
    metric: unknown,
    ml: boolean,
    property: string,
): CheckFailure[] {
    if (dim === undefined || dim === UNKNOWN) return [];
    if (!isObject(dim)) return [fail(property, `${property} must be {dimensionName, operator}`)];
    const failures: CheckFailure[] = [];
    const name = dim.dimensionName;
    if (
        name !== UNKNOWN &&
        (typeof name !== "string" || !NAME_RULES.dimensionName.pattern.test(name))
    ) {
        failures.push(
            fail(
                `${property}.dimensionName`,
                `${property}.dimensionName must be ${NAME_RULES.dimensionName.allowed}; got ${JSON.stringify(name)}`,
            ),
        );
    }
    const op = dim.operator;
    if (
        op !== undefined &&
        op !== UNKNOWN &&
        !(DIMENSION_OPERATORS as readonly unknown[]).includes(op)
    ) {
        failures.push(
            fail(
                `${property}.operator`,
                `${property}.operator must be one of ${DIMENSION_OPERATORS.join(", ")}; got ${JSON.stringify(op)}`,
            ),
        );
    }
    if (typeof metric === "string" && metric !== UNKNOWN) {
        const fact = builtInMetric(metric);
        if (!fact && !metric.startsWith("aws:")) {
            failures.push(
                fail(
                    property,
                    `${property}: dimensions cannot be used with custom metric ${metric}`,
                ),
            );
        } else if (fact && !fact.dimensionCapable) {
            failures.push(
                fail(property, `${property}: metric ${metric} cannot be scoped with a dimension`),
            );
        } else if (fact && ml && !ML_DIMENSION_METRICS.includes(metric)) {
            failures.push(
                fail(
                    property,
                    `${property}: ML Detect supports dimensions only with ${ML_DIMENSION_METRICS.join(", ")}`,
                ),
            );
        }
    }
    return failures;
}

/** Checks `criteria.value` against a value kind: exactly the field of that kind, with valid contents. */
function checkValue(
    value: Record<string, unknown>,
    kind: MetricValueKind,
    property: string,
): CheckFailure[] {
    const field = VALUE_FIELD[kind];
    const failures: CheckFailure[] = [];
    const others = Object.keys(value).filter(k => k !== field && value[k] !== undefined);
    if (others.length > 0)
        failures.push(
            fail(
                property,
                `${property} must hold only \`${field}\` for this metric; got ${others.join(", ")}`,
            ),
        );
    const v = value[field];
    if (v === UNKNOWN) return failures;
    if (v === undefined)
        return [
            ...failures,
            fail(`${property}.${field}`, `${property}.${field} is required for this metric`),
        ];
    const at = `${property}.${field}`;
    const each = (ok: (x: unknown) => boolean, what: string) => {
        if (!Array.isArray(v)) failures.push(fail(at, `${at} must be a list of ${what}`));
        else
            v.forEach((x, i) => {
                if (x !== UNKNOWN && !ok(x))
                    failures.push(
                        fail(
                            `${at}[${i}]`,
                            `${at}[${i}] must be ${what}; got ${JSON.stringify(x)}`,
                        ),
                    );
            });
    };
    switch (kind) {
        case "count":
            if (!Number.isInteger(v) || (v as number) < 0)
                failures.push(fail(at, `${at} must be an integer >= 0; got ${JSON.stringify(v)}`));
            break;
        case "number":
            if (typeof v !== "number" || !Number.isFinite(v))
                failures.push(fail(at, `${at} must be a number; got ${JSON.stringify(v)}`));
            break;
        case "cidrs":
            each(
                x => typeof x === "string" && CIDR.pattern.test(x),
                `CIDRs (${CIDR.min}-${CIDR.max} characters of [${CIDR.chars}])`,
            );
            break;
        case "ports":
            each(
                x =>
                    Number.isInteger(x) &&
                    (x as number) >= PORT_RANGE.min &&
                    (x as number) <= PORT_RANGE.max,
                `ports (${PORT_RANGE.min}-${PORT_RANGE.max})`,
            );
            break;
        case "numbers":
            each(x => typeof x === "number" && Number.isFinite(x), "numbers");
            break;
        case "strings":
            each(x => typeof x === "string", "strings");
            break;
    }
    return failures;
}

function checkDatapoints(criteria: Record<string, unknown>, property: string): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const key of ["consecutiveDatapointsToAlarm", "consecutiveDatapointsToClear"]) {
        const v = criteria[key];
        if (v === undefined || v === UNKNOWN) continue;
        if (
            !Number.isInteger(v) ||
            (v as number) < CONSECUTIVE_DATAPOINTS.min ||
            (v as number) > CONSECUTIVE_DATAPOINTS.max
        ) {
            failures.push(
                fail(
                    `${property}.${key}`,
                    `${property}.${key} must be an integer from ${CONSECUTIVE_DATAPOINTS.min} to ${CONSECUTIVE_DATAPOINTS.max}; got ${JSON.stringify(v)}`,
                ),
            );
        }
    }
    return failures;
}

function checkCriteria(criteria: unknown, metric: unknown, property: string): CheckFailure[] {
    if (criteria === undefined || criteria === UNKNOWN) return [];
    if (!isObject(criteria)) return [fail(property, `${property} must be an object`)];
    const failures = checkDatapoints(criteria, property);
    const knownMetric = typeof metric === "string" && metric !== UNKNOWN ? metric : undefined;
    const fact = knownMetric ? builtInMetric(knownMetric) : undefined;
    const custom = knownMetric !== undefined && !fact && !knownMetric.startsWith("aws:");
    const duration = criteria.durationSeconds;

    // ML Detect: a confidence level instead of an operator, a value, a statistic or a duration
    // (the model learns the evaluation period itself).
    const ml = criteria.mlDetectionConfig;
    if (ml !== undefined) {
        if (ml !== UNKNOWN) {
            const level = isObject(ml) ? ml.confidenceLevel : undefined;
            if (level !== UNKNOWN && !(CONFIDENCE_LEVELS as readonly unknown[]).includes(level)) {
                failures.push(
                    fail(
                        `${property}.mlDetectionConfig.confidenceLevel`,
                        `${property}.mlDetectionConfig.confidenceLevel must be one of ${CONFIDENCE_LEVELS.join(", ")}; got ${JSON.stringify(level)}`,
                    ),
                );
            }
        }
        for (const key of [
            "comparisonOperator",
            "value",
            "statisticalThreshold",
            "durationSeconds",
        ]) {
            if (criteria[key] !== undefined)
                failures.push(
                    fail(
                        `${property}.${key}`,
                        `${property}.${key} must not be set on an ML Detect behavior (mlDetectionConfig); got ${JSON.stringify(criteria[key])}`,
                    ),
                );
        }
        if (fact && !fact.mlCapable)
            failures.push(
                fail(
                    `${property}.mlDetectionConfig`,
                    `${property}.mlDetectionConfig: metric ${knownMetric} is not supported by ML Detect`,
                ),
            );
        return failures;
    }

    if (
        duration !== undefined &&
        duration !== UNKNOWN &&
        !(DURATION_SECONDS as readonly unknown[]).includes(duration)
    ) {
        failures.push(
            fail(
                `${property}.durationSeconds`,
                `${property}.durationSeconds must be one of ${DURATION_SECONDS.join(", ")}; got ${JSON.stringify(duration)}`,
            ),
        );
    }

    // Rules Detect: an operator valid for the metric's value kind, and a value or a statistic.
    const op = criteria.comparisonOperator;
    const value = criteria.value;
    const stat = criteria.statisticalThreshold;
    const kinds: readonly MetricValueKind[] = fact ? [fact.valueKind] : CUSTOM_KINDS;
    let kind: MetricValueKind | undefined = fact?.valueKind;
    if (custom && isObject(value))
        kind = CUSTOM_KINDS.find(k => value[VALUE_FIELD[k]] !== undefined);
    if (op === undefined) {
        failures.push(
            fail(
                `${property}.comparisonOperator`,
                `${property}.comparisonOperator is required (or use mlDetectionConfig for ML Detect)`,
            ),
        );
    } else if (op !== UNKNOWN && knownMetric) {
        const allowed = kind
            ? OPERATORS_BY_VALUE_KIND[kind]
            : [...new Set(kinds.flatMap(k => OPERATORS_BY_VALUE_KIND[k]))];
        if (!allowed.includes(op as string)) {
            failures.push(
                fail(
                    `${property}.comparisonOperator`,
                    `${property}.comparisonOperator ${JSON.stringify(op)} is not valid for ${knownMetric}; use one of ${allowed.join(", ")}`,
                ),
            );
        }
    }
    if (stat !== undefined && stat !== UNKNOWN) {
        const statistic = isObject(stat) ? stat.statistic : undefined;
        if (statistic !== UNKNOWN && !(STATISTICS as readonly unknown[]).includes(statistic)) {
            failures.push(
                fail(
                    `${property}.statisticalThreshold.statistic`,
                    `${property}.statisticalThreshold.statistic must be one of ${STATISTICS.join(", ")}; got ${JSON.stringify(statistic)}`,
                ),
            );
        }
        if (kind && kind !== "count" && kind !== "number") {
            failures.push(
                fail(
                    `${property}.statisticalThreshold`,
                    `${property}.statisticalThreshold applies only to numeric metrics, not ${knownMetric}`,
                ),
            );
        }
    }
    if (value === undefined) {
        if (stat === undefined)
            failures.push(
                fail(
                    `${property}.value`,
                    `${property}.value is required (or statisticalThreshold, or mlDetectionConfig)`,
                ),
            );
    } else if (value !== UNKNOWN) {
        if (!isObject(value))
            failures.push(
                fail(
                    `${property}.value`,
                    `${property}.value must be an object such as {count: 10}`,
                ),
            );
        else if (kind) failures.push(...checkValue(value, kind, `${property}.value`));
        else if (custom)
            failures.push(
                fail(
                    `${property}.value`,
                    `${property}.value for custom metric ${knownMetric} must hold one of ${CUSTOM_KINDS.map(k => VALUE_FIELD[k]).join(", ")}`,
                ),
            );
    }
    // durationSeconds: always with a statistic (the fleet's percentiles are taken over that period);
    // otherwise as the facts say for built-in metrics, and never on list-valued custom metrics.
    if (stat !== undefined && duration === undefined) {
        failures.push(
            fail(
                `${property}.durationSeconds`,
                `${property}.durationSeconds is required with statisticalThreshold (one of ${DURATION_SECONDS.join(", ")})`,
            ),
        );
    } else if (fact && duration !== UNKNOWN) {
        const statistical = stat !== undefined;
        if (fact.duration === "required" && duration === undefined) {
            failures.push(
                fail(
                    `${property}.durationSeconds`,
                    `${property}.durationSeconds is required for ${knownMetric} (one of ${DURATION_SECONDS.join(", ")})`,
                ),
            );
        }
        if (fact.duration === "forbidden" && duration !== undefined && !statistical) {
            failures.push(
                fail(
                    `${property}.durationSeconds`,
                    `${property}.durationSeconds does not apply to ${knownMetric}${fact.valueKind === "count" ? " in a static rule" : ""}`,
                ),
            );
        }
    }
    if (custom && kind && kind !== "number" && duration !== undefined && duration !== UNKNOWN) {
        failures.push(
            fail(
                `${property}.durationSeconds`,
                `${property}.durationSeconds cannot be used with list-valued custom metric ${knownMetric}`,
            ),
        );
    }
    return failures;
}

/** Checks `behaviors`: at most LIMITS.behaviorsPerProfile, unique valid names, and each rule. */
export function checkBehaviors(behaviors: unknown, property = "behaviors"): CheckFailure[] {
    if (behaviors === undefined || behaviors === UNKNOWN) return [];
    if (!Array.isArray(behaviors))
        return [fail(property, `${property} must be a list of behaviors`)];
    const failures: CheckFailure[] = [];
    if (behaviors.length > LIMITS.behaviorsPerProfile) {
        failures.push(
            fail(
                property,
                `${property} has ${behaviors.length} behaviors; a security profile takes at most ${LIMITS.behaviorsPerProfile}`,
            ),
        );
    }
    const seen = new Set<string>();
    behaviors.forEach((b: unknown, i: number) => {
        const at = `${property}[${i}]`;
        if (b === UNKNOWN) return;
        if (!isObject(b)) {
            failures.push(fail(at, `${at} must be a behavior object`));
            return;
        }
        const name = b.name;
        if (name !== UNKNOWN) {
            if (typeof name !== "string" || !NAME_RULES.behaviorName.pattern.test(name)) {
                failures.push(
                    fail(
                        `${at}.name`,
                        `${at}.name must be ${NAME_RULES.behaviorName.allowed}; got ${JSON.stringify(name)}`,
                    ),
                );
            } else if (seen.has(name)) {
                failures.push(
                    fail(
                        `${at}.name`,
                        `${at}.name ${JSON.stringify(name)} is used by another behavior; names must be unique`,
                    ),
                );
            } else seen.add(name);
        }
        failures.push(...checkMetricName(b.metric, `${at}.metric`));
        const criteria = b.criteria;
        const ml = isObject(criteria) && criteria.mlDetectionConfig !== undefined;
        failures.push(
            ...checkMetricDimension(b.metricDimension, b.metric, ml, `${at}.metricDimension`),
        );
        failures.push(...checkCriteria(criteria, b.metric, `${at}.criteria`));
        for (const flag of ["suppressAlerts", "exportMetric"]) {
            if (b[flag] !== undefined && b[flag] !== UNKNOWN && typeof b[flag] !== "boolean")
                failures.push(fail(`${at}.${flag}`, `${at}.${flag} must be true or false`));
        }
    });
    return failures;
}

/** Checks `additionalMetricsToRetainV2`: known metrics, valid dimensions (not on custom metrics). */
export function checkMetricsToRetain(
    list: unknown,
    property = "additionalMetricsToRetainV2",
): CheckFailure[] {
    if (list === undefined || list === UNKNOWN) return [];
    if (!Array.isArray(list))
        return [
            fail(
                property,
                `${property} must be a list of {metric, metricDimension?, exportMetric?}`,
            ),
        ];
    const failures: CheckFailure[] = [];
    list.forEach((m: unknown, i: number) => {
        const at = `${property}[${i}]`;
        if (m === UNKNOWN) return;
        if (!isObject(m)) {
            failures.push(fail(at, `${at} must be {metric, metricDimension?, exportMetric?}`));
            return;
        }
        failures.push(...checkMetricName(m.metric, `${at}.metric`));
        failures.push(
            ...checkMetricDimension(m.metricDimension, m.metric, false, `${at}.metricDimension`),
        );
    });
    return failures;
}
