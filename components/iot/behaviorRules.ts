/**
 * The facts' rules of a behavior (`behaviorProblems`), worded for the API's fields as the
 * SecurityProfile provider's `check` reports them. A problem about a value not known yet (preview)
 * waits: `check` runs again once it is known.
 */
import {
    BehaviorProblem,
    BehaviorSpec,
    behaviorProblems,
    builtInMetric,
    CUSTOM_VALUE_KINDS,
    dimensionProblem,
    DURATION_SECONDS,
    METRICS,
    ML_DIMENSION_METRICS,
    MetricValueKind,
    STATIC_CRITERIA,
} from "../facts";
import { CheckFailure } from "./inputChecks";
import { isObject, UNKNOWN } from "./inputs";

const fail = (property: string, reason: string): CheckFailure => ({ property, reason });

/** A built-in metric's value kind, or a custom metric's as its value shows it. */
export function valueKind(metric: string, value: unknown): MetricValueKind | undefined {
    const fact = builtInMetric(metric);
    if (fact) return fact.valueKind;
    return isObject(value) ? CUSTOM_VALUE_KINDS.find(k => value[k] !== undefined) : undefined;
}

/** The behavior as the facts' rules see it. */
function specOf(b: Record<string, unknown>, metric: string): BehaviorSpec {
    const c = isObject(b.criteria) ? b.criteria : {};
    const ml = c.mlDetectionConfig;
    const value = c.value;
    const fields = isObject(value) ? Object.keys(value).filter(k => value[k] !== undefined) : [];
    return {
        metric,
        customKind: builtInMetric(metric) ? undefined : valueKind(metric, value),
        ml: ml !== undefined,
        confidenceLevel: isObject(ml) ? ml.confidenceLevel : undefined,
        statics: STATIC_CRITERIA.filter(k => c[k] !== undefined),
        operator: c.comparisonOperator,
        values: c.statisticalThreshold === undefined ? fields : [...fields, "statistic"],
        hasDuration: c.durationSeconds !== undefined,
        hasDimension: b.metricDimension !== undefined && b.metricDimension !== UNKNOWN,
    };
}

/** Whether a problem is about a value not known yet (preview): judged again once it is known. */
function waitsForUnknown(p: BehaviorProblem, b: Record<string, unknown>): boolean {
    const c = isObject(b.criteria) ? b.criteria : {};
    const value = c.value;
    switch (p.on) {
        case "operator":
            return c.comparisonOperator === UNKNOWN;
        case "value":
            return (
                c.statisticalThreshold === UNKNOWN ||
                value === UNKNOWN ||
                (value !== undefined && !isObject(value))
            );
        case "duration":
            return c.durationSeconds === UNKNOWN;
        case "ml":
            return (
                p.code === "confidence" &&
                (c.mlDetectionConfig === UNKNOWN ||
                    (isObject(c.mlDetectionConfig) &&
                        c.mlDetectionConfig.confidenceLevel === UNKNOWN))
            );
        default:
            return false;
    }
}

const DURATIONS = `one of ${DURATION_SECONDS.join(", ")}`;

/** A rule problem, worded for the API's fields (`at` is the behavior's path). */
function failuresOf(
    p: BehaviorProblem,
    b: Record<string, unknown>,
    metric: string,
    at: string,
): CheckFailure[] {
    const c = `${at}.criteria`;
    const criteria = isObject(b.criteria) ? b.criteria : {};
    switch (p.on) {
        case "metric":
            return []; // checkMetricName names it
        case "dimension":
            return [dimensionFailure(p.code, metric, `${at}.metricDimension`)];
        case "operator": {
            const property = `${c}.comparisonOperator`;
            return p.code === "missing"
                ? [
                      fail(
                          property,
                          `${property} is required (or use mlDetectionConfig for ML Detect)`,
                      ),
                  ]
                : [
                      fail(
                          property,
                          `${property} ${JSON.stringify(criteria.comparisonOperator)} is not valid for ${metric}; use one of ${p.allowed.join(", ")}`,
                      ),
                  ];
        }
        case "value":
            return valueFailures(p.kind, p.given, p.wrong, metric, c);
        case "duration": {
            const property = `${c}.durationSeconds`;
            const reason = {
                "required-with-statistic": `is required with statisticalThreshold (${DURATIONS})`,
                required: `is required for ${metric} (${DURATIONS})`,
                forbidden: `does not apply to ${metric}${METRICS[metric]?.valueKind === "count" ? " in a static rule" : ""}`,
                "list-custom": `cannot be used with list-valued custom metric ${metric}`,
            }[p.code];
            return [fail(property, `${property} ${reason}`)];
        }
        case "ml":
            if (p.code === "confidence") {
                const property = `${c}.mlDetectionConfig.confidenceLevel`;
                const ml = criteria.mlDetectionConfig;
                const level = isObject(ml) ? ml.confidenceLevel : undefined;
                return [
                    fail(
                        property,
                        `${property} must be one of ${p.allowed.join(", ")}; got ${JSON.stringify(level)}`,
                    ),
                ];
            }
            if (p.code === "static")
                return p.fields.map(key =>
                    fail(
                        `${c}.${key}`,
                        `${c}.${key} must not be set on an ML Detect behavior (mlDetectionConfig); got ${JSON.stringify(criteria[key])}`,
                    ),
                );
            return [
                fail(
                    `${c}.mlDetectionConfig`,
                    `${c}.mlDetectionConfig: metric ${metric} is not supported by ML Detect`,
                ),
            ];
    }
}

function valueFailures(
    kind: MetricValueKind | undefined,
    given: readonly string[],
    wrong: readonly string[],
    metric: string,
    c: string,
): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const wrongFields = wrong.filter(f => f !== "statistic");
    if (wrong.includes("statistic"))
        failures.push(
            fail(
                `${c}.statisticalThreshold`,
                `${c}.statisticalThreshold applies only to numeric metrics, not ${metric}`,
            ),
        );
    if (wrongFields.length > 0)
        failures.push(
            fail(
                `${c}.value`,
                kind
                    ? `${c}.value must hold only \`${kind}\` for this metric; got ${wrongFields.join(", ")}`
                    : `${c}.value for custom metric ${metric} must hold one of ${CUSTOM_VALUE_KINDS.join(", ")}`,
            ),
        );
    if (wrong.length === 0)
        failures.push(
            fail(
                `${c}.value`,
                given.length === 0
                    ? `${c}.value is required (or statisticalThreshold, or mlDetectionConfig)`
                    : `${c}.value and ${c}.statisticalThreshold exclude each other; set one`,
            ),
        );
    return failures;
}

const DIMENSION_REASONS = {
    "custom-metric": (metric: string) => `dimensions cannot be used with custom metric ${metric}`,
    metric: (metric: string) => `metric ${metric} cannot be scoped with a dimension`,
    "ml-metric": () => `ML Detect supports dimensions only with ${ML_DIMENSION_METRICS.join(", ")}`,
} as const;

function dimensionFailure(
    code: keyof typeof DIMENSION_REASONS,
    metric: string,
    property: string,
): CheckFailure {
    return fail(property, `${property}: ${DIMENSION_REASONS[code](metric)}`);
}

/**
 * The rule failures of a behavior (or of a metric to retain, which has no criteria: then only the
 * dimension's rule applies). `at` is its path, for messages.
 */
export function ruleFailures(
    b: Record<string, unknown>,
    metric: string,
    at: string,
): CheckFailure[] {
    const spec = specOf(b, metric);
    const dimension = spec.hasDimension ? dimensionProblem(metric, false) : undefined;
    const problems = isObject(b.criteria) ? behaviorProblems(spec) : dimension ? [dimension] : [];
    return problems.filter(p => !waitsForUnknown(p, b)).flatMap(p => failuresOf(p, b, metric, at));
}
