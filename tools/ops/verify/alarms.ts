/** verify: every CloudWatch alarm the stack creates watches what its spec says. */
import { DescribeAlarmsCommand, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { AlarmSpec } from "../../../components/inventory";
import { allPages, request } from "../aws";
import { notOurTopic } from "../stack";
import { Verifier } from "./verifier";

/** DescribeAlarms takes at most 100 names per call. */
const ALARMS_PER_CALL = 100;

export async function verifyAlarms(v: Verifier): Promise<void> {
    const expected = v.inventory.alarms;
    const deployed = v.names.alarms;
    if (expected.length === 0 && deployed.length === 0) {
        v.skip("CloudWatch alarms", "detect, audit and remediation are all disabled");
        return;
    }
    for (const e of expected) if (!deployed.includes(e.name)) v.notDeployed(`alarm ${e.name}`);
    if (deployed.length === 0) return;
    await v.guarded("CloudWatch alarms", async () => {
        const found = new Map<string, MetricAlarm>();
        for (let i = 0; i < deployed.length; i += ALARMS_PER_CALL) {
            const batch = deployed.slice(i, i + ALARMS_PER_CALL);
            const alarms = await allPages<MetricAlarm>(async NextToken => {
                const page = await request(v.ctx, "cloudwatch:DescribeAlarms", () =>
                    v.ctx.cloudwatch.send(
                        new DescribeAlarmsCommand({
                            AlarmNames: batch,
                            MaxRecords: ALARMS_PER_CALL,
                            NextToken,
                        }),
                    ),
                );
                return { items: page.MetricAlarms, next: page.NextToken };
            });
            for (const a of alarms) if (a.AlarmName) found.set(a.AlarmName, a);
        }
        for (const name of deployed) {
            const alarm = found.get(name);
            const spec = expected.find(e => e.name === name);
            if (!alarm)
                v.fail(`alarm ${name}`, `no CloudWatch alarm named ${name} in ${v.ctx.region}`);
            else if (!spec) v.pass(`alarm ${name}`, v.notInSettings("an alarm", "metric is"));
            else v.judge(`alarm ${name}`, alarmProblem(v, alarm, spec));
        }
    });
}

/**
 * Why the alarm does not watch what the spec says: its metric, and for remediation's alarms the
 * stack's own queue or function (under the name the outputs give, when they do).
 */
function alarmProblem(v: Verifier, alarm: MetricAlarm, spec: AlarmSpec): string | undefined {
    if (!watches(alarm, spec.namespace, spec.metric))
        return `does not watch ${spec.namespace} ${spec.metric}`;
    const remediation = v.inventory.remediation;
    const deployedAs = (derived: string) =>
        derived === remediation?.deadLetterQueue
            ? v.names.deadLetterQueue
            : derived === remediation?.responderFunction
              ? v.names.responderFunction
              : undefined;
    for (const [dimension, derived] of Object.entries(spec.dimensions)) {
        const value = deployedAs(derived);
        if (value === undefined) continue;
        const actual = (alarm.Dimensions ?? []).find(d => d.Name === dimension)?.Value;
        if (actual !== value)
            return `watches ${dimension} ${actual ?? "(none)"}, not the stack's ${value}`;
    }
    return undefined;
}

/** Whether an alarm watches the metric in the namespace, directly or in metric math (Metrics Insights included). */
function watches(alarm: MetricAlarm, namespace: string, metric: string): boolean {
    if (alarm.Namespace === namespace && alarm.MetricName === metric) return true;
    return (alarm.Metrics ?? []).some(
        q =>
            (q.MetricStat?.Metric?.Namespace === namespace &&
                q.MetricStat.Metric.MetricName === metric) ||
            (q.Expression?.includes(namespace) && q.Expression.includes(metric)),
    );
}

/**
 * One verdict per alarm a part of the stack plans (`<kind> <name>`), each judged against the
 * deployed alarm of its name; one DescribeAlarms call for them all (at most 100 names).
 */
export async function judgeAlarms<T>(
    v: Verifier,
    kind: string,
    planned: readonly T[],
    nameOf: (plan: T) => string,
    problemOf: (alarm: MetricAlarm, plan: T) => string | undefined,
    noteOf: (plan: T) => string,
): Promise<void> {
    if (planned.length === 0) return;
    await v.guarded(`${kind}s`, async () => {
        const page = await request(v.ctx, "cloudwatch:DescribeAlarms", () =>
            v.ctx.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: planned.map(nameOf) })),
        );
        for (const plan of planned) {
            const name = nameOf(plan);
            const alarm = page.MetricAlarms?.find(a => a.AlarmName === name);
            if (!alarm)
                v.fail(`${kind} ${name}`, `no CloudWatch alarm named ${name} in ${v.ctx.region}`);
            else v.judge(`${kind} ${name}`, problemOf(alarm, plan), noteOf(plan));
        }
    });
}

/** How the alarm judges what it reads, as the inventory plans it (evaluation periods where planned). */
export interface AlarmJudgement {
    readonly evaluationPeriods?: number;
    readonly threshold: number;
    readonly comparisonOperator: string;
}

/** Where the alarm judges otherwise than planned: evaluation periods, threshold, operator. */
export function judgementProblems(alarm: MetricAlarm, planned: AlarmJudgement): string[] {
    return [
        ...(planned.evaluationPeriods !== undefined &&
        alarm.EvaluationPeriods !== planned.evaluationPeriods
            ? [`${alarm.EvaluationPeriods} evaluation periods, not ${planned.evaluationPeriods}`]
            : []),
        ...(alarm.Threshold !== planned.threshold
            ? [`threshold ${alarm.Threshold}, not ${planned.threshold}`]
            : []),
        ...(alarm.ComparisonOperator !== planned.comparisonOperator
            ? [`operator ${alarm.ComparisonOperator}, not ${planned.comparisonOperator}`]
            : []),
    ];
}

/** Why the alarm would tell no one: its actions disabled, or none reaching the alert topic. */
export function notificationProblems(v: Verifier, alarm: MetricAlarm): string[] {
    const actions = alarm.AlarmActions ?? [];
    return [
        ...(alarm.ActionsEnabled === false ? ["its actions are disabled"] : []),
        ...(actions.some(a => notOurTopic(a, v.target) === undefined)
            ? []
            : [`no alarm action reaches the alert topic (${notOurTopic(actions[0], v.target)})`]),
    ];
}
