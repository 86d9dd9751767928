import * as assert from "assert";
import { CLOUDWATCH } from "../../components/facts";
import { nonCompliantQuery } from "../../components/alarms";
import {
    deviceDefenderAlarms,
    expressionNamespaces,
    isMistakenDeviceDefenderNamespace,
} from "../../policies/rules/alarms";
import {
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    TOPIC_ARN,
    UNKNOWN,
} from "./helpers";
import { checkOnServer } from "./onServer";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const violations = (over: Record<string, unknown> = {}) => ({
    namespace: CLOUDWATCH.namespace,
    metricName: CLOUDWATCH.metrics.violations,
    dimensions: { SecurityProfileName: "p" },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    alarmActions: [TOPIC_ARN],
    ...over,
});
const insights = (expression: string, over: Record<string, unknown> = {}) => ({
    metricQueries: [{ id: "q", expression, period: 300, returnData: true }],
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    alarmActions: [TOPIC_ARN],
    ...over,
});

describe("policy cloudwatch-device-defender-alarms (mandatory)", () => {
    const p = deviceDefenderAlarms;
    it("passes a Violations alarm in AWS/IoT with an action", async () =>
        assertPasses(await check(p, ALARM, violations())));
    it("passes the program's Metrics Insights alarm on NonCompliantResources", async () =>
        assertPasses(await check(p, ALARM, insights(nonCompliantQuery(["weekly"])))));
    it("rejects the non-existent AWS/IoT/DeviceDefender namespace", async () =>
        assertFails(
            await checkOnServer(p, ALARM, violations({ namespace: "AWS/IoT/DeviceDefender" })),
            "uses namespace AWS/IoT/DeviceDefender",
        ));
    it("rejects a Metrics Insights query on a Device Defender metric in the wrong namespace", async () =>
        assertFails(
            await check(
                p,
                ALARM,
                insights(
                    `SELECT SUM(NonCompliantResources) FROM SCHEMA("AWS/IoTDeviceDefender", CheckName)`,
                ),
            ),
            "AWS/IoTDeviceDefender",
        ));
    it("rejects a metricQueries metric in the wrong namespace", async () =>
        assertFails(
            await check(p, ALARM, {
                metricQueries: [
                    {
                        id: "m",
                        metric: {
                            namespace: "IoT/Defender",
                            metricName: "Violations",
                            period: 300,
                            stat: "Sum",
                        },
                    },
                ],
                alarmActions: [TOPIC_ARN],
            }),
            "metricQueries[0].metric",
        ));
    it("rejects an alarm without actions, or with actions disabled", async () => {
        assertFails(await check(p, ALARM, violations({ alarmActions: [] })), "no alarmActions");
        assertFails(
            await check(p, ALARM, violations({ actionsEnabled: false })),
            "actionsEnabled: false",
        );
    });
    it("does not apply to alarms on other metrics, or on another namespace's metric of the same name", async () => {
        assertNotApplicable(
            await check(p, ALARM, {
                namespace: "AWS/Lambda",
                metricName: "Errors",
                alarmActions: [],
            }),
        );
        assertNotApplicable(
            await check(p, ALARM, {
                namespace: "MyApp",
                metricName: "Violations",
                alarmActions: [],
            }),
        );
        assertNotApplicable(await check(p, "aws:sns/topic:Topic", {}));
    });
    describe("any metric in a mistaken Device Defender namespace", () => {
        /** The recipe's CloudFormation alarm: a metric Device Defender does not publish, in a namespace that does not exist. */
        const recipeAuditFindingsAlarm = {
            alarmName: "IoT-AuditFindings",
            alarmDescription: "Alert on Device Defender audit findings",
            metricName: "AuditFindings",
            namespace: "AWS/IoT/DeviceDefender",
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            alarmActions: [TOPIC_ARN],
            treatMissingData: "notBreaching",
        };
        it("rejects the recipe's AuditFindings alarm in AWS/IoT/DeviceDefender", async () => {
            const o = await check(p, ALARM, recipeAuditFindingsAlarm);
            assert.deepStrictEqual(
                o.violations.map(v => v.message),
                [
                    "metricName (AuditFindings) uses namespace AWS/IoT/DeviceDefender: Device Defender publishes to AWS/IoT, so the alarm would never fire; " +
                        "and Device Defender publishes no AuditFindings metric (its metrics: Violations, ViolationsCleared, ViolationsInvalidated, NonCompliantResources, ResourcesEvaluated)",
                ],
            );
        });
        it("rejects it also without actions, and in another letter case of AWS/IoT", async () => {
            assertFails(
                await check(p, ALARM, { ...recipeAuditFindingsAlarm, alarmActions: [] }),
                "uses namespace AWS/IoT/DeviceDefender",
                "no alarmActions",
            );
            assertFails(
                await check(p, ALARM, { ...recipeAuditFindingsAlarm, namespace: "AWS/IOT" }),
                "uses namespace AWS/IOT",
            );
        });
        it("rejects it as a metricQueries metric, in a Metrics Insights query and in SEARCH expressions", async () => {
            const query = (q: Record<string, unknown>) => ({
                metricQueries: [{ id: "q", returnData: true, ...q }],
                alarmActions: [TOPIC_ARN],
            });
            assertFails(
                await check(
                    p,
                    ALARM,
                    query({
                        metric: {
                            namespace: "AWS/IoT/DeviceDefender",
                            metricName: "AuditFindings",
                            period: 300,
                            stat: "Sum",
                        },
                    }),
                ),
                "metricQueries[0].metric (AuditFindings) uses namespace AWS/IoT/DeviceDefender",
            );
            assertFails(
                await check(
                    p,
                    ALARM,
                    insights(
                        `SELECT SUM(AuditFindings) FROM SCHEMA("AWS/IoT/DeviceDefender", CheckName)`,
                    ),
                ),
                "metricQueries[0].expression uses namespace AWS/IoT/DeviceDefender",
            );
            assertFails(
                await check(
                    p,
                    ALARM,
                    insights(
                        `SEARCH('{AWS/IoT/DeviceDefender,CheckName} MetricName="AuditFindings"', 'Sum', 300)`,
                    ),
                ),
                "metricQueries[0].expression uses namespace AWS/IoT/DeviceDefender",
            );
            assertFails(
                await check(
                    p,
                    ALARM,
                    insights(
                        `SUM(SEARCH('Namespace="IoT/DeviceDefender" MetricName="Findings"', 'Sum', 300))`,
                    ),
                ),
                "metricQueries[0].expression uses namespace IoT/DeviceDefender",
            );
        });
        it("does not apply to AWS/IoT's own IoT Core metrics, or to other IoT services' and IoT rules' namespaces", async () => {
            for (const [namespace, metricName] of [
                ["AWS/IoT", "PublishIn.Success"],
                ["AWS/IoT", "Connect.Success"],
                ["AWS/IoTSiteWise", "Gateway.Heartbeat"],
                ["Factory/IoT", "Temperature"],
            ]) {
                assertNotApplicable(
                    await check(p, ALARM, { namespace, metricName, alarmActions: [] }),
                );
            }
            assertNotApplicable(
                await check(
                    p,
                    ALARM,
                    insights(
                        `SEARCH('{AWS/IoT,Protocol} MetricName="PublishIn.Success"', 'Sum', 300)`,
                        { alarmActions: [] },
                    ),
                ),
            );
        });
        it("tells a mistaken Device Defender namespace from real ones", () => {
            assert.deepStrictEqual(
                [
                    "AWS/IoT/DeviceDefender",
                    "AWS/IoTDeviceDefender",
                    "aws/iot",
                    "IoT/Defender",
                    "AWS/IoT",
                    "AWS/IoTSiteWise",
                    "AWS/IoTAnalytics",
                    "Factory/IoT",
                ].filter(isMistakenDeviceDefenderNamespace),
                ["AWS/IoT/DeviceDefender", "AWS/IoTDeviceDefender", "aws/iot", "IoT/Defender"],
            );
            assert.deepStrictEqual(
                expressionNamespaces(
                    `SEARCH('Namespace="AWS/IoT" MetricName="Violations"', 'Sum', 300)`,
                ),
                ["AWS/IoT"],
            );
        });
        it("reports nothing while a non-Device Defender alarm's namespace is unknown (preview)", async () =>
            assertUnknownOnly(
                await check(p, ALARM, { ...recipeAuditFindingsAlarm, namespace: UNKNOWN }),
            ));
    });
    it("reports nothing while the alarm's namespace is unknown (preview)", async () =>
        assertUnknownOnly(await check(p, ALARM, violations({ namespace: UNKNOWN }))));
    it("passes while the action ARNs are unknown but present (preview)", async () =>
        assertPasses(await check(p, ALARM, violations({ alarmActions: [UNKNOWN] }))));
});
