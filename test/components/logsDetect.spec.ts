/**
 * The logs Detect engine as the dev stack deploys it, and the same behaviours on the Device Defender
 * engine: one vocabulary, two engines.
 */
import * as assert from "assert";
import { SecurityProfile } from "../../components/iot/securityProfile";
import { V2LoggingOptions } from "../../components/iot/v2LoggingOptions";
import { CONTRIBUTOR_INSIGHTS, LOGS_METRICS, ruleOfInsightMetric } from "../../components/facts";
import type { OfflineBuild } from "../../tools/offline/build";
import {
    buildOffline,
    documentOf,
    editJson,
    RecordedResource,
    regionOutputs,
    stackSettings,
} from "../harness";

const RULE = "aws:cloudwatch/contributorInsightRule:ContributorInsightRule";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC_RULE = "aws:iot/topicRule:TopicRule";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

describe("LogsDetect component (the dev stack's logs engine)", () => {
    let logs: OfflineBuild;
    let deviceDefender: OfflineBuild;
    const behaviors = stackSettings("dev").detect.rules.behaviors;
    before(async () => {
        logs = await buildOffline("dev");
        deviceDefender = await buildOffline("dev", {
            edit: v =>
                editJson(v, "detect", d => {
                    d.engine = "device-defender";
                }),
        });
    });
    const topicArn = () => logs.engine.ofType("aws:sns/topic:Topic")[0].state.arn as string;
    const rules = () => logs.engine.ofType(RULE);
    const alarmFor = (rule: RecordedResource) =>
        logs.engine
            .ofType(ALARM)
            .find(a =>
                a.inputs.metricQueries?.some(
                    (q: { expression?: string }) =>
                        q.expression && ruleOfInsightMetric(q.expression) === rule.inputs.ruleName,
                ),
            );

    it("both engines from the same behaviours: a profile behaviour on one, a rule and an alarm on the other, by the same names", () => {
        const [profile] = deviceDefender.engine.ofType(SecurityProfile.__pulumiType);
        assert.deepStrictEqual(
            profile.inputs.behaviors.map((b: { name: string; metric: string }) => [
                b.name,
                b.metric,
            ]),
            behaviors.map(b => [b.name, b.metric]),
        );
        assert.deepStrictEqual(deviceDefender.engine.ofType(RULE), []);
        assert.deepStrictEqual(logs.engine.ofType(SecurityProfile.__pulumiType), []);
        assert.deepStrictEqual(
            rules().map(r => r.inputs.ruleName),
            behaviors.map(b => `iot-defender-dev-${b.name}`),
        );
        assert.deepStrictEqual(regionOutputs(logs).detectEngine, "logs");
        assert.deepStrictEqual(regionOutputs(deviceDefender).detectEngine, "device-defender");
    });

    it("every Contributor Insights rule body is valid JSON in the documented syntax, keyed on the client ID", () => {
        for (const rule of rules()) {
            const body = JSON.parse(rule.inputs.ruleDefinition);
            assert.deepStrictEqual(Object.keys(body).sort(), [
                "AggregateOn",
                "Contribution",
                "LogFormat",
                "LogGroupNames",
                "Schema",
            ]);
            assert.deepStrictEqual(body.Schema, { Name: "CloudWatchLogRule", Version: 1 });
            assert.strictEqual(body.LogFormat, "JSON");
            assert.strictEqual(body.AggregateOn, "Count");
            assert.deepStrictEqual(body.Contribution.Keys, ["$.clientId"]);
            assert.ok(body.LogGroupNames.length >= 1);
            for (const f of body.Contribution.Filters) {
                assert.deepStrictEqual(Object.keys(f).sort(), ["In", "Match"], rule.name);
                assert.match(f.Match, /^\$\.\w+$/);
                assert.ok(Array.isArray(f.In) && f.In.length > 0);
            }
            assert.ok(rule.inputs.ruleDefinition.length <= CONTRIBUTOR_INSIGHTS.definitionMax);
            assert.strictEqual(rule.inputs.ruleState, "ENABLED");
        }
    });

    it("each behaviour's rule filters on the events its metric counts, in the right log groups", () => {
        const body = (name: string) =>
            JSON.parse(
                rules().find(r => r.inputs.ruleName === `iot-defender-dev-${name}`)!.inputs
                    .ruleDefinition,
            );
        assert.deepStrictEqual(body("AuthorizationFailures").LogGroupNames, ["AWSIotLogsV2"]);
        assert.deepStrictEqual(body("AuthorizationFailures").Contribution.Filters, [
            { Match: "$.eventType", In: ["Connect", "Publish-In", "Subscribe"] },
            { Match: "$.status", In: ["Failure"] },
            { Match: "$.reason", In: ["AUTHORIZATION_FAILURE"] },
        ]);
        assert.deepStrictEqual(body("UnusualConnectionAttempts").LogGroupNames, [
            "/iot-defender-dev/iot-events",
            "AWSIotLogsV2",
        ]);
        assert.deepStrictEqual(body("ExcessiveMessages").Contribution.Filters, [
            { Match: "$.eventType", In: ["Publish-In"] },
            { Match: "$.status", In: ["Success"] },
        ]);
        assert.deepStrictEqual(body("LargeMessageSize").Contribution.Filters, [
            { Match: "$.eventType", In: ["message-size"] },
            { Match: "$.behavior", In: ["LargeMessageSize"] },
        ]);
    });

    it("one alarm per behaviour on INSIGHT_RULE_METRIC naming its rule: period = duration, threshold and operator from the behaviour, actions to the alert topic", () => {
        for (const b of behaviors) {
            const rule = rules().find(r => r.inputs.ruleName === `iot-defender-dev-${b.name}`)!;
            const alarm = alarmFor(rule)!;
            assert.ok(alarm, `no alarm names rule ${rule.inputs.ruleName}`);
            const [query] = alarm.inputs.metricQueries;
            assert.strictEqual(
                query.expression,
                `INSIGHT_RULE_METRIC('${rule.inputs.ruleName}', 'MaxContributorValue')`,
            );
            assert.strictEqual(query.period, b.durationSeconds ?? 300);
            const perMessage = LOGS_METRICS[b.metric].threshold === "per-message";
            assert.strictEqual(alarm.inputs.threshold, perMessage ? 0 : b.threshold);
            assert.strictEqual(alarm.inputs.comparisonOperator, "GreaterThanThreshold");
            assert.deepStrictEqual(alarm.inputs.alarmActions, [topicArn()]);
            assert.strictEqual(alarm.inputs.treatMissingData, "notBreaching");
        }
    });

    it("message size: an IoT rule writes only the messages past the behaviour's threshold, with clientid()", () => {
        const size = logs.engine
            .ofType(TOPIC_RULE)
            .find(r => r.inputs.name === "iot_defender_dev_size_LargeMessageSize")!;
        assert.match(
            size.inputs.sql,
            /^SELECT clientid\(\) AS clientId, .* FROM '#' WHERE .* > 1024$/,
        );
        assert.match(size.inputs.sql, /'LargeMessageSize' AS behavior/);
        assert.deepStrictEqual(
            size.inputs.cloudwatchLogs.map((c: { logGroupName: string }) => c.logGroupName),
            ["/iot-defender-dev/iot-events"],
        );
    });

    it("lifecycle events reach the events log group, which has a retention", () => {
        const lifecycle = logs.engine
            .ofType(TOPIC_RULE)
            .find(r => r.inputs.name === "iot_defender_dev_lifecycle")!;
        assert.strictEqual(lifecycle.inputs.sql, "SELECT * FROM '$aws/events/presence/+/+'");
        const group = logs.engine
            .ofType(LOG_GROUP)
            .find(g => g.inputs.name === "/iot-defender-dev/iot-events")!;
        assert.strictEqual(group.inputs.retentionInDays, 30);
    });

    it("IoT logging at the configured level, with its own role that may write only to AWSIotLogsV2", () => {
        const [logging] = logs.engine.ofType(V2LoggingOptions.__pulumiType);
        assert.strictEqual(logging.inputs.defaultLogLevel, "INFO");
        assert.strictEqual(logging.inputs.adoptExisting, false);
        const role = logs.engine.byName("iot-defender-dev-logs-logging-role");
        assert.strictEqual(logging.inputs.roleArn, role.state.arn);
        const policy = documentOf(
            logs.engine.byName("iot-defender-dev-logs-logging-policy").inputs.policy,
        );
        assert.deepStrictEqual(
            policy.Statement.map((s: { Resource: string }) => s.Resource),
            ["arn:aws:logs:eu-west-1:123456789012:log-group:AWSIotLogsV2:*"],
        );
        const trust = documentOf(role.inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement[0].Principal, { Service: "iot.amazonaws.com" });
    });

    it("anomaly bands on messages and connections; IoT Core's fleet alarms are not its own (FleetAlarms')", () => {
        const [component] = logs.engine.ofType("iot-defender:logs:LogsDetect");
        const fleetQueries = logs.engine
            .childrenOf(component)
            .filter(a => a.type === ALARM)
            .flatMap(a => a.inputs.metricQueries ?? [])
            .filter((q: { expression?: string }) => q.expression?.startsWith("SELECT SUM("));
        assert.deepStrictEqual(fleetQueries, []);
        const bands = logs.engine
            .ofType(ALARM)
            .filter(
                a => a.inputs.comparisonOperator === "LessThanLowerOrGreaterThanUpperThreshold",
            );
        assert.deepStrictEqual(bands.map(a => a.inputs.metricQueries[0].metric.metricName).sort(), [
            "Connect.Success",
            "PublishIn.Success",
        ]);
        for (const a of bands) {
            assert.strictEqual(
                a.inputs.metricQueries[1].expression,
                "ANOMALY_DETECTION_BAND(m1, 3)",
            );
            assert.strictEqual(a.inputs.thresholdMetricId, "band");
        }
    });

    it("anomaly detection follows its confidence level, and can be turned off", async () => {
        const build = (anomalyDetection: object) =>
            buildOffline("dev", {
                edit: v =>
                    editJson(v, "detect", d => {
                        d.logs.anomalyDetection = anomalyDetection;
                    }),
            });
        const low = await build({ confidenceLevel: "LOW" });
        const expressions = low.engine
            .ofType(ALARM)
            .flatMap(a =>
                (a.inputs.metricQueries ?? []).map(
                    (q: { expression?: string; metric?: { metricName: string } }) => q.expression,
                ),
            );
        assert.ok(expressions.includes("ANOMALY_DETECTION_BAND(m1, 1)"));
        const off = await build({ enabled: false });
        assert.ok(!off.engine.ofType(ALARM).some(a => a.inputs.thresholdMetricId));
    });

    it("exports every alarm it creates, and the rule of each behaviour", () => {
        const names = logs.engine.ofType(ALARM).map(a => a.inputs.name);
        for (const n of regionOutputs(logs).alarmNames as string[]) assert.ok(names.includes(n), n);
        assert.strictEqual((regionOutputs(logs).alarmNames as string[]).length, names.length);
        assert.deepStrictEqual(
            Object.keys(regionOutputs(logs).insightRuleNames as object),
            behaviors.map(b => b.name),
        );
    });
});
