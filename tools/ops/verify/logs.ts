/**
 * verify, on a `logs` engine stack: IoT v2 logging at the stack's level with a role and not
 * disabled; the lifecycle and message-size topic rules exist and are enabled (a size rule with the
 * inventory's SQL); each behaviour's Contributor Insights rule exists, is ENABLED and has the
 * inventory's definition; each behaviour's alarm reads its rule with the inventory's period,
 * threshold and operator and notifies the alert topic. Names, SQL, definitions and thresholds
 * come from the stack inventory; none is derived here.
 */
import { DescribeInsightRulesCommand, InsightRule, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { GetTopicRuleCommand, GetV2LoggingOptionsCommand } from "@aws-sdk/client-iot";
import { IAM_ROLE_ARN, IOT_V2_LOGGING, ruleOfInsightMetric } from "../../../components/facts";
import { LogsDetectInventory } from "../../../components/inventory";
import { LogsBehaviorPlan } from "../../../components/inventory/logsBehaviors";
import { allPages, request, requestIfExists } from "../aws";
import { AwsCallError } from "../errors";
import { judgeAlarms, judgementProblems, notificationProblems } from "./alarms";
import { Verifier } from "./verifier";

/** DescribeInsightRules' largest page. */
const INSIGHT_RULES_PAGE = 500;

export async function verifyLogsEngine(v: Verifier, logs: LogsDetectInventory): Promise<void> {
    await verifyLogging(v);
    const topicRules = [
        logs.names.lifecycleRule,
        ...logs.behaviors.flatMap(b => (b.sizeRule ? [b.sizeRule.ruleName] : [])),
    ];
    for (const name of topicRules) await verifyTopicRule(v, name, logs.behaviors);
    await verifyInsightRules(v, logs.behaviors);
    await verifyBehaviorAlarms(v, logs.behaviors);
}

async function verifyLogging(v: Verifier): Promise<void> {
    const what = "IoT v2 logging";
    const level = v.settings.detect.logs.logLevel;
    await v.guarded(what, async () => {
        let options;
        try {
            options = await request(v.ctx, "iot:GetV2LoggingOptions", () =>
                v.ctx.iot.send(new GetV2LoggingOptionsCommand({})),
            );
        } catch (err) {
            const name = err instanceof AwsCallError && (err.cause as { name?: unknown })?.name;
            if (name !== IOT_V2_LOGGING.notConfigured) throw err;
            return v.fail(what, `never set in ${v.ctx.region} (${name}): run pulumi up`);
        }
        const problems = [
            ...(options.disableAllLogs ? ["all logs are disabled (disableAllLogs)"] : []),
            ...(options.defaultLogLevel !== level
                ? [`level is ${options.defaultLogLevel ?? "(none)"}, not the stack's ${level}`]
                : []),
            ...(!options.roleArn || !IAM_ROLE_ARN.test(options.roleArn)
                ? [`role ${options.roleArn ?? "(none)"} is not an IAM role: IoT cannot write logs`]
                : []),
            ...roleAccountProblem(v, options.roleArn),
        ];
        v.judge(what, problems.join("; ") || undefined, `${level}, role ${options.roleArn}`);
    });
}

/** The logging role belongs to the stack's account, when the outputs say which that is. */
function roleAccountProblem(v: Verifier, roleArn: string | undefined): string[] {
    const topic = v.names.alertTopicArn;
    if (!topic || !roleArn) return [];
    const account = topic.split(":")[4];
    return roleArn.split(":")[4] === account
        ? []
        : [`role ${roleArn} is not in the stack's account ${account}`];
}

async function verifyTopicRule(
    v: Verifier,
    name: string,
    behaviors: readonly LogsBehaviorPlan[],
): Promise<void> {
    const what = `topic rule ${name}`;
    await v.guarded(what, async () => {
        const found = await requestIfExists(v.ctx, "iot:GetTopicRule", () =>
            v.ctx.iot.send(new GetTopicRuleCommand({ ruleName: name })),
        );
        if (!found?.rule) return v.fail(what, `no topic rule named ${name} in ${v.ctx.region}`);
        const sql = behaviors.find(b => b.sizeRule?.ruleName === name)?.sizeRule?.sql;
        const problems = [
            ...(found.rule.ruleDisabled ? ["disabled"] : []),
            ...(sql !== undefined && found.rule.sql !== sql
                ? [`its SQL is not the stack's: ${found.rule.sql}`]
                : []),
        ];
        v.judge(what, problems.join("; ") || undefined, "enabled");
    });
}

async function verifyInsightRules(v: Verifier, behaviors: readonly LogsBehaviorPlan[]) {
    if (behaviors.length === 0) return;
    await v.guarded("Contributor Insights rules", async () => {
        const rules = await allPages<InsightRule>(async NextToken => {
            const page = await request(v.ctx, "cloudwatch:DescribeInsightRules", () =>
                v.ctx.cloudwatch.send(
                    new DescribeInsightRulesCommand({ MaxResults: INSIGHT_RULES_PAGE, NextToken }),
                ),
            );
            return { items: page.InsightRules, next: page.NextToken };
        });
        for (const b of behaviors) {
            const what = `Contributor Insights rule ${b.ruleName}`;
            const rule = rules.find(r => r.Name === b.ruleName);
            if (!rule) {
                v.fail(what, `no rule named ${b.ruleName} in ${v.ctx.region}`);
                continue;
            }
            const problems = [
                ...(rule.State !== "ENABLED" ? [`state ${rule.State}, not ENABLED`] : []),
                ...(!sameJson(rule.Definition, b.definition)
                    ? ["its definition is not the stack's (log groups, keys or filters differ)"]
                    : []),
            ];
            v.judge(what, problems.join("; ") || undefined, "ENABLED");
        }
    });
}

async function verifyBehaviorAlarms(v: Verifier, behaviors: readonly LogsBehaviorPlan[]) {
    await judgeAlarms(
        v,
        "behaviour alarm",
        behaviors,
        b => b.alarmName,
        (alarm, b) => behaviorAlarmProblem(v, alarm, b),
        b => `${b.comparisonOperator} ${b.threshold}`,
    );
}

/** Why the alarm does not judge the behaviour as the inventory plans it, or undefined. */
function behaviorAlarmProblem(
    v: Verifier,
    alarm: MetricAlarm,
    b: LogsBehaviorPlan,
): string | undefined {
    const query = (alarm.Metrics ?? []).find(
        q => q.Expression !== undefined && ruleOfInsightMetric(q.Expression) !== undefined,
    );
    const problems = [
        ...(query?.Expression === undefined || ruleOfInsightMetric(query.Expression) !== b.ruleName
            ? [`does not read rule ${b.ruleName} (${b.expression})`]
            : []),
        ...(query?.Period !== undefined && query.Period !== b.periodSeconds
            ? [`period ${query.Period}s, not ${b.periodSeconds}s`]
            : []),
        ...judgementProblems(alarm, {
            threshold: b.threshold,
            comparisonOperator: b.comparisonOperator,
        }),
        ...notificationProblems(v, alarm),
    ];
    return problems.join("; ") || undefined;
}

function sameJson(text: string | undefined, expected: unknown): boolean {
    try {
        return JSON.stringify(JSON.parse(text ?? "")) === JSON.stringify(expected);
    } catch {
        return false;
    }
}
