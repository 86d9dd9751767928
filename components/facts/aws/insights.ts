/**
 * Reading a Contributor Insights report as the engine's alarms read the rule: a contributor's value
 * in one period is what `MaxContributorValue` compares, so a contributor breaches when its highest
 * per-period value breaches the alarm's threshold under the alarm's operator. Shared by the
 * responder (which quarantines breaching contributors) and `ops violations` (which lists them).
 *
 * Source: CloudWatch API GetInsightRuleReport (Contributors[].Keys, ApproximateAggregateValue,
 * Datapoints[].ApproximateValue per Period; OrderBy Sum | Maximum; MaxContributorCount 1-100) and
 * PutMetricAlarm's ComparisonOperator values for static thresholds.
 */

/**
 * How many top contributors the project names (the responder's report, `ops violations`, the
 * dashboard's widgets): GetInsightRuleReport's default, within its 1-100.
 */
export const TOP_CONTRIBUTORS = 10;

/** CloudWatch's comparison operators for a static threshold, as a value is judged. */
export const CLOUDWATCH_COMPARISONS = {
    GreaterThanThreshold: (v: number, t: number) => v > t,
    GreaterThanOrEqualToThreshold: (v: number, t: number) => v >= t,
    LessThanThreshold: (v: number, t: number) => v < t,
    LessThanOrEqualToThreshold: (v: number, t: number) => v <= t,
} as const;
export type CloudWatchComparison = keyof typeof CLOUDWATCH_COMPARISONS;

/** The part of a GetInsightRuleReport answer read here (the SDK's shape, structurally). */
export interface InsightReportAnswer {
    readonly Contributors?: readonly {
        readonly Keys?: readonly string[];
        readonly ApproximateAggregateValue?: number;
        readonly Datapoints?: readonly { readonly ApproximateValue?: number }[];
    }[];
}

export interface InsightContributor {
    /** The rule's key: for the logs engine, the MQTT client ID. */
    readonly clientId: string;
    /** Its highest value in one period of the report: what the alarm compares. */
    readonly peak: number;
    /** Its value over the whole report. */
    readonly total: number;
    /** Its peak breaches the threshold as the alarm's operator reads it. */
    readonly breaching: boolean;
}

/** Longest key quoted (IoT client IDs are at most 128 characters; a longer key is cut). */
const KEY_SHOWN_MAX = 128;

/** The contributors of a report, in its order, judged against an alarm's threshold and operator. */
export function insightContributors(
    answer: InsightReportAnswer,
    threshold: number,
    operator: CloudWatchComparison,
): InsightContributor[] {
    const breaches = CLOUDWATCH_COMPARISONS[operator];
    return (answer.Contributors ?? []).flatMap(c => {
        const key = c.Keys?.[0];
        if (typeof key !== "string" || key.length === 0) return [];
        const values = (c.Datapoints ?? [])
            .map(d => d.ApproximateValue)
            .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
        // Without datapoints nothing says what one period held: listed, never judged breaching.
        const peak = values.length > 0 ? Math.max(...values) : 0;
        return [
            {
                clientId: key.slice(0, KEY_SHOWN_MAX),
                peak,
                total: c.ApproximateAggregateValue ?? 0,
                breaching: values.length > 0 && breaches(peak, threshold),
            },
        ];
    });
}
