/**
 * The responder's settings for the `logs` Detect engine:
 *
 *   INSIGHT_ALARMS     (settings.json) { "<alarm name>": InsightAlarm }: the stack's alarms on
 *                      its Contributor Insights rules (empty on a Device Defender stack)
 *   QUARANTINE_GROUP   (environment) the quarantine thing group's name
 *   ALERT_TOPIC_ARN    (environment) where the enriched report (the top contributors) is published
 *
 * The deploying component writes them from the stack inventory's behaviour plans; the alarm
 * message only says which alarm fired, never which rule to read or what to compare.
 */
import { SNS_TOPIC_ARN } from "../../components/facts/aws/arns";
import {
    CLOUDWATCH_COMPARISONS,
    type CloudWatchComparison,
} from "../../components/facts/aws/insights";
import { NAME_RULES } from "../../components/facts/aws/limits";
import { missing } from "./settings";

/** What the responder needs of one behaviour alarm to read its rule and judge its contributors. */
export interface InsightAlarm {
    readonly ruleName: string;
    readonly behaviorName: string;
    readonly metric: string;
    /** The alarm's period (the behaviour's durationSeconds). */
    readonly periodSeconds: number;
    /** Periods the alarm evaluates. */
    readonly evaluationPeriods: number;
    readonly threshold: number;
    /** The alarm's CloudWatch comparison operator: a contributor breaches as the alarm does. */
    readonly comparisonOperator: InsightOperator;
}

/** The alarm's operators (facts: CLOUDWATCH_COMPARISONS). */
export type InsightOperator = CloudWatchComparison;

export interface InsightSettings {
    readonly insightAlarms: Readonly<Record<string, InsightAlarm>>;
    readonly quarantineGroup: string;
    readonly alertTopicArn: string;
}

export type InsightEnvironment<Value = string> = Readonly<
    Record<"QUARANTINE_GROUP" | "ALERT_TOPIC_ARN", Value>
>;

/** Contributor Insights rule names: 1-128 printable ASCII characters, no space (PutInsightRule). */
const RULE_NAME = /^[\x21-\x7E]{1,128}$/;
/** CloudWatch alarm names: 1-255 characters (PutMetricAlarm). */
const ALARM_NAME_MAX = 255;

/**
 * Reads the logs engine's variables and INSIGHT_ALARMS from the settings file's values (undefined
 * when the file is unusable: its problem is already told); problems are appended to `problems`.
 */
export function readInsightSettings(
    env: Readonly<Partial<InsightEnvironment>>,
    file: Readonly<{ INSIGHT_ALARMS?: unknown }> | undefined,
    problems: string[],
): InsightSettings | undefined {
    const before = problems.length;
    const quarantineGroup = env.QUARANTINE_GROUP?.trim() ?? "";
    if (!NAME_RULES.thingGroupName.pattern.test(quarantineGroup))
        problems.push(
            `QUARANTINE_GROUP must be ${NAME_RULES.thingGroupName.allowed}, got ${JSON.stringify(env.QUARANTINE_GROUP ?? null)}`,
        );
    const alertTopicArn = env.ALERT_TOPIC_ARN?.trim() ?? "";
    if (!SNS_TOPIC_ARN.test(alertTopicArn))
        problems.push(
            `ALERT_TOPIC_ARN must be an SNS topic ARN, got ${JSON.stringify(env.ALERT_TOPIC_ARN ?? null)}`,
        );
    const insightAlarms: Record<string, InsightAlarm> = {};
    const parsed = file?.INSIGHT_ALARMS;
    if (file && parsed === undefined) problems.push(missing("INSIGHT_ALARMS"));
    if (parsed !== undefined && !isObject(parsed))
        problems.push("INSIGHT_ALARMS must be a JSON object");
    else if (parsed !== undefined)
        for (const [alarmName, raw] of Object.entries(parsed)) {
            const bad = alarmProblems(alarmName, raw);
            if (bad.length > 0) problems.push(`INSIGHT_ALARMS["${alarmName}"]: ${bad.join("; ")}`);
            else {
                const a = raw as unknown as InsightAlarm;
                insightAlarms[alarmName] = {
                    ruleName: a.ruleName,
                    behaviorName: a.behaviorName,
                    metric: a.metric,
                    periodSeconds: a.periodSeconds,
                    evaluationPeriods: a.evaluationPeriods,
                    threshold: a.threshold,
                    comparisonOperator: a.comparisonOperator,
                };
            }
        }
    if (problems.length > before || !file) return undefined;
    return { insightAlarms, quarantineGroup, alertTopicArn };
}

function alarmProblems(alarmName: string, raw: unknown): string[] {
    if (alarmName.length < 1 || alarmName.length > ALARM_NAME_MAX)
        return [`the alarm name must be 1-${ALARM_NAME_MAX} characters`];
    if (!isObject(raw)) return ["must be an object"];
    const problems: string[] = [];
    if (typeof raw.ruleName !== "string" || !RULE_NAME.test(raw.ruleName))
        problems.push("ruleName must be 1-128 printable ASCII characters without spaces");
    if (
        typeof raw.behaviorName !== "string" ||
        !NAME_RULES.behaviorName.pattern.test(raw.behaviorName)
    )
        problems.push(`behaviorName must be ${NAME_RULES.behaviorName.allowed}`);
    if (typeof raw.metric !== "string" || raw.metric.length === 0)
        problems.push("metric must be a metric name");
    for (const key of ["periodSeconds", "evaluationPeriods"])
        if (!Number.isInteger(raw[key]) || (raw[key] as number) < 1)
            problems.push(`${key} must be a positive integer`);
    if (typeof raw.threshold !== "number" || !Number.isFinite(raw.threshold))
        problems.push("threshold must be a number");
    if (!Object.keys(CLOUDWATCH_COMPARISONS).includes(raw.comparisonOperator as string))
        problems.push(
            `comparisonOperator must be one of ${Object.keys(CLOUDWATCH_COMPARISONS).join(", ")}`,
        );
    return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
