/**
 * `ops verify` checks IoT Core's fleet alarms on either Detect engine: each reads its metric summed
 * over the fleet with the inventory's period, evaluation periods, threshold and operator, and
 * notifies the alert topic. A healthy account passes every line; each drift fails its alarm's line,
 * naming what differs.
 */
import { DescribeAlarmsCommand, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import * as assert from "assert";
import { Settings } from "../../components/config/load";
import { stackInventory } from "../../components/inventory";
import { verifyFleetAlarms } from "../../tools/ops/verify/fleetAlarms";
import { Verdict, Verifier } from "../../tools/ops/verify/verifier";
import { stackSettings } from "../harness";
import { ACCOUNT, harness, Harness, instantRetries, REGION, target } from "./fixture";

const dev = stackSettings("dev");
const prod = stackSettings("prod");
const topic = (s: Settings) =>
    `arn:aws:sns:${REGION}:${ACCOUNT}:${s.namePrefix}-${s.environment}-alerts`;

/** An account where the fleet alarms are deployed as the inventory plans them, with drift applied. */
function account(h: Harness, s: Settings, drift: (alarms: MetricAlarm[]) => void = () => {}) {
    const alarms: MetricAlarm[] = stackInventory(s).fleetAlarms!.alarms.map(a => ({
        AlarmName: a.name,
        Metrics: [{ Id: "fleet", Expression: a.query, Period: a.periodSeconds, ReturnData: true }],
        EvaluationPeriods: a.evaluationPeriods,
        Threshold: a.threshold,
        ComparisonOperator: a.comparisonOperator,
        AlarmActions: [topic(s)],
        ActionsEnabled: true,
    }));
    drift(alarms);
    h.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: alarms });
}

async function verdicts(h: Harness, s: Settings): Promise<Verdict[]> {
    const results: Verdict[] = [];
    const v = new Verifier(h.ctx, target(s, { alertTopicArn: topic(s), region: REGION }), r =>
        results.push(r),
    );
    await verifyFleetAlarms(v, stackInventory(s).fleetAlarms!);
    return results;
}
const line = (r: Verdict) => `${r.status} ${r.what}${r.reason ? `: ${r.reason}` : ""}`;
const failures = (rs: Verdict[]) => rs.filter(r => r.status === "FAIL").map(line);

describe("ops verify: IoT Core's fleet alarms", () => {
    instantRetries();

    for (const [stack, s] of [
        ["dev (logs engine)", dev],
        ["prod (Device Defender engine)", prod],
    ] as const)
        it(`passes a healthy account on ${stack}, one line per fleet alarm`, async () => {
            const h = harness();
            account(h, s);
            const results = await verdicts(h, s);
            assert.deepStrictEqual(failures(results), []);
            assert.deepStrictEqual(
                results.map(line),
                stackInventory(s).fleetAlarms!.alarms.map(
                    a =>
                        `PASS fleet alarm ${a.name}: ${a.metric} GreaterThanOrEqualToThreshold 1 in 300s`,
                ),
            );
        });

    it("fails an alarm whose threshold, period, evaluation periods or operator is not the inventory's", async () => {
        const h = harness();
        const [first] = stackInventory(prod).fleetAlarms!.alarms;
        account(h, prod, alarms => {
            Object.assign(alarms[0], {
                Threshold: 50,
                EvaluationPeriods: 3,
                ComparisonOperator: "GreaterThanThreshold",
            });
            alarms[0].Metrics![0].Period = 60;
        });
        assert.deepStrictEqual(failures(await verdicts(h, prod)), [
            `FAIL fleet alarm ${first.name}: period 60s, not 300s; 3 evaluation periods, not 1; threshold 50, not 1; operator GreaterThanThreshold, not GreaterThanOrEqualToThreshold`,
        ]);
    });

    it("fails an alarm that reads another metric, notifies another topic, or is missing", async () => {
        const h = harness();
        const [first, second, third] = stackInventory(prod).fleetAlarms!.alarms;
        account(h, prod, alarms => {
            alarms[0].Metrics![0].Expression = 'SELECT SUM("Connect.Success") FROM "AWS/IoT"';
            alarms[1].AlarmActions = [`arn:aws:sns:${REGION}:${ACCOUNT}:someone-elses`];
            alarms.splice(2, 1);
        });
        assert.deepStrictEqual(failures(await verdicts(h, prod)), [
            `FAIL fleet alarm ${first.name}: does not read ${first.query} (reads SELECT SUM("Connect.Success") FROM "AWS/IoT")`,
            `FAIL fleet alarm ${second.name}: no alarm action reaches the alert topic (SNS target is arn:aws:sns:${REGION}:${ACCOUNT}:someone-elses, not the stack's alert topic ${topic(prod)})`,
            `FAIL fleet alarm ${third.name}: no CloudWatch alarm named ${third.name} in ${REGION}`,
        ]);
    });

    it("checks the thresholds the config sets, and only the metrics it enables", async () => {
        const s = stackSettings("prod", v => {
            v["iot-defender:fleetAlarms"] = JSON.stringify({
                metrics: {
                    "PublishIn.Throttle": {
                        threshold: 20,
                        periodSeconds: 60,
                        evaluationPeriods: 5,
                    },
                    "Subscribe.AuthError": { enabled: false },
                    Failure: { enabled: true },
                },
            });
        });
        const h = harness();
        account(h, s);
        const results = await verdicts(h, s);
        assert.deepStrictEqual(
            results.map(line),
            [
                "Connect.AuthError GreaterThanOrEqualToThreshold 1 in 300s",
                "PublishIn.AuthError GreaterThanOrEqualToThreshold 1 in 300s",
                "PublishIn.Throttle GreaterThanOrEqualToThreshold 20 in 60s",
                "Failure GreaterThanOrEqualToThreshold 1 in 300s",
            ].map(note => {
                const metric = note.split(" ")[0];
                return `PASS fleet alarm iot-defender-prod-iot-${metric.replace(/\./g, "-")}: ${note}`;
            }),
        );
    });
});
