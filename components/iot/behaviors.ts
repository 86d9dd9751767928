/**
 * API-shaped validation of security profile behaviors and metrics to retain, used by the
 * SecurityProfile provider's `check`: the formats (ranges, lists, names) here, the rules of a
 * behavior from the facts (./behaviorRules). Values not known yet (the preview sentinel) are
 * skipped wherever they appear.
 */
import {
    builtInMetric,
    CONSECUTIVE_DATAPOINTS,
    CIDR,
    DIMENSION_OPERATORS,
    DURATION_SECONDS,
    LIMITS,
    METRICS,
    MetricValueKind,
    NAME_RULES,
    PORT_RANGE,
    STATISTICS,
} from "../facts";
import { ruleFailures, valueKind } from "./behaviorRules";
import { CheckFailure } from "./inputChecks";
import { isObject, UNKNOWN } from "./inputs";

const fail = (property: string, reason: string): CheckFailure => ({ property, reason });

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

/** The dimension's own fields; whether the metric takes one is a rule of the behavior. */
function checkMetricDimension(dim: unknown, property: string): CheckFailure[] {
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
    return failures;
}

/** The contents of `criteria.value`'s field for a value kind, where it is set. */
function checkValue(
    value: Record<string, unknown>,
    kind: MetricValueKind,
    property: string,
): CheckFailure[] {
    const v = value[kind];
    if (v === undefined || v === UNKNOWN) return [];
    const failures: CheckFailure[] = [];
    const at = `${property}.${kind}`;
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

/** The formats of a behavior's criteria: datapoints, duration, statistic and value contents. */
function checkCriteriaFormats(
    criteria: Record<string, unknown>,
    metric: string | undefined,
    property: string,
): CheckFailure[] {
    const failures = checkDatapoints(criteria, property);
    // An ML behavior sets no duration: the rules say so, whatever its value.
    const duration = criteria.durationSeconds;
    if (
        criteria.mlDetectionConfig === undefined &&
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
    const stat = criteria.statisticalThreshold;
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
    }
    const value = criteria.value;
    if (value === undefined || value === UNKNOWN) return failures;
    if (!isObject(value))
        return [
            ...failures,
            fail(`${property}.value`, `${property}.value must be an object such as {count: 10}`),
        ];
    const kind = metric ? valueKind(metric, value) : undefined;
    return kind ? [...failures, ...checkValue(value, kind, `${property}.value`)] : failures;
}

/** A behavior's criteria and its metric's dimension: formats here, rules from the facts. */
function checkRules(b: Record<string, unknown>, at: string): CheckFailure[] {
    const criteria = b.criteria;
    const metric = typeof b.metric === "string" && b.metric !== UNKNOWN ? b.metric : undefined;
    if (criteria !== undefined && criteria !== UNKNOWN && !isObject(criteria))
        return [fail(`${at}.criteria`, `${at}.criteria must be an object`)];
    const formats = isObject(criteria)
        ? checkCriteriaFormats(criteria, metric, `${at}.criteria`)
        : [];
    return metric ? [...formats, ...ruleFailures(b, metric, at)] : formats;
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
        failures.push(...checkMetricDimension(b.metricDimension, `${at}.metricDimension`));
        failures.push(...checkRules(b, at));
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
        failures.push(...checkMetricDimension(m.metricDimension, `${at}.metricDimension`));
        failures.push(...checkRules(m, at));
    });
    return failures;
}
