/** Inputs, state and Describe responses in one comparable form: what `diff`, adoption and refresh compare. */
import type { Behavior } from "@aws-sdk/client-iot";
import { UNKNOWN, isObject, sameValue } from "../inputs";
import { comparableTags } from "../tags";
import { DEFINITION, SecurityProfileInputs } from "./types";

export const isEmpty = (v: unknown) =>
    v === undefined ||
    v === null ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** Targets as a set: sorted and unique (left alone while unknown). */
export function targetSet(targets: unknown): unknown {
    return Array.isArray(targets) && !targets.includes(UNKNOWN)
        ? [...new Set(targets as string[])].sort()
        : targets;
}

/** A metric's dimension with the API's default operator (absent means IN). */
const withOperator = (d: unknown) => (isObject(d) ? { ...d, operator: d.operator ?? "IN" } : d);

/**
 * Behaviors with AWS's defaults filled in where a field is absent: 1 consecutive datapoint to alarm
 * and to clear, alerts not suppressed, metric not exported, a dimension's operator IN.
 * DescribeSecurityProfile may return the defaults where the inputs left them out (or leave out a
 * `false`), which is the same profile. Unknown values are kept.
 */
export function comparableBehaviors(behaviors: unknown): unknown {
    if (!Array.isArray(behaviors)) return behaviors;
    return behaviors.map(b => {
        if (!isObject(b)) return b;
        const c = b.criteria;
        const criteria = isObject(c)
            ? {
                  ...c,
                  consecutiveDatapointsToAlarm: c.consecutiveDatapointsToAlarm ?? 1,
                  consecutiveDatapointsToClear: c.consecutiveDatapointsToClear ?? 1,
              }
            : c;
        return {
            ...b,
            criteria,
            suppressAlerts: b.suppressAlerts ?? false,
            exportMetric: b.exportMetric ?? false,
            ...(b.metricDimension !== undefined
                ? { metricDimension: withOperator(b.metricDimension) }
                : {}),
        };
    });
}

/** Metrics to retain with the same defaults: not exported, a dimension's operator IN. */
export function comparableMetricsToRetain(list: unknown): unknown {
    if (!Array.isArray(list)) return list;
    return list.map(m =>
        isObject(m)
            ? {
                  ...m,
                  exportMetric: m.exportMetric ?? false,
                  ...(m.metricDimension !== undefined
                      ? { metricDimension: withOperator(m.metricDimension) }
                      : {}),
              }
            : m,
    );
}

/** A form of the inputs where empty values, AWS's behavior defaults, tag order and target order make no difference. */
export function comparable(inputs: Partial<SecurityProfileInputs>): Record<string, unknown> {
    const out: Record<string, unknown> = {
        region: inputs.region,
        securityProfileName: inputs.securityProfileName,
    };
    for (const k of DEFINITION) out[k] = isEmpty(inputs[k]) ? undefined : inputs[k];
    out.behaviors = comparableBehaviors(out.behaviors);
    out.additionalMetricsToRetainV2 = comparableMetricsToRetain(out.additionalMetricsToRetainV2);
    out.tags = comparableTags(inputs.tags);
    out.targets = targetSet(isEmpty(inputs.targets) ? undefined : inputs.targets);
    return out;
}

/** Definition fields that differ between inputs, state or a Describe response, compared as `diff` compares them. */
export function definitionChanges(a: object, b: object): string[] {
    const x = comparable(a as Partial<SecurityProfileInputs>);
    const y = comparable(b as Partial<SecurityProfileInputs>);
    return DEFINITION.filter(k => !sameValue(x[k], y[k]));
}

/** The profile definition of inputs or of a Describe response, with empty fields absent. */
export function definitionOf(source: object): Record<string, unknown> {
    const s = source as Record<string, unknown>;
    return Object.fromEntries(DEFINITION.map(k => [k, isEmpty(s[k]) ? undefined : s[k]]));
}

/** True if the live behaviors are the stored ones, AWS's filled-in defaults aside (refresh keeps the stored form). */
export function sameBehaviors(
    live: Behavior[] | undefined,
    stored: Behavior[] | undefined,
): boolean {
    return !isEmpty(stored) && sameValue(comparableBehaviors(live), comparableBehaviors(stored));
}
