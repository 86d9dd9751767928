/**
 * `ops verify` against accounts that differ from the stack: a detached profile, a disabled check,
 * a missing scheduled audit, alarm or mitigation action, a wrong alert role each fail their line.
 */
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
    DescribeAccountAuditConfigurationCommand,
    DescribeMitigationActionCommand,
    DescribeScheduledAuditCommand,
    DescribeSecurityProfileCommand,
    ListTargetsForSecurityProfileCommand,
    ResourceNotFoundException,
} from "@aws-sdk/client-iot";
import * as assert from "assert";
import { names } from "../../components/inventory/names";
import { verify } from "../../tools/ops/verify";
import { editJson, onDeviceDefender, stackSettings } from "../harness";
import { ACCOUNT, harness, instantRetries, REGION, target } from "./fixture";
import { dev, topicArn, profileArn, ROLE, healthy, remediation, lines } from "./verifyAccount";

describe("ops verify", () => {
    instantRetries();

    it("fails a profile detached from its target", async () => {
        const h = harness();
        healthy(h, dev);
        h.iot
            .on(ListTargetsForSecurityProfileCommand, {
                securityProfileName: names.ruleProfile(dev),
            })
            .resolves({ securityProfileTargets: [] });
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 1);
        assert.deepStrictEqual(lines(h, "FAIL"), [
            `FAIL profile ${names.ruleProfile(dev)} attached to its targets: ` +
                `not attached to arn:aws:iot:${REGION}:${ACCOUNT}:all/registered-things; attached to nothing`,
        ]);
        assert.ok(h.out.includes(`PASS profile ${names.mlProfile(dev)} attached to its targets`));
    });

    it("fails when an expected audit check is disabled", async () => {
        const h = harness();
        healthy(h, dev, { auditChecksOff: ["LOGGING_DISABLED_CHECK"] });
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 1);
        assert.deepStrictEqual(lines(h, "FAIL"), [
            "FAIL audit checks enabled (14): not enabled: LOGGING_DISABLED_CHECK",
        ]);
    });

    it("fails a missing profile, a changed behavior set, disabled notifications, a wrong schedule and a missing alarm", async () => {
        const h = harness();
        healthy(h, dev);
        h.iot
            .on(DescribeSecurityProfileCommand, { securityProfileName: names.mlProfile(dev) })
            .rejects(new ResourceNotFoundException({ message: "not found", $metadata: {} }));
        h.iot
            .on(DescribeSecurityProfileCommand, { securityProfileName: names.ruleProfile(dev) })
            .resolves({
                securityProfileArn: profileArn(names.ruleProfile(dev)),
                alertTargets: {},
                behaviors: [
                    { name: "ExcessiveMessages", metric: "aws:num-messages-sent" },
                    { name: "Extra", metric: "aws:num-disconnects" },
                ],
            });
        h.iot.on(DescribeAccountAuditConfigurationCommand).resolves({
            roleArn: ROLE,
            auditNotificationTargetConfigurations: {
                SNS: { targetArn: topicArn(dev), roleArn: ROLE, enabled: false },
            },
            auditCheckConfigurations: Object.fromEntries(
                dev.audit.checks.map(c => [c, { enabled: true }]),
            ),
        });
        h.iot
            .on(DescribeScheduledAuditCommand, {
                scheduledAuditName: names.scheduledAudit(dev, "weekly"),
            })
            .resolves({
                frequency: "WEEKLY",
                dayOfWeek: "FRI",
                targetCheckNames: dev.audit.schedules[0].checks,
            });
        h.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 1);
        const fails = lines(h, "FAIL");
        const expect = (prefix: string, ...fragments: string[]) => {
            const line = fails.find(l => l.startsWith(`FAIL ${prefix}`));
            assert.ok(line, `no FAIL ${prefix} in:\n${h.out.join("\n")}`);
            for (const f of fragments) assert.ok(line.includes(f), `"${line}" lacks "${f}"`);
        };
        expect(`profile ${names.mlProfile(dev)} exists`, "no security profile named");
        expect(
            `profile ${names.ruleProfile(dev)} behaviors`,
            "missing behaviors: AuthorizationFailures, LargeMessageSize, UnusualConnectionAttempts",
            "unexpected behaviors: Extra",
        );
        expect(`profile ${names.ruleProfile(dev)} alerts to SNS`, "no SNS target");
        expect("audit notifications to SNS", "SNS notifications are disabled");
        expect(
            `scheduled audit ${names.scheduledAudit(dev, "weekly")}`,
            "dayOfWeek is FRI, expected MON",
        );
        expect(
            `alarm ${names.violationsAlarm(dev, names.ruleProfile(dev))}`,
            "no CloudWatch alarm named",
        );
        expect(`alarm ${names.nonCompliantAlarm(dev)}`, "no CloudWatch alarm named");
        assert.ok(h.out[h.out.length - 1].startsWith("FAILED: "));
    });

    it("fails an alert target without a role (Device Defender cannot publish), and a role other than the stack's publisher", async () => {
        const h = harness();
        healthy(h, dev);
        h.iot
            .on(DescribeSecurityProfileCommand, { securityProfileName: names.ruleProfile(dev) })
            .resolves({
                securityProfileArn: profileArn(names.ruleProfile(dev)),
                alertTargets: { SNS: { alertTargetArn: topicArn(dev), roleArn: undefined } },
                behaviors: dev.detect.rules.behaviors.map(b => ({
                    name: b.name,
                    metric: b.metric,
                })),
            });
        const publisher = `arn:aws:iam::${ACCOUNT}:role/iot-defender-dev-alerting-publisher-1a2b3c4`;
        assert.strictEqual(
            await verify(h.ctx, target(dev, { publisherRoleArn: publisher }), { json: false }),
            1,
        );
        const fails = lines(h, "FAIL");
        assert.ok(
            fails.some(
                l =>
                    l ===
                    `FAIL profile ${names.ruleProfile(dev)} alerts to SNS: no roleArn on the SNS target: Device Defender cannot publish`,
            ),
            fails.join("\n"),
        );
        assert.ok(
            fails.some(
                l =>
                    l ===
                    `FAIL profile ${names.mlProfile(dev)} alerts to SNS: SNS role is ${ROLE}, not the stack's publisher role ${publisher}`,
            ),
            fails.join("\n"),
        );
        assert.ok(
            fails.some(l => l.startsWith("FAIL audit notifications to SNS: SNS role is")),
            fails.join("\n"),
        );
    });

    it("skips (not fails) the profiles of an audit-only stack", async () => {
        const h = harness();
        const auditOnly = stackSettings("dev", v =>
            editJson(v, "detect", d => {
                d.enabled = false;
            }),
        );
        healthy(h, auditOnly);
        assert.strictEqual(
            await verify(h.ctx, target(auditOnly), { json: false }),
            0,
            h.out.join("\n"),
        );
        assert.deepStrictEqual(lines(h, "SKIP"), [
            "SKIP security profiles: detect.enabled is false (audit-only stack)",
        ]);
        assert.strictEqual(h.iot.commandCalls(DescribeSecurityProfileCommand).length, 0);
        assert.deepStrictEqual(
            h.cloudwatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input.AlarmNames,
            [
                names.nonCompliantAlarm(auditOnly),
                remediation(auditOnly).deadLetterAlarm,
                remediation(auditOnly).responderErrorsAlarm,
            ],
        );
    });

    it("checks remediation's alarms: the dead-letter queue's and the responder errors'", async () => {
        const h = harness();
        const { alarms } = healthy(h, dev);
        alarms.splice(
            alarms.findIndex(a => a.AlarmName === remediation(dev).deadLetterAlarm),
            1,
        );
        alarms.find(a => a.AlarmName === remediation(dev).responderErrorsAlarm)!.Dimensions = [
            { Name: "FunctionName", Value: "someone-elses-function" },
        ];
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 1);
        assert.deepStrictEqual(lines(h, "FAIL"), [
            `FAIL alarm ${remediation(dev).deadLetterAlarm}: no CloudWatch alarm named ${remediation(dev).deadLetterAlarm} in ${REGION}`,
            `FAIL alarm ${remediation(dev).responderErrorsAlarm}: watches FunctionName someone-elses-function, not the stack's ${remediation(dev).responderFunction}`,
        ]);
    });

    it("fails a mitigation action of the wrong type, and skips them all when remediation is off", async () => {
        const h = harness();
        healthy(h, dev);
        const quarantine = remediation(dev).mitigationAction("quarantine");
        h.iot
            .on(DescribeMitigationActionCommand, { actionName: quarantine })
            .resolves({ actionName: quarantine, actionType: "UPDATE_DEVICE_CERTIFICATE" });
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 1);
        assert.deepStrictEqual(lines(h, "FAIL"), [
            `FAIL mitigation action ${quarantine} (quarantine): action type is UPDATE_DEVICE_CERTIFICATE, expected ADD_THINGS_TO_THING_GROUP`,
        ]);

        const off = harness();
        const noRemediation = stackSettings("dev", v => {
            onDeviceDefender(v);
            editJson(v, "remediation", r => {
                r.enabled = false;
            });
        });
        healthy(off, noRemediation);
        assert.strictEqual(
            await verify(off.ctx, target(noRemediation), { json: false }),
            0,
            off.out.join("\n"),
        );
        assert.deepStrictEqual(lines(off, "SKIP"), [
            "SKIP mitigation actions: remediation.enabled is false",
        ]);
        assert.strictEqual(off.iot.commandCalls(DescribeMitigationActionCommand).length, 0);
        assert.ok(
            !off.cloudwatch
                .commandCalls(DescribeAlarmsCommand)[0]
                .args[0].input.AlarmNames!.includes(remediation(dev).deadLetterAlarm),
        );
    });
});
