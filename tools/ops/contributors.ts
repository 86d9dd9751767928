/**
 * `ops violations` on a `logs` engine stack: Device Defender keeps no violations there, so the
 * command lists, per behaviour, the current top contributors (client IDs) of its Contributor
 * Insights rule (GetInsightRuleReport over the last CONTRIBUTORS_LOOKBACK_PERIODS periods of the
 * behaviour's alarm), each with its highest count in one period, its total, and whether that
 * peak breaches the behaviour's threshold as the alarm reads it. Rules, periods and thresholds
 * come from the stack inventory.
 */
import { GetInsightRuleReportCommand } from "@aws-sdk/client-cloudwatch";
import {
    CloudWatchComparison,
    InsightContributor,
    insightContributors,
    TOP_CONTRIBUTORS,
} from "../../components/facts";
import { LogsDetectInventory } from "../../components/inventory";
import { request } from "./aws";
import { EXIT, OpsContext } from "./context";
import { reportFailures } from "./errors";
import { plural, table } from "./format";

/** How far back "current" reaches: this many of the behaviour's periods, the last one included. */
export const CONTRIBUTORS_LOOKBACK_PERIODS = 3;

export interface RuleContributors {
    readonly behavior: string;
    readonly metric: string;
    readonly rule: string;
    readonly alarm: string;
    readonly threshold: number;
    readonly comparisonOperator: string;
    readonly periodSeconds: number;
    readonly start: string;
    readonly end: string;
    readonly contributors: readonly InsightContributor[];
}

/** The `--json` document. */
export interface ContributorsReport {
    readonly rules: RuleContributors[];
}

export async function topContributors(
    ctx: OpsContext,
    logs: LogsDetectInventory,
    options: { readonly json: boolean },
): Promise<number> {
    return reportFailures(ctx.err, async () => {
        if (logs.behaviors.length === 0)
            ctx.err("note: the logs engine of this stack watches no behaviours (detect.rules)");
        const now = ctx.now().getTime();
        const report: ContributorsReport = { rules: [] };
        for (const b of logs.behaviors) {
            const periodMs = b.periodSeconds * 1000;
            const end = (Math.floor(now / periodMs) + 1) * periodMs;
            const start = end - CONTRIBUTORS_LOOKBACK_PERIODS * periodMs;
            const answer = await request(ctx, "cloudwatch:GetInsightRuleReport", () =>
                ctx.cloudwatch.send(
                    new GetInsightRuleReportCommand({
                        RuleName: b.ruleName,
                        StartTime: new Date(start),
                        EndTime: new Date(end),
                        Period: b.periodSeconds,
                        MaxContributorCount: TOP_CONTRIBUTORS,
                        OrderBy: "Maximum",
                    }),
                ),
            );
            report.rules.push({
                behavior: b.behaviorName,
                metric: b.metric,
                rule: b.ruleName,
                alarm: b.alarmName,
                threshold: b.threshold,
                comparisonOperator: b.comparisonOperator,
                periodSeconds: b.periodSeconds,
                start: new Date(start).toISOString(),
                end: new Date(end).toISOString(),
                contributors: insightContributors(
                    answer,
                    b.threshold,
                    b.comparisonOperator as CloudWatchComparison,
                ),
            });
        }
        if (options.json) ctx.out(JSON.stringify(report, null, 2));
        else print(ctx, report);
        return EXIT.ok;
    });
}

function print(ctx: OpsContext, report: ContributorsReport): void {
    report.rules.forEach((r, i) => {
        if (i > 0) ctx.out("");
        const head = `${r.behavior} (${r.metric}, rule ${r.rule}, alarm ${r.comparisonOperator} ${r.threshold} per ${r.periodSeconds}s) ${r.start} to ${r.end}`;
        if (r.contributors.length === 0) {
            ctx.out(`${head}: no contributors`);
            return;
        }
        const breaching = r.contributors.filter(c => c.breaching).length;
        ctx.out(`${head}: ${plural(r.contributors.length, "contributor")}, ${breaching} breaching`);
        for (const line of table(
            ["CLIENT ID", "PEAK", "TOTAL", "BREACHING"],
            r.contributors.map(c => [
                printable(c.clientId),
                String(c.peak),
                String(c.total),
                c.breaching ? "yes" : "no",
            ]),
        ))
            ctx.out(`  ${line}`);
    });
}

/** A device chooses its client ID: control characters (terminal escapes) are shown as "?". */
function printable(text: string): string {
    return [...text].map(c => (/\p{Cc}/u.test(c) ? "?" : c)).join("");
}
