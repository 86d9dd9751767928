/**
 * `ops verify` on a logs engine stack (dev): IoT v2 logging at the stack's level with a role of the
 * stack's account, the topic rules enabled (the size rule with the inventory's SQL), each
 * Contributor Insights rule ENABLED with the inventory's definition, each behaviour alarm reading
 * its rule with the inventory's period, threshold and operator and notifying the alert topic. A
 * healthy account passes every line; each drift fails its own line, naming what differs.
 */
import {
    DescribeAlarmsCommand,
    DescribeInsightRulesCommand,
    InsightRule,
    MetricAlarm,
} from "@aws-sdk/client-cloudwatch";
import { GetTopicRuleCommand, GetV2LoggingOptionsCommand } from "@aws-sdk/client-iot";
import * as assert from "assert";
import { stackInventory } from "../../components/inventory";
import { verifyLogsEngine } from "../../tools/ops/verify/logs";
import { Verdict, Verifier } from "../../tools/ops/verify/verifier";
import { stackSettings } from "../harness";
import { ACCOUNT, awsFailure, harness, Harness, instantRetries, REGION, target } from "./fixture";

const dev = stackSettings("dev");
const logs = stackInventory(dev).detect.logs!;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:iot-defender-dev-alerts`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-defender-dev-logs-logging-role-1a2b3c`;

interface Drift {
    logging?: Record<string, unknown>;
    topicRules?: Record<string, Record<string, unknown> | undefined>;
    insightRules?: (rules: InsightRule[]) => void;
    alarms?: (alarms: MetricAlarm[]) => void;
}

/** An account where the logs engine is deployed as the inventory plans it, with drift applied. */
function account(h: Harness, drift: Drift = {}): void {
    h.iot.on(GetV2LoggingOptionsCommand).resolves({
        roleArn: ROLE,
        defaultLogLevel: dev.detect.logs.logLevel,
        disableAllLogs: false,
        ...drift.logging,
    });
    const topicRules: Record<string, Record<string, unknown> | undefined> = {
        [logs.names.lifecycleRule]: { sql: "SELECT * FROM '$aws/events/presence/+/+'" },
        ...Object.fromEntries(
            logs.behaviors.flatMap(b =>
                b.sizeRule ? [[b.sizeRule.ruleName, { sql: b.sizeRule.sql }]] : [],
            ),
        ),
        ...drift.topicRules,
    };
    h.iot.on(GetTopicRuleCommand).callsFake(input => {
        const rule = topicRules[input.ruleName];
        if (!rule) throw awsFailure("UnauthorizedException", "not found", 401);
        return { rule: { ruleName: input.ruleName, ruleDisabled: false, ...rule } };
    });
    const insightRules: InsightRule[] = logs.behaviors.map(b => ({
        Name: b.ruleName,
        State: "ENABLED",
        Schema: "CloudWatchLogRule/1",
        Definition: JSON.stringify(b.definition),
    }));
    drift.insightRules?.(insightRules);
    h.cloudwatch.on(DescribeInsightRulesCommand).resolves({ InsightRules: insightRules });
    const alarms: MetricAlarm[] = logs.behaviors.map(b => ({
        AlarmName: b.alarmName,
        Metrics: [
            { Id: "top", Expression: b.expression, Period: b.periodSeconds, ReturnData: true },
        ],
        Threshold: b.threshold,
        ComparisonOperator: b.comparisonOperator as MetricAlarm["ComparisonOperator"],
        AlarmActions: [TOPIC],
        ActionsEnabled: true,
    }));
    drift.alarms?.(alarms);
    h.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: alarms });
}

async function verdicts(h: Harness): Promise<Verdict[]> {
    const results: Verdict[] = [];
    const v = new Verifier(h.ctx, target(dev, { alertTopicArn: TOPIC, region: REGION }), r =>
        results.push(r),
    );
    await verifyLogsEngine(v, logs);
    return results;
}
const line = (r: Verdict) => `${r.status} ${r.what}${r.reason ? `: ${r.reason}` : ""}`;
const failures = (rs: Verdict[]) => rs.filter(r => r.status === "FAIL").map(line);

describe("ops verify: the logs engine", () => {
    instantRetries();

    it("passes a healthy account, one line per setting, rule and alarm", async () => {
        const h = harness();
        account(h);
        const results = await verdicts(h);
        assert.deepStrictEqual(failures(results), []);
        assert.deepStrictEqual(
            results.map(r => r.what),
            [
                "IoT v2 logging",
                `topic rule ${logs.names.lifecycleRule}`,
                ...logs.behaviors.flatMap(b =>
                    b.sizeRule ? [`topic rule ${b.sizeRule.ruleName}`] : [],
                ),
                ...logs.behaviors.map(b => `Contributor Insights rule ${b.ruleName}`),
                ...logs.behaviors.map(b => `behaviour alarm ${b.alarmName}`),
            ],
        );
        assert.strictEqual(results.length, 1 + 1 + 1 + 4 + 4);
    });

    it("fails logging at another level, disabled, with another account's role, or never set", async () => {
        const h = harness();
        account(h, {
            logging: {
                defaultLogLevel: "DEBUG",
                disableAllLogs: true,
                roleArn: "arn:aws:iam::999999999999:role/x",
            },
        });
        assert.deepStrictEqual(failures(await verdicts(h)), [
            `FAIL IoT v2 logging: all logs are disabled (disableAllLogs); level is DEBUG, not the stack's ${dev.detect.logs.logLevel}; role arn:aws:iam::999999999999:role/x is not in the stack's account ${ACCOUNT}`,
        ]);
        const never = harness();
        account(never);
        never.iot
            .on(GetV2LoggingOptionsCommand)
            .rejects(awsFailure("NotConfiguredException", "not configured"));
        assert.match(
            failures(await verdicts(never))[0],
            /IoT v2 logging: never set in eu-west-1 \(NotConfiguredException\): run pulumi up/,
        );
    });

    it("fails a disabled topic rule, and a size rule whose SQL is not the inventory's", async () => {
        const size = logs.behaviors.find(b => b.sizeRule)!.sizeRule!.ruleName;
        const h = harness();
        account(h, {
            topicRules: {
                [logs.names.lifecycleRule]: { ruleDisabled: true, sql: "SELECT * FROM 'x'" },
                [size]: { sql: "SELECT * FROM '#'" },
            },
        });
        assert.deepStrictEqual(failures(await verdicts(h)), [
            `FAIL topic rule ${logs.names.lifecycleRule}: disabled`,
            `FAIL topic rule ${size}: its SQL is not the stack's: SELECT * FROM '#'`,
        ]);
    });

    it("fails a Contributor Insights rule that is missing, DISABLED or reads other logs", async () => {
        const [first, second, third] = logs.behaviors;
        const h = harness();
        account(h, {
            insightRules: rules => {
                rules.splice(0, 1);
                rules[0].State = "DISABLED";
                rules[1].Definition = JSON.stringify({
                    ...third.definition,
                    LogGroupNames: ["other"],
                });
            },
        });
        assert.deepStrictEqual(failures(await verdicts(h)), [
            `FAIL Contributor Insights rule ${first.ruleName}: no rule named ${first.ruleName} in eu-west-1`,
            `FAIL Contributor Insights rule ${second.ruleName}: state DISABLED, not ENABLED`,
            `FAIL Contributor Insights rule ${third.ruleName}: its definition is not the stack's (log groups, keys or filters differ)`,
        ]);
    });

    it("fails a behaviour alarm with another threshold, operator, period or rule, or no action to the topic", async () => {
        const [first, second, third] = logs.behaviors;
        const h = harness();
        account(h, {
            alarms: alarms => {
                alarms[0].Threshold = first.threshold + 50;
                alarms[0].ComparisonOperator = "LessThanThreshold";
                alarms[1].Metrics![0].Period = 60;
                alarms[1].AlarmActions = [`arn:aws:sns:${REGION}:${ACCOUNT}:someone-else`];
                alarms[2].Metrics![0].Expression =
                    "INSIGHT_RULE_METRIC('other', 'MaxContributorValue')";
                alarms.splice(3, 1);
            },
        });
        const fails = failures(await verdicts(h));
        assert.deepStrictEqual(fails, [
            `FAIL behaviour alarm ${first.alarmName}: threshold ${first.threshold + 50}, not ${first.threshold}; operator LessThanThreshold, not ${first.comparisonOperator}`,
            `FAIL behaviour alarm ${second.alarmName}: period 60s, not ${second.periodSeconds}s; no alarm action reaches the alert topic (SNS target is arn:aws:sns:${REGION}:${ACCOUNT}:someone-else, not the stack's alert topic ${TOPIC})`,
            `FAIL behaviour alarm ${third.alarmName}: does not read rule ${third.ruleName} (${third.expression})`,
            `FAIL behaviour alarm ${logs.behaviors[3].alarmName}: no CloudWatch alarm named ${logs.behaviors[3].alarmName} in eu-west-1`,
        ]);
    });
});
