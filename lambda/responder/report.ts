/**
 * The enriched message the responder publishes to the alert topic when one of the `logs` engine's
 * alarms enters ALARM: which client IDs the Contributor Insights rule saw, how many events each,
 * and what was done about them. Its marker key lets the responder recognise its own report when
 * the topic delivers it back (noted, never acted on: no loop).
 */
import type { GetInsightRuleReportCommandOutput } from "@aws-sdk/client-cloudwatch";
import { INSIGHT_OPERATORS, type InsightAlarm } from "./insightConfig";

export const REPORT_KEY = "iotDefenderReport";
export const REPORT_KIND = "insight-contributors";

/** Contributors asked of GetInsightRuleReport (the API allows 1-100). */
export const REPORT_CONTRIBUTORS = 10;
/** Longest client ID quoted (IoT allows 128; a longer key is not a client ID and is cut). */
const CLIENT_ID_SHOWN_MAX = 128;
/** SNS subjects: at most 100 printable ASCII characters. */
const SUBJECT_MAX = 100;

export interface Contributor {
    /** The rule's key: the MQTT client ID. */
    readonly clientId: string;
    /** Its highest count in one period of the window: what the alarm compares. */
    readonly peak: number;
    /** Its count over the whole window. */
    readonly total: number;
    /** Its peak breaches the behaviour's threshold as the alarm's operator reads it. */
    readonly breaching: boolean;
}

/** What became of one breaching contributor when its behaviour maps to quarantine. */
export interface QuarantineResult {
    readonly clientId: string;
    readonly outcome: "quarantined" | "dry-run" | "not-a-thing-name" | "no-such-thing";
    readonly detail?: string;
}

export interface InsightReport {
    readonly [REPORT_KEY]: typeof REPORT_KIND;
    readonly alarmName: string;
    readonly behaviorName: string;
    readonly metric: string;
    readonly ruleName: string;
    readonly stateChangeTime: string;
    readonly window: { readonly start: string; readonly end: string };
    readonly periodSeconds: number;
    readonly threshold: number;
    readonly comparisonOperator: string;
    /** Most events first, as the report ranks them. */
    readonly contributors: readonly Contributor[];
    /** Results per breaching contributor; undefined when the behaviour is notify-only. */
    readonly quarantine?: readonly QuarantineResult[];
    readonly quarantineGroup?: string;
    readonly dryRun: boolean;
}

/** The contributors of a GetInsightRuleReport answer, judged against the alarm's threshold. */
export function contributorsOf(
    report: Pick<GetInsightRuleReportCommandOutput, "Contributors">,
    alarm: InsightAlarm,
): Contributor[] {
    const breaches = INSIGHT_OPERATORS[alarm.comparisonOperator];
    return (report.Contributors ?? []).flatMap(c => {
        const key = c.Keys?.[0];
        if (typeof key !== "string" || key.length === 0) return [];
        const values = (c.Datapoints ?? [])
            .map(d => d.ApproximateValue)
            .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
        // Without datapoints nothing says what one period held: reported, never judged breaching.
        const peak = values.length > 0 ? Math.max(...values) : 0;
        return [
            {
                clientId: key.slice(0, CLIENT_ID_SHOWN_MAX),
                peak,
                total: c.ApproximateAggregateValue ?? 0,
                breaching: values.length > 0 && breaches(peak, alarm.threshold),
            },
        ];
    });
}

/** The SNS subject of a report: the behaviour and its top client, printable ASCII only. */
export function reportSubject(report: InsightReport): string {
    const top = report.contributors[0]?.clientId ?? "none";
    const text = `iot-defender: ${report.behaviorName} top client ${top}`.replace(
        /[^\x20-\x7E]/g,
        "?",
    );
    return text.length <= SUBJECT_MAX ? text : `${text.slice(0, SUBJECT_MAX - 3)}...`;
}
