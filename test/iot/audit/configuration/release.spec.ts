import * as assert from "assert";
import {
    DeleteScheduledAuditCommand,
    DescribeAccountAuditConfigurationCommand,
    ListScheduledAuditsCommand,
    UpdateAccountAuditConfigurationCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import { auditArn, awsError, calls, ID, iot, serveAudits, useIotMock } from "../mocks";
import {
    ROLE,
    NOTIFY_ROLE,
    TOPIC,
    inputs,
    weekly,
    WITH_WEEKLY,
    ONLY_LOGGING,
    state,
    live,
} from "./fixtures";

describe("account audit provider: the audit configuration", () => {
    useIotMock();

    describe("update", () => {
        describe("the scheduled audits around checks being disabled", () => {
            it("moves the stack's audit off a check being disabled, then disables it; audits outside its state are described, their tags read only when they use it", async () => {
                iot.on(ListScheduledAuditsCommand)
                    .resolvesOnce({
                        scheduledAudits: [{ scheduledAuditName: "weekly" }],
                        nextToken: "page2",
                    })
                    .resolvesOnce({ scheduledAudits: [{ scheduledAuditName: "other" }] });
                serveAudits({ other: { checks: ["LOGGING_DISABLED_CHECK"] } });
                iot.on(UpdateScheduledAuditCommand).resolves({});
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});

                await provider.update!(ID, state(WITH_WEEKLY), inputs(ONLY_LOGGING));

                assert.deepStrictEqual(calls(), [
                    "ListScheduledAudits",
                    "ListScheduledAudits",
                    "DescribeScheduledAudit", // other is not in the state: it does not use the check, its tags are not read
                    "UpdateScheduledAudit", // weekly is in the state: the stack's own, moved
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(
                    iot.commandCalls(ListScheduledAuditsCommand)[1].args[0].input,
                    { nextToken: "page2" },
                );
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input,
                    { scheduledAuditName: "weekly", ...weekly("LOGGING_DISABLED_CHECK") },
                );
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                    {
                        auditCheckConfigurations: {
                            DEVICE_CERTIFICATE_AGE_CHECK: { enabled: false },
                        },
                    },
                    "nothing but the disabling changes, so no call before the move; the one after it only disables",
                );
            });

            it("with a new role too, sends the role, targets and kept checks before moving the audit, and only the disabling after it", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "weekly" }],
                });
                iot.on(UpdateScheduledAuditCommand).resolves({});
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});

                await provider.update!(
                    ID,
                    state(WITH_WEEKLY),
                    inputs({ ...ONLY_LOGGING, roleArn: `${ROLE}-2` }),
                );

                assert.deepStrictEqual(calls(), [
                    "ListScheduledAudits",
                    "UpdateAccountAuditConfiguration",
                    "UpdateScheduledAudit",
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                    {
                        roleArn: `${ROLE}-2`,
                        auditNotificationTargetConfigurations: {
                            SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                        },
                        auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
                    },
                    "DEVICE_CERTIFICATE_AGE_CHECK is not sent: it stays enabled while weekly runs it",
                );
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateAccountAuditConfigurationCommand)[1].args[0].input,
                    {
                        auditCheckConfigurations: {
                            DEVICE_CERTIFICATE_AGE_CHECK: { enabled: false },
                        },
                    },
                );
            });

            it("moves no scheduled audit when the call before the move is refused", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "weekly" }],
                });
                iot.on(UpdateAccountAuditConfigurationCommand).rejects(
                    awsError("InvalidRequestException", "role cannot be assumed"),
                );
                await assert.rejects(
                    provider.update!(
                        ID,
                        state(WITH_WEEKLY),
                        inputs({ ...ONLY_LOGGING, roleArn: `${ROLE}-2` }),
                    ),
                    /Update the audit configuration of account 123456789012 in eu-west-1: InvalidRequestException: role cannot be assumed/,
                );
                assert.deepStrictEqual(calls(), [
                    "ListScheduledAudits",
                    "UpdateAccountAuditConfiguration",
                ]);
            });

            it("swaps the stack's audit's only check in one update: enables the new check, moves the audit, then disables the old one", async () => {
                const olds = state({
                    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
                    scheduledAudits: { weekly: weekly("LOGGING_DISABLED_CHECK") },
                    scheduledAuditArns: { weekly: auditArn("weekly") },
                });
                const news = inputs({
                    auditCheckConfigurations: {
                        DEVICE_CERTIFICATE_AGE_CHECK: {
                            enabled: true,
                            configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "400" },
                        },
                    },
                    scheduledAudits: { weekly: weekly("DEVICE_CERTIFICATE_AGE_CHECK") },
                });
                iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                    live({ LOGGING_DISABLED_CHECK: { enabled: true } }, { roleArn: ROLE }),
                );
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "weekly" }],
                });
                iot.on(UpdateScheduledAuditCommand).resolves({});
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});

                await provider.update!(ID, olds, news);

                assert.deepStrictEqual(calls(), [
                    "DescribeAccountAuditConfiguration", // the added check's name, checked against the API
                    "ListScheduledAudits",
                    "UpdateAccountAuditConfiguration",
                    "UpdateScheduledAudit",
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                    {
                        roleArn: ROLE,
                        auditNotificationTargetConfigurations: {
                            SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                        },
                        auditCheckConfigurations: {
                            DEVICE_CERTIFICATE_AGE_CHECK: {
                                enabled: true,
                                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "400" },
                            },
                        },
                    },
                    "first everything but the disabling: the new check is enabled, the old one stays enabled",
                );
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input,
                    { scheduledAuditName: "weekly", ...weekly("DEVICE_CERTIFICATE_AGE_CHECK") },
                );
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateAccountAuditConfigurationCommand)[1].args[0].input,
                    { auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: false } } },
                );
            });

            it("refuses to disable a check an audit outside the stack uses, naming both, and changes nothing", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [
                        { scheduledAuditName: "weekly" },
                        { scheduledAuditName: "security-team" },
                    ],
                });
                serveAudits({ "security-team": { checks: ["DEVICE_CERTIFICATE_AGE_CHECK"] } });

                await assert.rejects(
                    provider.update!(ID, state(WITH_WEEKLY), inputs(ONLY_LOGGING)),
                    /Cannot disable audit check\(s\) DEVICE_CERTIFICATE_AGE_CHECK .*: scheduled audit security-team \(runs DEVICE_CERTIFICATE_AGE_CHECK\) uses DEVICE_CERTIFICATE_AGE_CHECK, and this stack does not manage it: it is not tagged Project=iot-defender, Stack=test as the stack's own scheduled audits are\. A check used by a scheduled audit cannot be disabled: remove it from the scheduled audit \(or delete the audit\) first\./,
                );
                assert.deepStrictEqual(calls(), [
                    "ListScheduledAudits",
                    "DescribeScheduledAudit",
                    "ListTagsForResource",
                ]);
            });

            it("counts an audit outside its state as the stack's only when every ownership tag has the stack's value", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "leftover" }],
                });
                serveAudits({
                    leftover: {
                        checks: ["DEVICE_CERTIFICATE_AGE_CHECK"],
                        tags: [
                            { Key: "Project", Value: "iot-defender" },
                            { Key: "Stack", Value: "prod" },
                        ],
                    },
                });
                await assert.rejects(
                    provider.update!(ID, state(WITH_WEEKLY), inputs(ONLY_LOGGING)),
                    /scheduled audit leftover .* this stack does not manage it: it is not tagged Project=iot-defender, Stack=test/,
                );
                assert.strictEqual(iot.commandCalls(UpdateScheduledAuditCommand).length, 0);
            });

            it("without Project and Stack among its tags, counts no audit outside its state as the stack's, says so and reads no tags", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "leftover" }],
                });
                serveAudits({ leftover: { checks: ["DEVICE_CERTIFICATE_AGE_CHECK"], own: true } });
                await assert.rejects(
                    provider.update!(
                        ID,
                        state({ ...WITH_WEEKLY, tags: [] }),
                        inputs({ ...ONLY_LOGGING, tags: [] }),
                    ),
                    /scheduled audit leftover .* this stack does not manage it: this stack's scheduled audits carry no Project and Stack tags, so no scheduled audit can be shown to be the stack's/,
                );
                assert.deepStrictEqual(calls(), ["ListScheduledAudits", "DescribeScheduledAudit"]);
            });

            it("frees an audit outside its state that its tags prove the stack's: it loses the disabled check, or is deleted when it would run none", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [
                        { scheduledAuditName: "weekly" },
                        { scheduledAuditName: "kept" },
                        { scheduledAuditName: "emptied" },
                    ],
                });
                serveAudits({
                    kept: {
                        checks: ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK"],
                        own: true,
                    },
                    emptied: { checks: ["DEVICE_CERTIFICATE_AGE_CHECK"], own: true },
                });
                iot.on(UpdateScheduledAuditCommand).resolves({});
                iot.on(DeleteScheduledAuditCommand).resolves({});
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
                await provider.update!(ID, state(WITH_WEEKLY), inputs(ONLY_LOGGING));
                assert.deepStrictEqual(calls().slice(-4), [
                    "UpdateScheduledAudit",
                    "DeleteScheduledAudit",
                    "UpdateScheduledAudit",
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input,
                    { scheduledAuditName: "kept", targetCheckNames: ["LOGGING_DISABLED_CHECK"] },
                );
                assert.deepStrictEqual(
                    iot.commandCalls(DeleteScheduledAuditCommand)[0].args[0].input,
                    { scheduledAuditName: "emptied" },
                );
            });

            it("deletes an audit the stack removes before disabling the check it ran", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "weekly" }],
                });
                iot.on(DeleteScheduledAuditCommand).resolves({});
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
                const { outs } = await provider.update!(
                    ID,
                    state(WITH_WEEKLY),
                    inputs({ ...ONLY_LOGGING, scheduledAudits: {} }),
                );
                assert.deepStrictEqual(calls(), [
                    "ListScheduledAudits",
                    "DeleteScheduledAudit",
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(outs!.scheduledAuditArns, {});
            });
        });
    });
});
