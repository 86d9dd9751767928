/**
 * FleetAlarms: IoT Core's fleet alarms, one owner for either Detect engine. Each alarm reads its
 * metric summed over the fleet with the inventory's threshold, period and evaluation periods and
 * notifies the alert topic; the alarms keep the physical names they had as LogsDetect's children,
 * and alias the URNs they had there on either engine, so `pulumi up` moves them.
 */
import * as assert from "assert";
import { FleetAlarms } from "../../components/fleetAlarms";
import { stackInventory } from "../../components/inventory";
import type { OfflineBuild } from "../../tools/offline/build";
import { buildOffline, editJson, OfflineEngine, readOutput } from "../harness";
import { readRecord } from "../regions/recorded";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPONENT = "iot-defender:fleetAlarms:FleetAlarms";

/** Dev's fleet alarms as `test/regions/recorded/dev.json` recorded them before they moved (commit 4222334). */
const DEV_URNS_BEFORE_THE_MOVE = [
    "Connect.AuthError",
    "PublishIn.AuthError",
    "PublishIn.Throttle",
    "Subscribe.AuthError",
].map(
    m =>
        `urn:pulumi:dev::iot-defender::iot-defender:logs:LogsDetect$aws:cloudwatch/metricAlarm:MetricAlarm::iot-defender-dev-logs-fleet-${m}`,
);

const topicArn = (b: OfflineBuild) => b.engine.ofType("aws:sns/topic:Topic")[0].state.arn;
const fleetAlarms = (b: OfflineBuild) => {
    const [component] = b.engine.ofType(COMPONENT);
    assert.ok(component, `no ${COMPONENT}`);
    return b.engine.childrenOf(component).filter(r => r.type === ALARM);
};

describe("FleetAlarms component", () => {
    let dev: OfflineBuild;
    let prod: OfflineBuild;
    before(async () => {
        dev = await buildOffline("dev");
        prod = await buildOffline("prod");
    });

    for (const stack of ["dev", "prod"] as const)
        it(`${stack}: one alarm per inventory entry, reading the metric summed over the fleet, notifying the alert topic`, () => {
            const build = stack === "dev" ? dev : prod;
            const specs = stackInventory(build.settings).fleetAlarms!.alarms;
            const alarms = fleetAlarms(build);
            assert.deepStrictEqual(
                alarms.map(a => a.inputs.name),
                specs.map(s => s.name),
            );
            for (const [i, a] of alarms.entries()) {
                const spec = specs[i];
                assert.deepStrictEqual(a.inputs.metricQueries, [
                    {
                        id: "fleet",
                        expression: spec.query,
                        period: spec.periodSeconds,
                        label: spec.metric,
                        returnData: true,
                    },
                ]);
                assert.strictEqual(a.inputs.threshold, spec.threshold);
                assert.strictEqual(a.inputs.evaluationPeriods, spec.evaluationPeriods);
                assert.strictEqual(a.inputs.comparisonOperator, "GreaterThanOrEqualToThreshold");
                assert.strictEqual(a.inputs.treatMissingData, "notBreaching");
                assert.deepStrictEqual(a.inputs.alarmActions, [topicArn(build)]);
                assert.deepStrictEqual(a.inputs.okActions, [topicArn(build)]);
            }
        });

    it("dev's alarms alias the URNs recorded for them under LogsDetect, which no resource has any more", () => {
        const aliases = fleetAlarms(dev).flatMap(a => a.aliases ?? []);
        assert.deepStrictEqual([...aliases].sort(), DEV_URNS_BEFORE_THE_MOVE);
        const urns = dev.engine.resources.map(r => r.urn);
        assert.deepStrictEqual(
            DEV_URNS_BEFORE_THE_MOVE.filter(u => urns.includes(u)),
            [],
        );
        // The recorded stack keeps the move: its fleet alarms list the URNs they had.
        const recorded = readRecord("dev").flatMap(r => r.aliases ?? []);
        assert.deepStrictEqual([...recorded].sort(), DEV_URNS_BEFORE_THE_MOVE);
    });

    it("dev switched to the Device Defender engine in the update that moves them still aliases them", async () => {
        // Without the aliases Pulumi would create the same-named alarms (PutMetricAlarm overwrites
        // the old) and then delete the old resources, deleting the alarms by name.
        const switched = await buildOffline("dev", {
            edit: v => editJson(v, "detect", d => void (d.engine = "device-defender")),
        });
        assert.strictEqual(switched.engine.ofType("iot-defender:logs:LogsDetect").length, 0);
        const aliases = fleetAlarms(switched).flatMap(a => a.aliases ?? []);
        assert.deepStrictEqual([...aliases].sort(), DEV_URNS_BEFORE_THE_MOVE);
    });

    it("prod (device-defender) aliases where a logs-engine prod had them", () => {
        const aliases = fleetAlarms(prod).flatMap(a => a.aliases ?? []);
        assert.strictEqual(aliases.length, fleetAlarms(prod).length);
        for (const a of aliases)
            assert.match(
                String(a),
                /^urn:pulumi:prod::iot-defender::iot-defender:logs:LogsDetect\$aws:cloudwatch\/metricAlarm:MetricAlarm::iot-defender-prod-logs-fleet-/,
            );
    });
});

describe("FleetAlarms component, on its own", () => {
    const [spec] = [
        {
            name: "team-iot-Failure",
            namespace: "AWS/IoT",
            metric: "Failure" as const,
            dimensions: {},
            query: 'SELECT SUM("Failure") FROM "AWS/IoT"',
            threshold: 5,
            periodSeconds: 60,
            evaluationPeriods: 3,
            comparisonOperator: "GreaterThanOrEqualToThreshold" as const,
        },
    ];
    const topic = "arn:aws:sns:eu-west-1:123456789012:alerts";
    const build = async (args: ConstructorParameters<typeof FleetAlarms>[1]) => {
        const engine = new OfflineEngine();
        await engine.install("iot-defender", "unit", { "aws:region": "eu-west-1" });
        try {
            const fleet = new FleetAlarms("team-fleet", args);
            await readOutput(fleet.alarms[0].arn);
            await engine.settle();
            return engine;
        } finally {
            engine.release();
        }
    };

    it("takes the spec's threshold, period and evaluation periods, and aliases the former parent's child", async () => {
        const engine = await build({
            alarms: [spec],
            topicArn: topic,
            formerParent: { type: "iot-defender:logs:LogsDetect", name: "team-logs" },
        });
        const [alarm] = engine.ofType(ALARM);
        assert.strictEqual(alarm.name, "team-fleet-Failure");
        assert.strictEqual(alarm.inputs.threshold, 5);
        assert.strictEqual(alarm.inputs.evaluationPeriods, 3);
        assert.strictEqual(alarm.inputs.metricQueries[0].period, 60);
        assert.deepStrictEqual(alarm.aliases, [
            "urn:pulumi:unit::iot-defender::iot-defender:logs:LogsDetect$aws:cloudwatch/metricAlarm:MetricAlarm::team-logs-fleet-Failure",
        ]);
    });

    it("refuses no alarm, an alarm twice, and a metric that is not a fleet metric", async () => {
        await assert.rejects(build({ alarms: [], topicArn: topic }), /at least one; got \[\]/);
        await assert.rejects(
            build({ alarms: [spec, spec], topicArn: topic }),
            /each alarm once.*"team-iot-Failure","team-iot-Failure"/,
        );
        await assert.rejects(
            build({
                alarms: [{ ...spec, metric: "Connect.Success" as unknown as "Failure" }],
                topicArn: topic,
            }),
            /watches Connect.Success, not an IoT Core fleet metric; allowed: Connect.AuthError/,
        );
    });

    it("refuses settings CloudWatch would refuse, naming the alarm, the value and what is allowed", async () => {
        const refused = (edit: Partial<typeof spec>, message: RegExp) =>
            assert.rejects(build({ alarms: [{ ...spec, ...edit }], topicArn: topic }), message);
        await refused(
            { threshold: Number.NaN },
            /alarm team-iot-Failure has threshold NaN; allowed: a finite number/,
        );
        await refused(
            { periodSeconds: 90 },
            /has periodSeconds 90; allowed: a multiple of 60 from 60 to 10800/,
        );
        await refused(
            { evaluationPeriods: 0 },
            /has evaluationPeriods 0; allowed: a whole number ≥ 1/,
        );
        await refused(
            { periodSeconds: 3600, evaluationPeriods: 4 },
            /looks back 14400 s .*allowed: at most 10800 s, the 3 hours/,
        );
    });
});
