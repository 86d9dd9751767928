import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { SecurityProfile } from "../../components/iot/securityProfile";
import {
    buildOffline,
    documentOf,
    editJson,
    Json,
    onDeviceDefender,
    regionOutputs,
    TEST_ACCOUNT_ID,
} from "../harness";
import { detectRecordOf } from "../recorded";

const PROFILE = SecurityProfile.__pulumiType;
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const RECORDED = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "fixtures", "recordedDetect.json"), "utf8"),
) as Record<string, Record<string, string>>;

const gateways = {
    name: "gateways",
    behaviors: [
        {
            name: "AuthFailures",
            metric: "aws:num-authorization-failures",
            operator: "greater-than",
            threshold: 1,
            durationSeconds: 300,
            exportMetric: true,
        },
    ],
    targets: { thingGroups: ["gateways"] },
    alarm: { threshold: 3 },
    metricsToRetain: [{ metric: "aws:num-disconnects", exportMetric: true }],
    metricsExport: { mqttTopic: "$aws/rules/dd_export/gateways" },
};
const sensorsMl = {
    name: "sensors-ml",
    ml: { metrics: ["aws:num-messages-sent"] },
    targets: { thingGroups: ["sensors"] },
};

describe("Detect (device-defender engine)", () => {
    it("deploys exactly what it deployed before named profiles for the short form (dev and prod, recorded)", async () => {
        const dev = await buildOffline("dev", { edit: onDeviceDefender });
        const prod = await buildOffline("prod");
        assert.deepStrictEqual(
            detectRecordOf(dev.engine.resources),
            RECORDED["dev on device-defender"],
        );
        assert.deepStrictEqual(detectRecordOf(prod.engine.resources), RECORDED.prod);
    });

    describe("named profiles", () => {
        let b: Awaited<ReturnType<typeof buildOffline>>;
        before(async () => {
            b = await buildOffline("prod", {
                edit: v =>
                    editJson(v, "detect", d => {
                        d.profiles = [gateways, sensorsMl];
                    }),
            });
        });
        const profile = (name: string) =>
            b.engine.ofType(PROFILE).find(r => r.inputs.securityProfileName === name)!;

        it("each is its own security profile on its own targets, beside the short form's two", () => {
            assert.deepStrictEqual(
                b.engine
                    .ofType(PROFILE)
                    .map(r => [r.name, r.inputs.securityProfileName, r.inputs.targets])
                    .sort(),
                [
                    [
                        "iot-defender-prod-detect-gateways",
                        "iot-defender-prod-gateways",
                        [`arn:aws:iot:eu-west-1:${TEST_ACCOUNT_ID}:thinggroup/gateways`],
                    ],
                    [
                        "iot-defender-prod-detect-ml",
                        "iot-defender-prod-ml",
                        [
                            `arn:aws:iot:eu-west-1:${TEST_ACCOUNT_ID}:thinggroup/production-gateways`,
                            `arn:aws:iot:eu-west-1:${TEST_ACCOUNT_ID}:thinggroup/production-sensors`,
                        ],
                    ],
                    [
                        "iot-defender-prod-detect-rules",
                        "iot-defender-prod-rules",
                        [
                            `arn:aws:iot:eu-west-1:${TEST_ACCOUNT_ID}:thinggroup/production-gateways`,
                            `arn:aws:iot:eu-west-1:${TEST_ACCOUNT_ID}:thinggroup/production-sensors`,
                        ],
                    ],
                    [
                        "iot-defender-prod-detect-sensors-ml",
                        "iot-defender-prod-sensors-ml",
                        [`arn:aws:iot:eu-west-1:${TEST_ACCOUNT_ID}:thinggroup/sensors`],
                    ],
                ],
            );
            assert.deepStrictEqual(regionOutputs(b).securityProfileNames, [
                "iot-defender-prod-rules",
                "iot-defender-prod-ml",
                "iot-defender-prod-gateways",
                "iot-defender-prod-sensors-ml",
            ]);
        });

        it("rules or ML as declared, each alerting to the stack's topic", () => {
            const g = profile("iot-defender-prod-gateways");
            assert.deepStrictEqual(
                g.inputs.behaviors.map((x: Json) => [x.name, x.exportMetric]),
                [["AuthFailures", true]],
            );
            const ml = profile("iot-defender-prod-sensors-ml");
            assert.deepStrictEqual(
                ml.inputs.behaviors.map((x: Json) => [x.name, x.criteria.mlDetectionConfig]),
                [["ml-num-messages-sent", { confidenceLevel: "HIGH" }]],
            );
            assert.strictEqual(
                ml.inputs.securityProfileDescription,
                "ML Detect behaviors (confidence HIGH)",
            );
            for (const p of [g, ml])
                assert.deepStrictEqual(
                    p.inputs.alertTargets,
                    profile("iot-defender-prod-rules").inputs.alertTargets,
                );
        });

        it("each has its own Violations alarm, with its own settings or detect.alarm's", () => {
            const alarms = b.engine
                .ofType(ALARM)
                .filter(a => /-(gateways|sensors-ml)-violations$/.test(a.inputs.name));
            assert.deepStrictEqual(
                alarms.map(a => [a.inputs.name, a.inputs.dimensions, a.inputs.threshold]).sort(),
                [
                    [
                        "iot-defender-prod-gateways-violations",
                        { SecurityProfileName: "iot-defender-prod-gateways" },
                        3,
                    ],
                    [
                        "iot-defender-prod-sensors-ml-violations",
                        { SecurityProfileName: "iot-defender-prod-sensors-ml" },
                        1,
                    ],
                ],
            );
            assert.ok(
                (regionOutputs(b).alarmNames as string[]).includes(
                    "iot-defender-prod-gateways-violations",
                ),
            );
        });

        it("retains and exports what the profile says, in the API's member names", () => {
            const g = profile("iot-defender-prod-gateways");
            assert.deepStrictEqual(g.inputs.additionalMetricsToRetainV2, [
                { metric: "aws:num-disconnects", exportMetric: true },
            ]);
            assert.strictEqual(
                g.inputs.metricsExportConfig.mqttTopic,
                "$aws/rules/dd_export/gateways",
            );
            const role = b.engine
                .ofType(ROLE)
                .find(r => r.name === "iot-defender-prod-detect-gateways-export")!;
            assert.strictEqual(g.inputs.metricsExportConfig.roleArn, role.state.arn);
            // A profile that exports nothing has neither key.
            const ml = profile("iot-defender-prod-sensors-ml");
            assert.ok(
                !("additionalMetricsToRetainV2" in ml.inputs) &&
                    !("metricsExportConfig" in ml.inputs),
            );
        });

        it("the export role: trusted by IoT for the stack's account only, allowed iot:Publish on the topic only", () => {
            const role = b.engine
                .ofType(ROLE)
                .find(r => r.name === "iot-defender-prod-detect-gateways-export")!;
            assert.deepStrictEqual(documentOf(role.inputs.assumeRolePolicy).Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: "iot.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID } },
                },
            ]);
            const policy = b.engine
                .ofType(ROLE_POLICY)
                .find(r => r.name === "iot-defender-prod-detect-gateways-export-policy")!;
            assert.deepStrictEqual(documentOf(policy.inputs.policy).Statement, [
                {
                    Effect: "Allow",
                    Action: "iot:Publish",
                    Resource: `arn:aws:iot:eu-west-1:${TEST_ACCOUNT_ID}:topic/$aws/rules/dd_export/gateways`,
                },
            ]);
            assert.strictEqual(
                b.engine.ofType(ROLE).filter(r => r.name.endsWith("-export")).length,
                1,
            );
        });
    });
});
