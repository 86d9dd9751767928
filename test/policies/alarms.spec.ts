import { CLOUDWATCH } from "../../components/facts";
import { nonCompliantQuery } from "../../components/alarms";
import { deviceDefenderAlarms } from "../../policies/rules/alarms";
import { assertFails, assertNotApplicable, assertPasses, assertUnknownOnly, check, TOPIC_ARN, UNKNOWN } from "./helpers";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const violations = (over: Record<string, unknown> = {}) => ({
    namespace: CLOUDWATCH.namespace, metricName: CLOUDWATCH.metrics.violations, dimensions: { SecurityProfileName: "p" },
    statistic: "Sum", period: 300, evaluationPeriods: 1, threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold",
    alarmActions: [TOPIC_ARN], ...over,
});
const insights = (expression: string, over: Record<string, unknown> = {}) => ({
    metricQueries: [{ id: "q", expression, period: 300, returnData: true }], evaluationPeriods: 1, threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold", alarmActions: [TOPIC_ARN], ...over,
});

describe("policy cloudwatch-device-defender-alarms (mandatory)", () => {
    const p = deviceDefenderAlarms;
    it("passes a Violations alarm in AWS/IoT with an action", async () => assertPasses(await check(p, ALARM, violations())));
    it("passes the program's Metrics Insights alarm on NonCompliantResources", async () =>
        assertPasses(await check(p, ALARM, insights(nonCompliantQuery(["weekly"])))));
    it("rejects the non-existent AWS/IoT/DeviceDefender namespace", async () =>
        assertFails(await check(p, ALARM, violations({ namespace: "AWS/IoT/DeviceDefender" })), "uses namespace AWS/IoT/DeviceDefender"));
    it("rejects a Metrics Insights query on a Device Defender metric in the wrong namespace", async () =>
        assertFails(await check(p, ALARM, insights(`SELECT SUM(NonCompliantResources) FROM SCHEMA("AWS/IoTDeviceDefender", CheckName)`)), "AWS/IoTDeviceDefender"));
    it("rejects a metricQueries metric in the wrong namespace", async () =>
        assertFails(await check(p, ALARM, { metricQueries: [{ id: "m", metric: { namespace: "IoT/Defender", metricName: "Violations", period: 300, stat: "Sum" } }], alarmActions: [TOPIC_ARN] }),
            "metricQueries[0].metric"));
    it("rejects an alarm without actions, or with actions disabled", async () => {
        assertFails(await check(p, ALARM, violations({ alarmActions: [] })), "no alarmActions");
        assertFails(await check(p, ALARM, violations({ actionsEnabled: false })), "actionsEnabled: false");
    });
    it("does not apply to alarms on other metrics, or on another namespace's metric of the same name", async () => {
        assertNotApplicable(await check(p, ALARM, { namespace: "AWS/Lambda", metricName: "Errors", alarmActions: [] }));
        assertNotApplicable(await check(p, ALARM, { namespace: "MyApp", metricName: "Violations", alarmActions: [] }));
        assertNotApplicable(await check(p, "aws:sns/topic:Topic", {}));
    });
    it("reports nothing while the alarm's namespace is unknown (preview)", async () =>
        assertUnknownOnly(await check(p, ALARM, violations({ namespace: UNKNOWN }))));
    it("passes while the action ARNs are unknown but present (preview)", async () =>
        assertPasses(await check(p, ALARM, violations({ alarmActions: [UNKNOWN] }))));
});
