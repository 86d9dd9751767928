/**
 * Carries out an insight-report decision (insightDecide.ts) for the handler: reads the rule's top contributors
 * for the alarm's window, quarantines the breaching ones where the behaviour maps to quarantine,
 * and publishes the enriched report to the alert topic. Every call goes through the responder's
 * one retry policy; an AWS failure fails the invocation, so Lambda retries it and then
 * dead-letters it.
 *
 * Quarantine rests on the engine's assumption that a client ID is a thing name. A contributor is
 * quarantined only if its client ID matches the API's ThingName rule and DescribeThing finds the
 * thing; otherwise it is reported and left alone. Dry-run reads and reports, and changes nothing.
 *
 * Duplicate deliveries (the same alarm and state change) act once per container: a report that
 * succeeded is remembered and a second delivery does nothing. Across containers the quarantine is
 * still single in effect (adding a thing to a group it is in changes nothing), while the report
 * could be published twice.
 */
import { CloudWatchClient, GetInsightRuleReportCommand } from "@aws-sdk/client-cloudwatch";
import { AddThingToThingGroupCommand, DescribeThingCommand } from "@aws-sdk/client-iot";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { insightContributors, TOP_CONTRIBUTORS } from "../../components/facts/aws/insights";
import { QUARANTINE_OVERRIDES_DYNAMIC_GROUPS } from "../../components/facts/project/remediation";
import { iotClient, perRegion, withRetries } from "./act";
import type { ResponderConfig } from "./config";
import type { RecordResult } from "./handler";
import type { InsightReportDecision } from "./insightDecide";
import {
    type InsightReport,
    type QuarantineResult,
    REPORT_KEY,
    REPORT_KIND,
    reportSubject,
} from "./report";
import { identifierProblem } from "./validate";
import { errorField, log, type LogEntry } from "./log";

export const cloudWatchClient = perRegion(
    region => new CloudWatchClient({ region, maxAttempts: 1 }),
);
export const snsClient = perRegion(region => new SNSClient({ region, maxAttempts: 1 }));

/** Reports this container has completed, by decision key (oldest first), at most REMEMBERED. */
const reported = new Set<string>();
const REMEMBERED = 1000;

/** Forgets the reports done (tests: each starts as a fresh container). */
export function forgetReports(): void {
    reported.clear();
}

export function wasReported(key: string): boolean {
    return reported.has(key);
}

function remember(key: string): void {
    reported.add(key);
    if (reported.size > REMEMBERED) reported.delete(reported.values().next().value as string);
}

export interface InsightOutcome {
    readonly outcome: "reported" | "dry-run";
    readonly report: InsightReport;
    readonly messageId?: string;
}

export async function reportInsightAlarm(
    decision: InsightReportDecision,
    config: ResponderConfig,
    deadline = Infinity,
): Promise<InsightOutcome> {
    const { alarm, window } = decision;
    const { region, dryRun } = config;
    const answer = await withRetries(
        "GetInsightRuleReport",
        () =>
            cloudWatchClient(region).send(
                new GetInsightRuleReportCommand({
                    RuleName: alarm.ruleName,
                    StartTime: window.start,
                    EndTime: window.end,
                    Period: alarm.periodSeconds,
                    MaxContributorCount: TOP_CONTRIBUTORS,
                    OrderBy: "Maximum",
                }),
            ),
        deadline,
    );
    const contributors = insightContributors(answer, alarm.threshold, alarm.comparisonOperator);
    let quarantine: QuarantineResult[] | undefined;
    if (decision.quarantine) {
        quarantine = [];
        for (const c of contributors.filter(x => x.breaching))
            quarantine.push(await quarantineClient(c.clientId, config, deadline));
    }
    const report: InsightReport = {
        [REPORT_KEY]: REPORT_KIND,
        alarmName: decision.alarmName,
        behaviorName: alarm.behaviorName,
        metric: alarm.metric,
        ruleName: alarm.ruleName,
        stateChangeTime: decision.stateChangeTime,
        window: { start: window.start.toISOString(), end: window.end.toISOString() },
        periodSeconds: alarm.periodSeconds,
        threshold: alarm.threshold,
        comparisonOperator: alarm.comparisonOperator,
        contributors,
        ...(quarantine ? { quarantine, quarantineGroup: config.quarantineGroup } : {}),
        dryRun,
    };
    const published = await withRetries(
        "Publish",
        () =>
            snsClient(region).send(
                new PublishCommand({
                    TopicArn: config.alertTopicArn,
                    Subject: reportSubject(report),
                    Message: JSON.stringify(report),
                }),
            ),
        deadline,
    );
    remember(decision.key);
    return { outcome: dryRun ? "dry-run" : "reported", report, messageId: published.MessageId };
}

/** Quarantines one client ID, only once it is known to name a thing. */
async function quarantineClient(
    clientId: string,
    config: ResponderConfig,
    deadline: number,
): Promise<QuarantineResult> {
    const problem = identifierProblem("clientId", clientId, "thingName");
    if (problem) return { clientId, outcome: "not-a-thing-name", detail: problem };
    const iot = iotClient(config.region);
    try {
        await withRetries(
            "DescribeThing",
            () => iot.send(new DescribeThingCommand({ thingName: clientId })),
            deadline,
        );
    } catch (err) {
        if ((err as { name?: unknown })?.name !== "ResourceNotFoundException") throw err;
        return {
            clientId,
            outcome: "no-such-thing",
            detail: "no thing has this client ID as its name",
        };
    }
    if (config.dryRun) return { clientId, outcome: "dry-run" };
    await withRetries(
        "AddThingToThingGroup",
        () =>
            iot.send(
                new AddThingToThingGroupCommand({
                    thingName: clientId,
                    thingGroupName: config.quarantineGroup,
                    overrideDynamicGroups: QUARANTINE_OVERRIDES_DYNAMIC_GROUPS,
                }),
            ),
        deadline,
    );
    return { clientId, outcome: "quarantined" };
}

/** Reads, judges and reports an insight alarm's contributors once per state change. */
export async function handleInsightReport(
    decision: InsightReportDecision,
    config: ResponderConfig,
    acted: Set<string>,
    deadline: number,
    entry: Omit<LogEntry, "level">,
    result: Pick<RecordResult, "snsMessageId" | "kind" | "decision">,
): Promise<RecordResult> {
    const details: LogEntry = {
        level: "info",
        ...entry,
        decision: decision.decision,
        ruleName: decision.alarm.ruleName,
        behaviorName: decision.alarm.behaviorName,
        metric: decision.alarm.metric,
        stateChangeTime: decision.stateChangeTime,
        quarantine: decision.quarantine,
        dryRun: config.dryRun,
    };
    if (acted.has(decision.key) || wasReported(decision.key)) {
        const outcome = acted.has(decision.key) ? "duplicate-in-batch" : "duplicate";
        log({ ...details, outcome });
        return { ...result, outcome };
    }
    acted.add(decision.key);
    let done: InsightOutcome;
    try {
        done = await reportInsightAlarm(decision, config, deadline);
    } catch (err) {
        log({ ...details, level: "error", outcome: "failed", error: errorField(err) });
        throw err;
    }
    const { contributors, quarantine } = done.report;
    log({
        ...details,
        outcome: done.outcome,
        topContributors: contributors,
        ...(quarantine ? { quarantineResults: quarantine } : {}),
        reportMessageId: done.messageId,
    });
    return {
        ...result,
        outcome: done.outcome,
        contributors: contributors.map(c => c.clientId),
        ...(quarantine
            ? {
                  quarantined: quarantine
                      .filter(q => q.outcome === "quarantined")
                      .map(q => q.clientId),
              }
            : {}),
    };
}
