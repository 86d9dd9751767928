/**
 * The enriched message the responder publishes to the alert topic when one of the `logs` engine's
 * alarms enters ALARM: which client IDs the Contributor Insights rule saw, how many events each,
 * and what was done about them. Its marker key lets the responder recognise its own report when
 * the topic delivers it back (noted, never acted on: no loop).
 */
import type { InsightContributor } from "../../components/facts/aws/insights";

export const REPORT_KEY = "iotDefenderReport";
export const REPORT_KIND = "insight-contributors";

/** SNS subjects: at most 100 printable ASCII characters. */
const SUBJECT_MAX = 100;

/** A contributor of the report, judged as the alarm judges (facts: insightContributors). */
export type Contributor = InsightContributor;

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

/** The SNS subject of a report: the behaviour and its top client, printable ASCII only. */
export function reportSubject(report: InsightReport): string {
    const top = report.contributors[0]?.clientId ?? "none";
    const text = `iot-defender: ${report.behaviorName} top client ${top}`.replace(
        /[^\x20-\x7E]/g,
        "?",
    );
    return text.length <= SUBJECT_MAX ? text : `${text.slice(0, SUBJECT_MAX - 3)}...`;
}
