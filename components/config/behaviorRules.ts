/**
 * The facts' rules of a Detect behavior (`behaviorProblems`), worded for the stack config's rule
 * behaviors (`detect.rules.behaviors[i]`: operator, threshold, statistic, cidrs, ...). The schema
 * adds the issues once each field's type is valid.
 */
import {
    BehaviorProblem,
    behaviorProblems,
    DURATION_SECONDS,
    METRIC_NAMES,
    METRICS,
    MetricValueKind,
    ValueField,
} from "../facts";

/** The config's fields of a rule behavior that the rules judge. */
export interface ConfigRule {
    readonly metric: string;
    readonly operator: string;
    readonly threshold?: number;
    readonly statistic?: string;
    readonly cidrs?: readonly string[];
    readonly ports?: readonly number[];
    readonly numbers?: readonly number[];
    readonly strings?: readonly string[];
    readonly durationSeconds?: number;
    readonly dimension?: unknown;
}

/** An issue on a field of the behavior, as the schema reports it. */
export interface RuleIssue {
    readonly path: readonly string[];
    readonly input: unknown;
    readonly message: string;
}

const VALUE_KEYS = ["threshold", "statistic", "cidrs", "ports", "numbers", "strings"] as const;
type ValueKey = (typeof VALUE_KEYS)[number];

/** The config's key for an API value field: counts and numbers are both a `threshold`. */
const configKey = (field: ValueField): ValueKey =>
    field === "count" || field === "number" ? "threshold" : (field as ValueKey);
/** The API's value field for a config key, for a metric of this kind. */
const apiField = (key: ValueKey, kind: MetricValueKind | undefined): ValueField =>
    key === "threshold" ? (kind === "number" ? "number" : "count") : key;

/** The rule issues of one behavior; `customMetrics` are the declared custom metrics' value kinds. */
export function ruleIssues(
    b: ConfigRule,
    customMetrics: ReadonlyMap<string, MetricValueKind>,
): RuleIssue[] {
    const kind = METRICS[b.metric]?.valueKind ?? customMetrics.get(b.metric);
    const given = VALUE_KEYS.filter(k => b[k] !== undefined);
    const problems = behaviorProblems({
        metric: b.metric,
        customMetrics,
        ml: false,
        operator: b.operator,
        values: given.map(k => apiField(k, kind)),
        hasDuration: b.durationSeconds !== undefined,
        hasDimension: b.dimension !== undefined,
    });
    return problems.map(p => issueOf(p, b, given, customMetrics));
}

function issueOf(
    p: BehaviorProblem,
    b: ConfigRule,
    given: readonly ValueKey[],
    customMetrics: ReadonlyMap<string, MetricValueKind>,
): RuleIssue {
    const durations = DURATION_SECONDS.join(", ");
    switch (p.on) {
        case "metric":
            return {
                path: ["metric"],
                input: b.metric,
                message: `is not a Device Defender metric or a declared custom metric; allowed: ${[...METRIC_NAMES, ...customMetrics.keys()].join(", ")}`,
            };
        case "operator":
            return {
                path: ["operator"],
                input: b.operator,
                message:
                    p.code === "missing"
                        ? "is required"
                        : `is not valid for ${b.metric} (${p.kind} values); allowed: ${p.allowed.join(", ")}`,
            };
        case "value": {
            const expected = [...new Set(p.expected.map(configKey))];
            const wrong = given.find(k => !expected.includes(k));
            return {
                path: [wrong ?? expected[0]],
                input: given.length ? given : undefined,
                message: `${b.metric} needs exactly one of: ${expected.join(" or ")}`,
            };
        }
        case "duration":
            return p.code === "required-with-statistic" || p.code === "required"
                ? {
                      path: ["durationSeconds"],
                      input: undefined,
                      message: `is required ${p.code === "required" ? `for ${b.metric}` : "with a statistic"}; allowed: ${durations}`,
                  }
                : {
                      path: ["durationSeconds"],
                      input: b.durationSeconds,
                      message: `does not apply to ${b.metric}; remove it`,
                  };
        case "dimension":
            return {
                path: ["dimension"],
                input: b.metric,
                message: `cannot scope ${b.metric}; allowed metrics: ${METRIC_NAMES.filter(m => METRICS[m].dimensionCapable).join(", ")}`,
            };
        case "ml":
            // A config rule is never ML Detect: ML behaviors come from detect.ml.
            throw new Error(`unexpected ML problem for rule behavior on ${b.metric}`);
    }
}
