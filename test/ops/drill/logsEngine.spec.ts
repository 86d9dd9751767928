/**
 * `ops drill` end to end on the logs Detect engine (dev's): the device connects to the account's
 * `iot:Data-ATS` endpoint, each behaviour's signal is the drill client ID over the threshold in the
 * Contributor Insights rule the stack deploys for it, its alarm is the one the stack deploys, the
 * response is the responder's line for that alarm; everything is cleaned up.
 */
import {
    DescribeAlarmHistoryCommand,
    GetInsightRuleReportCommand,
} from "@aws-sdk/client-cloudwatch";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeEndpointCommand } from "@aws-sdk/client-iot";
import * as assert from "assert";
import { stackInventory } from "../../../components/inventory";
import { drill } from "../../../tools/ops/drill/command";
import { editJson } from "../../harness";
import { instantRetries, target } from "../fixture";
import { emptyAccount } from "./account";
import { drillScenario, OPTIONS, OPTIONS_RUN, small } from "./scenario";

describe("ops drill on the logs engine", function () {
    this.timeout(60_000);
    instantRetries();
    const sc = drillScenario();
    const logs = small("dev", v =>
        editJson(v, "detect", d => {
            d.engine = "logs";
            delete d.alarm;
            delete d.ml;
        }),
    );
    const plans = stackInventory(logs).detect.logs!.behaviors;
    const thing = `iot-defender-dev-drill-${OPTIONS_RUN}`;

    it("sees each rule's contributor, alarm and response for the drill client, cleans up, exits 0", async () => {
        const { h } = sc;
        h.cloudwatch.on(GetInsightRuleReportCommand).callsFake(() => ({
            Contributors: [
                { Keys: [thing], Datapoints: [{ Timestamp: h.ctx.now(), ApproximateValue: 500 }] },
            ],
        }));
        h.cloudwatch.on(DescribeAlarmHistoryCommand).callsFake(() => ({
            AlarmHistoryItems: [
                {
                    Timestamp: h.ctx.now(),
                    HistoryData: JSON.stringify({ newState: { stateValue: "ALARM" } }),
                },
            ],
        }));
        h.logs.on(FilterLogEventsCommand).callsFake(() => ({
            events: plans.map(p => ({
                timestamp: h.ctx.now().getTime(),
                message: JSON.stringify({
                    message: { kind: "alarm", alarmName: p.alarmName, alarmState: "ALARM" },
                }),
            })),
        }));

        const code = await drill(h.ctx, target(logs), OPTIONS, sc.deps());
        assert.strictEqual(code, 0, sc.everything());
        assert.strictEqual(h.out.filter(l => / ok$/.test(l)).length, plans.length);
        assert.ok(emptyAccount(sc.acc), "everything the drill created is gone");
        assert.strictEqual(
            h.iot.commandCalls(DescribeEndpointCommand)[0].args[0].input.endpointType,
            "iot:Data-ATS",
        );
        // The rules and alarms the stack deploys for its behaviours, and no others.
        assert.deepStrictEqual(
            new Set(
                h.cloudwatch
                    .commandCalls(GetInsightRuleReportCommand)
                    .map(c => c.args[0].input.RuleName),
            ),
            new Set(plans.map(p => p.ruleName)),
        );
        assert.deepStrictEqual(
            new Set(
                h.cloudwatch
                    .commandCalls(DescribeAlarmHistoryCommand)
                    .map(c => c.args[0].input.AlarmName),
            ),
            new Set(plans.map(p => p.alarmName)),
        );
        assert.ok(
            sc.broker.log.connections.every(c => c === thing),
            "only as the drill thing",
        );
    });
});
