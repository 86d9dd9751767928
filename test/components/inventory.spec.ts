/**
 * The stack inventory: what settings deploy, by name, with what each alarm watches. The stack
 * builds exactly this (its alarms and profiles are the inventory's), and the ops commands and
 * benchmarks read the same.
 */
import * as assert from "assert";
import {
    AlarmSpec,
    deviceDefenderInventory,
    stackInventory,
    targetArn,
} from "../../components/inventory";
import { buildOffline, editJson, onDeviceDefender, regionOutputs, stackSettings } from "../harness";

/** Dev's values on the Device Defender engine; the logs engine's inventory is specified below. */
const dev = stackSettings("dev", onDeviceDefender);
const prod = stackSettings("prod");

describe("stack inventory", () => {
    it("names what dev deploys in its region", () => {
        const inv = stackInventory(dev);
        assert.strictEqual(inv.region, "eu-west-1");
        assert.strictEqual(inv.baseName, "iot-defender-dev");
        assert.strictEqual(inv.alertTopic, "iot-defender-dev-alerts");
        assert.strictEqual(inv.dashboard, "iot-defender-dev-device-defender");
        assert.deepStrictEqual(
            inv.securityProfiles.map(p => [p.name, p.kind]),
            [
                ["iot-defender-dev-rules", "rules"],
                ["iot-defender-dev-ml", "ml"],
            ],
        );
        assert.deepStrictEqual(inv.detect.deviceDefender?.targets, [
            { allThings: "registered-things" },
        ]);
        assert.deepStrictEqual(inv.remediation?.mitigationActions, {
            quarantine: "iot-defender-dev-quarantine",
            "deactivate-device-certificate": "iot-defender-dev-deactivate-device-certificate",
            "publish-finding": "iot-defender-dev-publish-finding",
            "enable-iot-logging": "iot-defender-dev-enable-iot-logging",
            "replace-default-policy": "iot-defender-dev-replace-default-policy",
        });
        assert.strictEqual(inv.remediation?.quarantineGroup, "iot-defender-dev-quarantine");
        assert.strictEqual(inv.remediation?.responderFunction, "iot-defender-dev-responder");
        assert.strictEqual(inv.remediation?.deadLetterQueue, "iot-defender-dev-responder-dlq");
    });

    it("lists every alarm in creation order with the metric, namespace and dimensions it watches", () => {
        const watched = ({ name, namespace, metric, dimensions }: AlarmSpec) => ({
            name,
            namespace,
            metric,
            dimensions,
        });
        assert.deepStrictEqual(stackInventory(dev).alarms.map(watched), [
            {
                name: "iot-defender-dev-audit-noncompliant",
                namespace: "AWS/IoT",
                metric: "NonCompliantResources",
                dimensions: {},
            },
            {
                name: "iot-defender-dev-rules-violations",
                namespace: "AWS/IoT",
                metric: "Violations",
                dimensions: { SecurityProfileName: "iot-defender-dev-rules" },
            },
            {
                name: "iot-defender-dev-ml-violations",
                namespace: "AWS/IoT",
                metric: "Violations",
                dimensions: { SecurityProfileName: "iot-defender-dev-ml" },
            },
            ...[
                "Connect.AuthError",
                "PublishIn.AuthError",
                "Subscribe.AuthError",
                "PublishIn.Throttle",
            ].map(metric => ({
                name: `iot-defender-dev-iot-${metric.replace(".", "-")}`,
                namespace: "AWS/IoT",
                metric,
                dimensions: {},
            })),
            {
                name: "iot-defender-dev-responder-dlq",
                namespace: "AWS/SQS",
                metric: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: "iot-defender-dev-responder-dlq" },
            },
            {
                name: "iot-defender-dev-responder-errors",
                namespace: "AWS/Lambda",
                metric: "Errors",
                dimensions: { FunctionName: "iot-defender-dev-responder" },
            },
        ]);
        assert.deepStrictEqual(
            stackInventory(prod).alarms.map(a => a.name),
            [
                "iot-defender-prod-audit-noncompliant",
                "iot-defender-prod-rules-violations",
                "iot-defender-prod-ml-violations",
                "iot-defender-prod-gateways-connections-violations",
                "iot-defender-prod-iot-Connect-AuthError",
                "iot-defender-prod-iot-PublishIn-AuthError",
                "iot-defender-prod-iot-Subscribe-AuthError",
                "iot-defender-prod-iot-PublishIn-Throttle",
                "iot-defender-prod-iot-RuleNotFound",
                "iot-defender-prod-iot-Failure",
                "iot-defender-prod-responder-dlq",
                "iot-defender-prod-responder-errors",
            ],
        );
    });

    it("resolves each scheduled audit's checks: its own, else every enabled check", () => {
        assert.deepStrictEqual(stackInventory(prod).audit?.scheduledAudits, [
            { name: "iot-defender-prod-daily", frequency: "DAILY", checks: prod.audit.checks },
            {
                name: "iot-defender-prod-monthly-review",
                frequency: "MONTHLY",
                dayOfMonth: "1",
                checks: prod.audit.checks,
            },
        ]);
        const picked = stackInventory(
            stackSettings("dev", v =>
                editJson(v, "audit", a => {
                    a.schedules = [
                        {
                            name: "certs",
                            frequency: "WEEKLY",
                            dayOfWeek: "SUN",
                            checks: ["DEVICE_CERTIFICATE_EXPIRING_CHECK"],
                        },
                    ];
                }),
            ),
        );
        assert.deepStrictEqual(picked.audit?.scheduledAudits, [
            {
                name: "iot-defender-dev-certs",
                frequency: "WEEKLY",
                dayOfWeek: "SUN",
                checks: ["DEVICE_CERTIFICATE_EXPIRING_CHECK"],
            },
        ]);
    });

    it("leaves out what is disabled: audit, a profile, the fleet alarms, remediation, the dashboard", () => {
        const inv = stackInventory(
            stackSettings("dev", v => {
                editJson(v, "audit", a => {
                    a.enabled = false;
                });
                editJson(v, "detect", d => {
                    d.engine = "device-defender";
                    d.ml = { enabled: false };
                });
                editJson(v, "remediation", r => {
                    r.enabled = false;
                });
                editJson(v, "dashboard", d => {
                    d.enabled = false;
                });
                editJson(v, "fleetAlarms", f => {
                    f.enabled = false;
                });
            }),
        );
        assert.strictEqual(inv.audit, undefined);
        assert.strictEqual(inv.fleetAlarms, undefined);
        assert.strictEqual(inv.remediation, undefined);
        assert.strictEqual(inv.dashboard, undefined);
        assert.deepStrictEqual(
            inv.alarms.map(a => a.name),
            ["iot-defender-dev-rules-violations"],
        );
        const auditOnly = stackInventory(
            stackSettings("dev", v =>
                editJson(v, "detect", d => {
                    d.enabled = false;
                }),
            ),
        );
        assert.strictEqual(auditOnly.detect.deviceDefender, undefined);
        assert.strictEqual(auditOnly.fleetAlarms, undefined, "fleet alarms come with Detect");
        assert.deepStrictEqual(auditOnly.securityProfiles, []);
    });

    it("gives each target its ARN in an account and region", () => {
        const targets = stackInventory(prod).detect.deviceDefender!.targets;
        assert.deepStrictEqual(
            targets.map(t => targetArn(t, "aws", "eu-west-1", "123456789012")),
            [
                "arn:aws:iot:eu-west-1:123456789012:thinggroup/production-gateways",
                "arn:aws:iot:eu-west-1:123456789012:thinggroup/production-sensors",
            ],
        );
        assert.strictEqual(
            targetArn({ allThings: "registered-things" }, "aws-cn", "cn-north-1", "1"),
            "arn:aws-cn:iot:cn-north-1:1:all/registered-things",
        );
    });

    it("attaches each profile to its own targets; the engine's targets list each target once", () => {
        const dd = stackInventory(prod).detect.deviceDefender!;
        assert.deepStrictEqual(
            dd.profiles.map(p => [p.id, p.name, p.kind, p.targets]),
            [
                ["rules", "iot-defender-prod-rules", "rules", dd.targets],
                ["ml", "iot-defender-prod-ml", "ml", dd.targets],
                [
                    "gateways-connections",
                    "iot-defender-prod-gateways-connections",
                    "rules",
                    [{ thingGroup: "production-gateways" }],
                ],
            ],
        );
        assert.deepStrictEqual(dd.targets, [
            { thingGroup: "production-gateways" },
            { thingGroup: "production-sensors" },
        ]);
    });

    it("names a further set of Device Defender profiles by a suffix, with their own alarms", () => {
        assert.deepStrictEqual(
            deviceDefenderInventory(dev, "-group-a").profiles.map(p => [p.name, p.alarm.name]),
            [
                ["iot-defender-dev-rules-group-a", "iot-defender-dev-rules-group-a-violations"],
                ["iot-defender-dev-ml-group-a", "iot-defender-dev-ml-group-a-violations"],
            ],
        );
    });

    for (const stack of ["dev", "prod"]) {
        it(`is what the ${stack} stack builds: its alarms, profiles and scheduled audits`, async () => {
            const built = await buildOffline(stack);
            const inv = stackInventory(built.settings);
            assert.deepStrictEqual(
                regionOutputs(built).alarmNames,
                inv.alarms.map(a => a.name),
            );
            assert.deepStrictEqual(
                built.engine
                    .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
                    .map(a => a.inputs.name)
                    .sort(),
                inv.alarms.map(a => a.name).sort(),
            );
            assert.deepStrictEqual(
                regionOutputs(built).securityProfileNames,
                inv.securityProfiles.map(p => p.name),
            );
            assert.deepStrictEqual(
                regionOutputs(built).scheduledAuditNames,
                inv.audit?.scheduledAudits.map(a => a.name),
            );
            assert.deepStrictEqual(
                regionOutputs(built).mitigationActionNames,
                inv.remediation?.mitigationActions,
            );
            assert.strictEqual(built.outputs.dashboardName, inv.dashboard);
        });
    }

    it("the logs engine: one rule and alarm per behaviour, fleet and anomaly alarms, and no profile", () => {
        const inv = stackInventory(stackSettings("dev"));
        assert.strictEqual(inv.detect.deviceDefender, undefined);
        assert.deepStrictEqual(inv.securityProfiles, []);
        const logs = inv.detect.logs!;
        assert.deepStrictEqual(
            logs.behaviors.map(b => [b.ruleName, b.alarmName]),
            [
                "ExcessiveMessages",
                "AuthorizationFailures",
                "LargeMessageSize",
                "UnusualConnectionAttempts",
            ].map(b => [`iot-defender-dev-${b}`, `iot-defender-dev-logs-${b}`]),
        );
        assert.deepStrictEqual(
            inv.alarms.filter(a => a.namespace === "INSIGHT_RULE_METRIC").map(a => a.metric),
            logs.behaviors.map(b => b.ruleName),
            "each behaviour alarm watches its own rule",
        );
        assert.deepStrictEqual(
            inv.alarms
                .filter(a => a.namespace === "AWS/IoT" && a.name.includes("-iot-"))
                .map(a => a.metric),
            [
                "Connect.AuthError",
                "PublishIn.AuthError",
                "Subscribe.AuthError",
                "PublishIn.Throttle",
            ],
        );
        assert.deepStrictEqual(
            inv.alarms.filter(a => a.name.includes("-anomaly-")).map(a => [a.metric, a.dimensions]),
            [
                ["PublishIn.Success", { Protocol: "MQTT" }],
                ["Connect.Success", { Protocol: "MQTT" }],
            ],
        );
    });
});
