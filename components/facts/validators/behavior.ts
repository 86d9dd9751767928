/**
 * The rules of a Detect behavior, written once: which metric, which operator for its values, which
 * value field, when a duration applies, which metrics take a dimension, what ML Detect allows.
 *
 * Readers see behaviors in different shapes (the stack config's rule, the API's `Behavior` in a
 * provider's check or a policy), so each describes its behavior as a `BehaviorSpec` and words the
 * problems it gets back for its own fields. Formats (ranges, lists, names) stay with each reader.
 */
import { CONFIDENCE_LEVELS, ML_DIMENSION_METRICS, OPERATORS_BY_VALUE_KIND } from "../aws/detect";
import { CUSTOM_METRIC_TYPES, METRICS, MetricFact, MetricValueKind } from "../aws/metrics";

/**
 * A field of `criteria.value` (one per value kind: "count", "cidrs", ...), or "statistic" for the
 * statistical threshold that replaces a value; any other name a reader finds is a field that fits
 * no metric.
 */
export type ValueField = MetricValueKind | "statistic" | (string & {});

/** Value kinds a custom metric can have (from its type). */
export const CUSTOM_VALUE_KINDS: readonly MetricValueKind[] = [
    ...new Set(Object.values(CUSTOM_METRIC_TYPES)),
];
/** Fields of a static rule that an ML Detect behavior must not set (the model learns them). */
export const STATIC_CRITERIA = [
    "comparisonOperator",
    "value",
    "statisticalThreshold",
    "durationSeconds",
] as const;
export type StaticCriterion = (typeof STATIC_CRITERIA)[number];

/** A behavior as the rules see it, whatever the reader's shape. */
export interface BehaviorSpec {
    readonly metric: string;
    /**
     * The value kind of a custom metric when the reader knows it (the config declares custom metrics;
     * a provider infers it from the value given). Undefined for built-in metrics.
     */
    readonly customKind?: MetricValueKind;
    /**
     * Custom metric names the reader knows, when it knows them all (the config): any other
     * non-built-in metric is then unknown. Undefined: any name not starting with "aws:" is custom.
     */
    readonly customMetrics?: ReadonlyMap<string, MetricValueKind>;
    /** ML Detect (`criteria.mlDetectionConfig`) rather than a static rule. */
    readonly ml: boolean;
    readonly confidenceLevel?: unknown;
    /** The static-rule fields set (for an ML behavior, each is a problem). */
    readonly statics?: readonly StaticCriterion[];
    readonly operator?: unknown;
    /** The value fields given, the statistic included. */
    readonly values: readonly ValueField[];
    readonly hasDuration: boolean;
    readonly hasDimension: boolean;
}

export type BehaviorProblem =
    | { readonly on: "metric"; readonly code: "unknown-metric" }
    | { readonly on: "operator"; readonly code: "missing" }
    | {
          readonly on: "operator";
          readonly code: "not-for-kind";
          readonly kind?: MetricValueKind;
          readonly allowed: readonly string[];
      }
    | {
          readonly on: "value";
          readonly code: "exactly-one";
          readonly kind?: MetricValueKind;
          /** The fields that would do (one of them). */
          readonly expected: readonly ValueField[];
          /** The fields given, and those of them that do not fit. */
          readonly given: readonly ValueField[];
          readonly wrong: readonly ValueField[];
      }
    | {
          readonly on: "duration";
          readonly code: "required-with-statistic" | "required" | "forbidden" | "list-custom";
      }
    | { readonly on: "dimension"; readonly code: "custom-metric" | "metric" | "ml-metric" }
    | { readonly on: "ml"; readonly code: "metric" }
    | { readonly on: "ml"; readonly code: "confidence"; readonly allowed: readonly string[] }
    | { readonly on: "ml"; readonly code: "static"; readonly fields: readonly StaticCriterion[] };

/** Built-in metric facts, or undefined for any other name. */
export function builtInMetric(metric: string): MetricFact | undefined {
    return Object.prototype.hasOwnProperty.call(METRICS, metric) ? METRICS[metric] : undefined;
}

/**
 * Whether a metric (built-in or custom) may be scoped with a dimension: only dimension-capable
 * built-in metrics, and under ML Detect only some of them. Unknown `aws:` names are not judged here.
 */
export function dimensionProblem(metric: string, ml: boolean): BehaviorProblem | undefined {
    const fact = builtInMetric(metric);
    if (!fact)
        return metric.startsWith("aws:") ? undefined : { on: "dimension", code: "custom-metric" };
    if (!fact.dimensionCapable) return { on: "dimension", code: "metric" };
    if (ml && !ML_DIMENSION_METRICS.includes(metric)) return { on: "dimension", code: "ml-metric" };
    return undefined;
}

const numeric = (kind: MetricValueKind) => kind === "count" || kind === "number";

/** The problems of one behavior; empty when the rules hold. */
export function behaviorProblems(spec: BehaviorSpec): BehaviorProblem[] {
    const fact = builtInMetric(spec.metric);
    const custom =
        !fact &&
        (spec.customMetrics
            ? spec.customMetrics.has(spec.metric)
            : !spec.metric.startsWith("aws:"));
    if (!fact && !custom) return [{ on: "metric", code: "unknown-metric" }];
    const kind = fact?.valueKind ?? spec.customKind ?? spec.customMetrics?.get(spec.metric);
    const problems: BehaviorProblem[] = [];
    const dimension = spec.hasDimension ? dimensionProblem(spec.metric, spec.ml) : undefined;
    if (dimension) problems.push(dimension);
    return spec.ml
        ? [...problems, ...mlProblems(spec, fact, kind)]
        : [...problems, ...ruleProblems(spec, fact, kind)];
}

function mlProblems(
    spec: BehaviorSpec,
    fact: MetricFact | undefined,
    kind: MetricValueKind | undefined,
): BehaviorProblem[] {
    const problems: BehaviorProblem[] = [];
    if (!(CONFIDENCE_LEVELS as readonly unknown[]).includes(spec.confidenceLevel))
        problems.push({ on: "ml", code: "confidence", allowed: CONFIDENCE_LEVELS });
    if (spec.statics && spec.statics.length > 0)
        problems.push({ on: "ml", code: "static", fields: spec.statics });
    // ML Detect models built-in ML-capable metrics and `number` custom metrics.
    if (fact ? !fact.mlCapable : kind !== undefined && kind !== "number")
        problems.push({ on: "ml", code: "metric" });
    return problems;
}

function ruleProblems(
    spec: BehaviorSpec,
    fact: MetricFact | undefined,
    kind: MetricValueKind | undefined,
): BehaviorProblem[] {
    const problems: BehaviorProblem[] = [];
    // An operator valid for the metric's value kind (any custom kind while that is not known).
    const allowed = kind
        ? OPERATORS_BY_VALUE_KIND[kind]
        : [...new Set(CUSTOM_VALUE_KINDS.flatMap(k => OPERATORS_BY_VALUE_KIND[k]))];
    if (spec.operator === undefined) problems.push({ on: "operator", code: "missing" });
    else if (!allowed.includes(spec.operator as string))
        problems.push({ on: "operator", code: "not-for-kind", kind, allowed });
    // Exactly one value: the kind's field, or (numeric kinds) a statistic instead.
    const expected: ValueField[] = kind
        ? numeric(kind)
            ? [kind, "statistic"]
            : [kind]
        : [...CUSTOM_VALUE_KINDS, "statistic"];
    const wrong = spec.values.filter(v => !expected.includes(v));
    if (spec.values.length !== 1 || wrong.length > 0)
        problems.push({
            on: "value",
            code: "exactly-one",
            kind,
            expected,
            given: spec.values,
            wrong,
        });
    // durationSeconds: always with a statistic (the fleet's percentiles are taken over that
    // period); otherwise as the facts say for built-in metrics, optional for `number` custom
    // metrics, never on list-valued custom metrics.
    const statistical = spec.values.includes("statistic");
    if (statistical && !spec.hasDuration)
        problems.push({ on: "duration", code: "required-with-statistic" });
    else if (fact?.duration === "required" && !spec.hasDuration)
        problems.push({ on: "duration", code: "required" });
    else if (fact?.duration === "forbidden" && spec.hasDuration && !statistical)
        problems.push({ on: "duration", code: "forbidden" });
    else if (!fact && kind && !numeric(kind) && spec.hasDuration)
        problems.push({ on: "duration", code: "list-custom" });
    return problems;
}
