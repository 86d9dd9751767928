/**
 * The fleet alarms in the stack inventory: one per enabled `fleetAlarms` metric, in FLEET_METRICS'
 * order, with the settings' threshold, period and evaluation periods, on either Detect engine;
 * none with Detect off, with the section off, or with every metric off.
 */
import * as assert from "assert";
import { stackInventory } from "../../../components/inventory";
import { editJson, onDeviceDefender, stackSettings } from "../../harness";

const fleet = (value: unknown) => (v: Record<string, string>) =>
    editJson(v, "fleetAlarms", f => Object.assign(f, value));

describe("stack inventory: fleet alarms", () => {
    it("the same four alarms on either engine, by name, each on its metric summed over the fleet", () => {
        const logs = stackInventory(stackSettings("dev")).fleetAlarms!.alarms;
        const deviceDefender = stackInventory(stackSettings("dev", onDeviceDefender)).fleetAlarms!
            .alarms;
        assert.deepStrictEqual(logs, deviceDefender);
        assert.deepStrictEqual(
            logs.map(a => [
                a.name,
                a.metric,
                a.query,
                a.threshold,
                a.periodSeconds,
                a.evaluationPeriods,
            ]),
            [
                "Connect.AuthError",
                "PublishIn.AuthError",
                "Subscribe.AuthError",
                "PublishIn.Throttle",
            ].map(m => [
                `iot-defender-dev-iot-${m.replace(".", "-")}`,
                m,
                `SELECT SUM("${m}") FROM "AWS/IoT"`,
                1,
                300,
                1,
            ]),
        );
        for (const a of logs) {
            assert.strictEqual(a.namespace, "AWS/IoT");
            assert.deepStrictEqual(a.dimensions, {});
            assert.strictEqual(a.comparisonOperator, "GreaterThanOrEqualToThreshold");
        }
    });

    it("takes the config's metrics and values", () => {
        const inv = stackInventory(
            stackSettings(
                "prod",
                fleet({
                    metrics: {
                        RuleMessageThrottled: {
                            enabled: true,
                            threshold: 10,
                            evaluationPeriods: 2,
                        },
                        "Connect.AuthError": { enabled: false },
                    },
                }),
            ),
        );
        assert.deepStrictEqual(
            inv.fleetAlarms!.alarms.map(a => [a.name, a.threshold, a.evaluationPeriods]),
            [
                ["iot-defender-prod-iot-PublishIn-AuthError", 1, 1],
                ["iot-defender-prod-iot-Subscribe-AuthError", 1, 1],
                ["iot-defender-prod-iot-PublishIn-Throttle", 1, 1],
                ["iot-defender-prod-iot-RuleMessageThrottled", 10, 2],
            ],
        );
        assert.deepStrictEqual(
            inv.alarms.filter(a => a.name.includes("-iot-")).map(a => a.name),
            inv.fleetAlarms!.alarms.map(a => a.name),
            "every fleet alarm is among the stack's alarms",
        );
    });

    it("none when the section is off, every metric is off, or Detect is off", () => {
        const off = (edit: (v: Record<string, string>) => void) =>
            stackInventory(stackSettings("prod", edit)).fleetAlarms;
        assert.strictEqual(off(fleet({ enabled: false })), undefined);
        assert.strictEqual(
            off(
                fleet({
                    metrics: Object.fromEntries(
                        [
                            "Connect.AuthError",
                            "PublishIn.AuthError",
                            "Subscribe.AuthError",
                            "PublishIn.Throttle",
                        ].map(m => [m, { enabled: false }]),
                    ),
                }),
            ),
            undefined,
        );
        const detectOff = stackSettings("dev", v =>
            editJson(v, "detect", d => (d.enabled = false)),
        );
        assert.strictEqual(stackInventory(detectOff).fleetAlarms, undefined);
    });
});
