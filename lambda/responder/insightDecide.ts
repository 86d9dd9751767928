/**
 * The pure decision for a CloudWatch alarm of the `logs` engine: one of the stack's alarms on a
 * Contributor Insights rule (INSIGHT_ALARMS). Entering ALARM, it is reported (GetInsightRuleReport
 * over the alarm's window) and its breaching contributors are quarantined where the response map
 * says so. What to read and how to judge comes from the configuration: the message only names the
 * alarm and when it changed state, and a message that contradicts the stack is dead-lettered.
 */
import { ruleOfInsightMetric } from "../../components/facts/aws/logs";
import type { ResponderConfig } from "./config";
import type { InsightAlarm } from "./insightConfig";
import type { AlarmMessage, MalformedReason } from "./parse";
import { shown } from "./validate";

/** An insight alarm to report on. */
export interface InsightReportDecision {
    readonly decision: "insight-report";
    /** Same alarm, same state change: the same report (duplicate deliveries act once). */
    readonly key: string;
    readonly alarmName: string;
    readonly alarm: InsightAlarm;
    /** The state change, as ISO 8601 UTC. */
    readonly stateChangeTime: string;
    readonly window: { readonly start: Date; readonly end: Date };
    /** The response map quarantines the behaviour's metric. */
    readonly quarantine: boolean;
}

export type InsightDecision =
    | InsightReportDecision
    | { readonly decision: "none"; readonly reason: "insight-alarm-not-in-alarm" }
    | {
          readonly decision: "dead-letter";
          readonly reason: MalformedReason;
          readonly detail: string;
      };

/** CloudWatch's state-change time: `2026-11-27T05:00:31.502+0000` (ISO 8601 with an offset). */
const STATE_CHANGE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;
/** The states of a CloudWatch alarm. */
const ALARM_STATES = ["OK", "ALARM", "INSUFFICIENT_DATA"];
/** A state change later than this is from the future: not CloudWatch's. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/**
 * A state change older than this is not reported: the rule's data then no longer says who
 * breached now, and quarantining on it would act on history. A day covers Lambda's and SNS's
 * retries of a delivery that failed.
 */
export const MAX_ALARM_AGE_MS = 24 * 3600_000;

/** The decision for an alarm message, or undefined when the alarm is not one of the stack's insight alarms. */
export function decideInsightAlarm(
    message: AlarmMessage,
    config: ResponderConfig,
    now: number,
): InsightDecision | undefined {
    if (!Object.prototype.hasOwnProperty.call(config.insightAlarms, message.alarmName))
        return undefined;
    const alarm = config.insightAlarms[message.alarmName];
    const what = `alarm ${message.alarmName} of rule ${alarm.ruleName}`;
    const reject = (reason: MalformedReason, detail: string): InsightDecision => ({
        decision: "dead-letter",
        reason,
        detail: `${what}: ${detail}`,
    });

    if (!ALARM_STATES.includes(message.newState))
        return reject(
            "invalid-identifier",
            `NewStateValue must be one of ${ALARM_STATES.join(", ")}; got ${shown(message.newState)}`,
        );
    const time = message.stateChangeTime;
    if (typeof time !== "string" || !STATE_CHANGE_TIME.test(time) || isNaN(Date.parse(time)))
        return reject(
            time === undefined ? "missing-fields" : "invalid-identifier",
            `StateChangeTime must be an ISO 8601 time such as 2026-11-27T05:00:31.502+0000; got ${shown(time)}`,
        );
    const changed = Date.parse(time);
    if (changed > now + FUTURE_TOLERANCE_MS || changed < now - MAX_ALARM_AGE_MS)
        return reject(
            "inconsistent",
            `StateChangeTime ${time} is not within the last ${MAX_ALARM_AGE_MS / 3600_000} hours`,
        );
    const arn = message.alarmArn;
    const arnPattern = new RegExp(
        `^arn:[a-z-]+:cloudwatch:${config.region}:\\d{12}:alarm:${escape(message.alarmName)}$`,
    );
    if (typeof arn !== "string" || !arnPattern.test(arn))
        return reject(
            arn === undefined ? "missing-fields" : "inconsistent",
            `AlarmArn must be this alarm's ARN in ${config.region}; got ${shown(arn)}`,
        );
    // The trigger's expressions (as CloudWatch sends a metric-math alarm) may only name this rule.
    const named = message.expressions.map(e =>
        typeof e === "string" ? ruleOfInsightMetric(e) : undefined,
    );
    const others = named.filter(r => r !== undefined && r !== alarm.ruleName);
    if (others.length > 0)
        return reject(
            "inconsistent",
            `its trigger reads rule ${shown(others[0])}, not the stack's ${alarm.ruleName}`,
        );

    if (message.newState !== "ALARM")
        return { decision: "none", reason: "insight-alarm-not-in-alarm" };
    const stateChangeTime = new Date(changed).toISOString();
    return {
        decision: "insight-report",
        key: `${message.alarmName}@${stateChangeTime}`,
        alarmName: message.alarmName,
        alarm,
        stateChangeTime,
        window: windowOf(alarm, changed),
        quarantine:
            Object.prototype.hasOwnProperty.call(config.violationResponses, alarm.metric) &&
            config.violationResponses[alarm.metric] === "quarantine",
    };
}

/**
 * The periods the alarm evaluated, on the period grid: the evaluation periods before the one the
 * state changed in, and that one (log delivery and Contributor Insights lag by minutes, so the
 * breaching datapoint may be one period earlier than the evaluation). Contributors are judged per
 * datapoint, so the wider window cannot add up counts across periods.
 */
export function windowOf(alarm: InsightAlarm, changedMs: number): { start: Date; end: Date } {
    const periodMs = alarm.periodSeconds * 1000;
    const end = (Math.floor(changedMs / periodMs) + 1) * periodMs;
    const start = end - (alarm.evaluationPeriods + 1) * periodMs;
    return { start: new Date(start), end: new Date(end) };
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
