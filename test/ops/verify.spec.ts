/**
 * `ops verify`: the recipe's validation against a live account, one PASS/FAIL/SKIP line per check;
 * exit 1 on any FAIL. A healthy account (built from the stack's own settings) passes; a detached
 * profile, a disabled check, a missing scheduled audit, alarm or mitigation action each fail their
 * line. With stack outputs, the names come from them: what they list is checked, what the settings
 * give but they lack fails.
 */
import { DescribeAlarmsCommand, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import {
    DescribeAccountAuditConfigurationCommand,
    DescribeMitigationActionCommand,
    DescribeScheduledAuditCommand,
    DescribeSecurityProfileCommand,
    ListTargetsForSecurityProfileCommand,
    ResourceNotFoundException,
} from "@aws-sdk/client-iot";
import * as assert from "assert";
import { Settings } from "../../components/config/load";
import {
    allThingsTargetArn,
    CLOUDWATCH,
    REMEDIATION_ACTIONS,
    thingGroupArn,
} from "../../components/facts";
import { names, remediationNames } from "../../components/inventory/names";
import { verify, VerifyReport } from "../../tools/ops/verify";
import { editJson, onDeviceDefender, stackSettings } from "../harness";
import { ACCOUNT, awsFailure, harness, Harness, instantRetries, REGION, target } from "./fixture";

/** Dev's values on the Device Defender engine: the profiles these commands look at. */
const dev = stackSettings("dev", onDeviceDefender);
const prod = stackSettings("prod");
const topicArn = (s: Settings) => `arn:aws:sns:${REGION}:${ACCOUNT}:${names.alertTopic(s)}-7f3a2b1`;
const profileArn = (name: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:securityprofile/${name}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-defender-audit`;

/** An account where everything the stack's settings describe is deployed as it should be; its alarms can be edited. */
function healthy(
    h: Harness,
    s: Settings,
    edit: { auditChecksOff?: string[] } = {},
): { alarms: MetricAlarm[] } {
    const alertTargets = { SNS: { alertTargetArn: topicArn(s), roleArn: ROLE } };
    h.iot
        .on(DescribeSecurityProfileCommand)
        .rejects(new ResourceNotFoundException({ message: "not found", $metadata: {} }));
    h.iot
        .on(DescribeSecurityProfileCommand, { securityProfileName: names.ruleProfile(s) })
        .resolves({
            securityProfileName: names.ruleProfile(s),
            securityProfileArn: profileArn(names.ruleProfile(s)),
            alertTargets,
            behaviors: s.detect.rules.behaviors.map(b => ({
                name: b.name,
                metric: b.metric,
                criteria: { comparisonOperator: b.operator, value: { count: b.threshold } },
            })),
        });
    h.iot.on(DescribeSecurityProfileCommand, { securityProfileName: names.mlProfile(s) }).resolves({
        securityProfileName: names.mlProfile(s),
        securityProfileArn: profileArn(names.mlProfile(s)),
        alertTargets,
        behaviors: s.detect.ml.metrics.map(m => ({
            name: `ml-${m.replace(/^aws:/, "")}`,
            metric: m,
            criteria: { mlDetectionConfig: { confidenceLevel: s.detect.ml.confidenceLevel } },
        })),
    });
    const t = s.detect.targets;
    const targets = [
        ...(t.allThings ? [allThingsTargetArn("aws", REGION, ACCOUNT, t.allThings)] : []),
        ...t.thingGroups.map(g => thingGroupArn("aws", REGION, ACCOUNT, g)),
    ];
    // One target per page, to exercise paging.
    h.iot.on(ListTargetsForSecurityProfileCommand).callsFake(input => {
        const i = input.nextToken ? Number(input.nextToken) : 0;
        return {
            securityProfileTargets: [{ arn: targets[i] }],
            nextToken: i + 1 < targets.length ? String(i + 1) : undefined,
        };
    });
    h.iot.on(DescribeAccountAuditConfigurationCommand).resolves({
        roleArn: ROLE,
        auditNotificationTargetConfigurations: {
            SNS: { targetArn: topicArn(s), roleArn: ROLE, enabled: true },
        },
        auditCheckConfigurations: Object.fromEntries(
            s.audit.checks.map(c => [c, { enabled: !(edit.auditChecksOff ?? []).includes(c) }]),
        ),
    });
    h.iot
        .on(DescribeScheduledAuditCommand)
        .rejects(new ResourceNotFoundException({ message: "not found", $metadata: {} }));
    for (const sched of s.audit.schedules) {
        h.iot
            .on(DescribeScheduledAuditCommand, {
                scheduledAuditName: names.scheduledAudit(s, sched.name),
            })
            .resolves({
                scheduledAuditName: names.scheduledAudit(s, sched.name),
                frequency: sched.frequency,
                dayOfWeek: sched.dayOfWeek,
                dayOfMonth: sched.dayOfMonth,
                targetCheckNames: [...(sched.checks ?? s.audit.checks)].reverse(),
            });
    }
    const alarms: MetricAlarm[] = [
        ...[names.ruleProfile(s), names.mlProfile(s)].map(p => ({
            AlarmName: names.violationsAlarm(s, p),
            Namespace: CLOUDWATCH.namespace,
            MetricName: CLOUDWATCH.metrics.violations,
        })),
        {
            AlarmName: names.nonCompliantAlarm(s),
            Metrics: [
                {
                    Id: "q",
                    Expression: `SELECT MAX(${CLOUDWATCH.metrics.nonCompliantResources}) FROM SCHEMA("${CLOUDWATCH.namespace}", CheckName, ScheduledAuditName)`,
                },
            ],
        },
        // Remediation's, as components/remediation.ts creates them.
        {
            AlarmName: remediation(s).deadLetterAlarm,
            Namespace: "AWS/SQS",
            MetricName: "ApproximateNumberOfMessagesVisible",
            Dimensions: [{ Name: "QueueName", Value: remediation(s).deadLetterQueue }],
        },
        {
            AlarmName: remediation(s).responderErrorsAlarm,
            Namespace: "AWS/Lambda",
            MetricName: "Errors",
            Dimensions: [{ Name: "FunctionName", Value: remediation(s).responderFunction }],
        },
    ];
    h.cloudwatch.on(DescribeAlarmsCommand).callsFake(input => ({
        MetricAlarms: alarms.filter(a => input.AlarmNames.includes(a.AlarmName)),
    }));
    h.iot
        .on(DescribeMitigationActionCommand)
        .rejects(new ResourceNotFoundException({ message: "not found", $metadata: {} }));
    for (const action of s.remediation.actions) {
        const actionName = remediation(s).mitigationAction(action);
        h.iot
            .on(DescribeMitigationActionCommand, { actionName })
            .resolves({ actionName, actionType: REMEDIATION_ACTIONS[action] });
    }
    return { alarms };
}

const remediation = (s: Settings) => remediationNames(names.base(s));

/** The stack outputs (index.ts) of a deployment of these settings. */
function outputsOf(s: Settings): Record<string, unknown> {
    const r = remediation(s);
    const profiles = [names.ruleProfile(s), names.mlProfile(s)];
    return {
        region: REGION,
        environment: s.environment,
        alertTopicArn: topicArn(s),
        securityProfileNames: profiles,
        scheduledAuditNames: s.audit.schedules.map(x => names.scheduledAudit(s, x.name)),
        alarmNames: [
            names.nonCompliantAlarm(s),
            ...profiles.map(p => names.violationsAlarm(s, p)),
            r.deadLetterAlarm,
            r.responderErrorsAlarm,
        ],
        mitigationActionNames: Object.fromEntries(
            s.remediation.actions.map(a => [a, r.mitigationAction(a)]),
        ),
        deadLetterQueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${r.deadLetterQueue}`,
        responderArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${r.responderFunction}`,
    };
}

const lines = (h: Harness, status: string) => h.out.filter(l => l.startsWith(`${status} `));

describe("ops verify", () => {
    instantRetries();

    it("passes on a healthy account, one line per check", async () => {
        const h = harness();
        healthy(h, dev);
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 0, h.out.join("\n"));
        assert.deepStrictEqual(lines(h, "FAIL"), []);
        assert.deepStrictEqual(
            h.out.filter(l => !l.startsWith("PASS ")),
            ["OK: 22 passed, 0 failed, 0 skipped"],
        );
        for (const expected of [
            `PASS profile ${names.ruleProfile(dev)} exists`,
            `PASS profile ${names.ruleProfile(dev)} behaviors`,
            `PASS profile ${names.ruleProfile(dev)} alerts to SNS`,
            `PASS profile ${names.ruleProfile(dev)} attached to its targets`,
            `PASS profile ${names.mlProfile(dev)} behaviors`,
            `PASS audit checks enabled (14)`,
            `PASS audit notifications to SNS`,
            `PASS scheduled audit ${names.scheduledAudit(dev, "weekly")} (WEEKLY MON)`,
            `PASS alarm ${names.violationsAlarm(dev, names.ruleProfile(dev))}`,
            `PASS alarm ${names.nonCompliantAlarm(dev)}`,
            `PASS alarm ${remediation(dev).deadLetterAlarm}`,
            `PASS alarm ${remediation(dev).responderErrorsAlarm}`,
            `PASS mitigation action ${remediation(dev).mitigationAction("quarantine")} (quarantine)`,
            `PASS mitigation action ${remediation(dev).mitigationAction("replace-default-policy")} (replace-default-policy)`,
        ])
            assert.ok(h.out.includes(expected), `missing "${expected}" in:\n${h.out.join("\n")}`);
    });

    it("passes on healthy prod: thing-group targets, two schedules", async () => {
        const h = harness();
        healthy(h, prod);
        assert.strictEqual(await verify(h.ctx, target(prod), { json: false }), 0, h.out.join("\n"));
        assert.ok(
            h.out.includes(
                `PASS scheduled audit ${names.scheduledAudit(prod, "monthly-review")} (MONTHLY 1)`,
            ),
        );
        assert.strictEqual(
            h.iot.commandCalls(ListTargetsForSecurityProfileCommand).length,
            4,
            "2 profiles x 2 pages of targets",
        );
    });

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

    it("uses the stack output's alert topic ARN when the Pulumi CLI gave one", async () => {
        const h = harness();
        healthy(h, dev);
        const outputs = { alertTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:some-other-topic` };
        assert.strictEqual(await verify(h.ctx, target(dev, outputs), { json: false }), 1);
        assert.ok(
            lines(h, "FAIL").some(l =>
                l.startsWith(
                    `FAIL profile ${names.ruleProfile(dev)} alerts to SNS: SNS target is ${topicArn(dev)}, not the stack's alert topic`,
                ),
            ),
        );
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

    describe("with stack outputs", () => {
        it("asks AWS about the names the outputs list, and passes a healthy account", async () => {
            const h = harness();
            healthy(h, dev);
            const outputs = outputsOf(dev);
            assert.strictEqual(
                await verify(h.ctx, target(dev, outputs), { json: false }),
                0,
                h.out.join("\n"),
            );
            assert.strictEqual(h.out[h.out.length - 1], "OK: 22 passed, 0 failed, 0 skipped");
            assert.deepStrictEqual(
                h.cloudwatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input.AlarmNames,
                outputs.alarmNames,
            );
            assert.deepStrictEqual(
                h.iot
                    .commandCalls(DescribeMitigationActionCommand)
                    .map(c => c.args[0].input.actionName),
                Object.values(outputs.mitigationActionNames as Record<string, string>),
            );
        });

        it("checks an alarm only the outputs list for existence, and fails one they lack", async () => {
            const h = harness();
            const { alarms } = healthy(h, dev);
            alarms.push({
                AlarmName: "iot-defender-dev-hand-made",
                Namespace: "AWS/IoT",
                MetricName: "Violations",
            });
            const outputs = outputsOf(dev);
            outputs.alarmNames = (outputs.alarmNames as string[])
                .filter(a => a !== remediation(dev).responderErrorsAlarm)
                .concat("iot-defender-dev-hand-made");
            assert.strictEqual(await verify(h.ctx, target(dev, outputs), { json: false }), 1);
            assert.deepStrictEqual(lines(h, "FAIL"), [
                `FAIL alarm ${remediation(dev).responderErrorsAlarm}: ` +
                    "in Pulumi.dev.yaml but not in the outputs of stack dev; not deployed yet? run pulumi up --stack dev",
            ]);
            assert.ok(
                h.out.includes(
                    "PASS alarm iot-defender-dev-hand-made: an alarm not in Pulumi.dev.yaml " +
                        "(changed since the last pulumi up?), so its metric is not compared",
                ),
                h.out.join("\n"),
            );
        });

        it("compares remediation's alarms with the queue and function the outputs name", async () => {
            const h = harness();
            healthy(h, dev);
            const outputs = {
                ...outputsOf(dev),
                deadLetterQueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/replaced-dlq`,
            };
            assert.strictEqual(await verify(h.ctx, target(dev, outputs), { json: false }), 1);
            assert.deepStrictEqual(lines(h, "FAIL"), [
                `FAIL alarm ${remediation(dev).deadLetterAlarm}: ` +
                    `watches QueueName ${remediation(dev).deadLetterQueue}, not the stack's replaced-dlq`,
            ]);
        });

        it("after a rename not yet deployed: checks the deployed (old) names and fails the new ones as not deployed", async () => {
            const h = harness();
            const deployed = stackSettings("dev", v => {
                v["iot-defender:namePrefix"] = "legacy";
            });
            healthy(h, deployed);
            assert.strictEqual(
                await verify(h.ctx, target(dev, outputsOf(deployed)), { json: false }),
                1,
            );
            const old = names.ruleProfile(deployed);
            assert.deepStrictEqual(
                h.iot
                    .commandCalls(DescribeSecurityProfileCommand)
                    .map(c => c.args[0].input.securityProfileName),
                [old, names.mlProfile(deployed)],
            );
            for (const expected of [
                `PASS profile ${old} exists`,
                `SKIP profile ${old} behaviors: a profile not in Pulumi.dev.yaml (changed since the last pulumi up?), so its behaviors are not compared`,
                `PASS profile ${old} alerts to SNS`,
                `PASS profile ${old} attached to its targets`,
                `PASS scheduled audit ${names.scheduledAudit(deployed, "weekly")}: a scheduled audit not in Pulumi.dev.yaml ` +
                    "(changed since the last pulumi up?), so its schedule is not compared",
                `PASS mitigation action ${remediation(deployed).mitigationAction("quarantine")} (quarantine)`,
            ])
                assert.ok(
                    h.out.includes(expected),
                    `missing "${expected}" in:\n${h.out.join("\n")}`,
                );
            const notDeployed = lines(h, "FAIL").map(l => l.replace(/^FAIL /, "").split(": ")[0]);
            assert.deepStrictEqual(notDeployed, [
                `profile ${names.ruleProfile(dev)} exists`,
                `profile ${names.mlProfile(dev)} exists`,
                `scheduled audit ${names.scheduledAudit(dev, "weekly")} (WEEKLY MON)`,
                ...(outputsOf(dev).alarmNames as string[]).map(a => `alarm ${a}`),
            ]);
            assert.ok(
                lines(h, "FAIL").every(l =>
                    l.endsWith(
                        "in Pulumi.dev.yaml but not in the outputs of stack dev; not deployed yet? run pulumi up --stack dev",
                    ),
                ),
            );
        });
    });

    it("an AWS refusal fails that check only; the others still run", async () => {
        const h = harness();
        healthy(h, dev);
        h.iot
            .on(DescribeScheduledAuditCommand)
            .rejects(
                awsFailure(
                    "AccessDeniedException",
                    "not authorized to perform: iot:DescribeScheduledAudit",
                    403,
                ),
            );
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 1);
        assert.deepStrictEqual(lines(h, "FAIL"), [
            `FAIL scheduled audit ${names.scheduledAudit(dev, "weekly")} (WEEKLY MON): ` +
                `AWS denied iot:DescribeScheduledAudit in ${REGION}: not authorized to perform: iot:DescribeScheduledAudit`,
        ]);
        assert.ok(h.out.includes(`PASS alarm ${names.nonCompliantAlarm(dev)}`));
    });

    it("stops at the first call with one error line when there are no credentials", async () => {
        const h = harness();
        h.iot.on(DescribeSecurityProfileCommand).rejects(
            Object.assign(new Error("Could not load credentials from any providers"), {
                name: "CredentialsProviderError",
            }),
        );
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 1);
        assert.deepStrictEqual(h.out, []);
        assert.strictEqual(h.err.length, 1);
        assert.match(
            h.err[0],
            /^error: no AWS credentials for iot:DescribeSecurityProfile in eu-west-1 \(.*\): Could not load credentials from any providers$/,
        );
    });

    it("--json prints {stack, region, ok, results}", async () => {
        const h = harness();
        healthy(h, dev, { auditChecksOff: ["CONFLICTING_CLIENT_IDS_CHECK"] });
        assert.strictEqual(await verify(h.ctx, target(dev), { json: true }), 1);
        const doc = JSON.parse(h.out.join("\n")) as VerifyReport;
        assert.deepStrictEqual(Object.keys(doc), ["stack", "region", "ok", "results"]);
        assert.strictEqual(doc.ok, false);
        assert.deepStrictEqual(
            doc.results.filter(r => r.status === "FAIL"),
            [
                {
                    status: "FAIL",
                    what: "audit checks enabled (14)",
                    reason: "not enabled: CONFLICTING_CLIENT_IDS_CHECK",
                },
            ],
        );
    });
});
