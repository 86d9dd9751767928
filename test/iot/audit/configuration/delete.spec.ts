import * as assert from "assert";
import {
    DeleteAccountAuditConfigurationCommand,
    DeleteScheduledAuditCommand,
    ListScheduledAuditsCommand,
    UpdateAccountAuditConfigurationCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import { auditArn, awsError, calls, ID, iot, serveAudits, useIotMock } from "../mocks";
import { ROLE, NOTIFY_ROLE, TOPIC, WITH_WEEKLY, state, live } from "./fixtures";

describe("account audit provider: the audit configuration", () => {
    useIotMock();

    describe("delete", () => {
        /** A prior configuration that disables both checks the stack enabled (LOGGING_DISABLED_CHECK, DEVICE_CERTIFICATE_AGE_CHECK). */
        const prior = live(
            {
                CONFLICTING_CLIENT_IDS_CHECK: { enabled: true },
                DEVICE_CERTIFICATE_AGE_CHECK: {
                    enabled: false,
                    configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "90" },
                },
            },
            {
                roleArn: "arn:aws:iam::123456789012:role/theirs",
                auditNotificationTargetConfigurations: {
                    SNS: {
                        targetArn: "arn:aws:sns:eu-west-1:123456789012:theirs",
                        roleArn: NOTIFY_ROLE,
                        enabled: true,
                    },
                },
            },
        );

        it("restores the adopted prior configuration exactly, after finding no scheduled audit that uses a check it disables (2 calls)", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(ID, state({ priorConfiguration: JSON.stringify(prior) }));
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "UpdateAccountAuditConfiguration",
            ]);
            assert.deepStrictEqual(
                iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                {
                    roleArn: prior.roleArn,
                    auditNotificationTargetConfigurations:
                        prior.auditNotificationTargetConfigurations,
                    auditCheckConfigurations: prior.auditCheckConfigurations,
                },
            );
            const restored = iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0]
                .input.auditCheckConfigurations!;
            assert.deepStrictEqual(
                restored.LOGGING_DISABLED_CHECK,
                { enabled: false },
                "a check this stack enabled is disabled again",
            );
        });

        it("disables this stack's notification target when the prior configuration had none", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(
                ID,
                state({
                    priorConfiguration: JSON.stringify({
                        roleArn: ROLE,
                        auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
                    }),
                }),
            );
            const request = iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0]
                .input;
            assert.deepStrictEqual(request.auditNotificationTargetConfigurations, {
                SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: false },
            });
            assert.deepStrictEqual(request.auditCheckConfigurations, {
                LOGGING_DISABLED_CHECK: { enabled: true },
                DEVICE_CERTIFICATE_AGE_CHECK: { enabled: false },
            });
        });

        it("refuses to restore when a scheduled audit outside the stack uses a check the restore disables, naming both, and changes nothing", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "security-team" }],
            });
            serveAudits({
                "security-team": {
                    checks: ["LOGGING_DISABLED_CHECK", "CONFLICTING_CLIENT_IDS_CHECK"],
                },
            });
            await assert.rejects(
                provider.delete!(ID, state({ priorConfiguration: JSON.stringify(prior) })),
                (err: Error) => {
                    assert.match(
                        err.message,
                        /Cannot disable audit check\(s\) DEVICE_CERTIFICATE_AGE_CHECK, LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1 to restore the prior \(adopted\) configuration/,
                    );
                    assert.match(
                        err.message,
                        /scheduled audit security-team \(runs LOGGING_DISABLED_CHECK, CONFLICTING_CLIENT_IDS_CHECK\) uses LOGGING_DISABLED_CHECK, and this stack does not manage it: it is not tagged Project=iot-defender, Stack=test/,
                    );
                    return true;
                },
            );
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
            ]);
        });

        it("deletes the stack's scheduled audits, frees the checks from one outside its state that its tags prove its own, then restores", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [
                    { scheduledAuditName: "weekly", scheduledAuditArn: auditArn("weekly") },
                    { scheduledAuditName: "leftover", scheduledAuditArn: auditArn("leftover") },
                ],
            });
            serveAudits({
                leftover: {
                    checks: ["LOGGING_DISABLED_CHECK", "CONFLICTING_CLIENT_IDS_CHECK"],
                    own: true,
                },
            });
            iot.on(DeleteScheduledAuditCommand).resolves({});
            iot.on(UpdateScheduledAuditCommand).resolves({});
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(
                ID,
                state({ ...WITH_WEEKLY, priorConfiguration: JSON.stringify(prior) }),
            );
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit", // leftover is not in the state: does it use a check?
                "ListTagsForResource", // it does: its tags show it is the stack's
                "DeleteScheduledAudit",
                "UpdateScheduledAudit",
                "UpdateAccountAuditConfiguration",
            ]);
            assert.deepStrictEqual(iot.commandCalls(DeleteScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
            });
            assert.deepStrictEqual(iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "leftover",
                targetCheckNames: ["CONFLICTING_CLIENT_IDS_CHECK"],
            });
        });

        it("makes no scheduled audit call when the restore disables no check (1 call)", async () => {
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const keepsBoth = live(
                {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: { enabled: true },
                },
                { roleArn: ROLE },
            );
            await provider.delete!(ID, state({ priorConfiguration: JSON.stringify(keepsBoth) }));
            assert.deepStrictEqual(calls(), ["UpdateAccountAuditConfiguration"]);
        });

        it("deletes the configuration when nothing was adopted and no scheduled audit is left (2 calls)", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
            iot.on(DeleteAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(ID, state());
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DeleteAccountAuditConfiguration",
            ]);
            assert.deepStrictEqual(
                iot.commandCalls(DeleteAccountAuditConfigurationCommand)[0].args[0].input,
                {},
            );
        });

        it("deletes the stack's own scheduled audits first, then the configuration (3 calls)", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            iot.on(DeleteScheduledAuditCommand).resolves({});
            iot.on(DeleteAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(ID, state(WITH_WEEKLY));
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DeleteScheduledAudit",
                "DeleteAccountAuditConfiguration",
            ]);
        });

        it("refuses to delete the configuration while scheduled audits are left, naming them from every page, and changes nothing", async () => {
            iot.on(ListScheduledAuditsCommand)
                .resolvesOnce({
                    scheduledAudits: [{ scheduledAuditName: "security-team" }],
                    nextToken: "page2",
                })
                .resolvesOnce({ scheduledAudits: [{ scheduledAuditName: "compliance" }] });
            await assert.rejects(provider.delete!(ID, state()), (err: Error) => {
                assert.match(
                    err.message,
                    /^Cannot delete the audit configuration of account 123456789012 in eu-west-1: scheduled audit\(s\) compliance, security-team exist, which this stack does not manage; deleting the configuration would disable every check they run\. The configuration is left in place\./,
                );
                assert.match(
                    err.message,
                    /`aws iot delete-scheduled-audit --region eu-west-1 --scheduled-audit-name <name>`/,
                );
                // Keeping them means keeping the configuration, whose audit role this destroy deletes.
                assert.match(
                    err.message,
                    /To keep them running, the configuration must outlive this stack, but this destroy deletes the audit role and the notification topic it uses: /,
                );
                assert.match(
                    err.message,
                    /first adopt it in another stack \(`iot-defender:audit\.adoptExisting: true`\), or point it at a role that stays \(`aws iot update-account-audit-configuration --region eu-west-1 --role-arn <role>`/,
                );
                assert.match(
                    err.message,
                    /then remove it from this stack's state only \(`pulumi state delete <urn>`\) and run `pulumi destroy` again\.$/,
                );
                return true;
            });
            assert.deepStrictEqual(calls(), ["ListScheduledAudits", "ListScheduledAudits"]);
            assert.deepStrictEqual(iot.commandCalls(ListScheduledAuditsCommand)[1].args[0].input, {
                nextToken: "page2",
            });
        });

        it("treats an already deleted configuration as success and other errors as failures", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
            iot.on(DeleteAccountAuditConfigurationCommand).rejects(
                awsError("ResourceNotFoundException"),
            );
            await provider.delete!(ID, state());
            iot.reset();
            iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
            iot.on(DeleteAccountAuditConfigurationCommand).rejects(
                awsError("InvalidRequestException", "nope"),
            );
            await assert.rejects(
                provider.delete!(ID, state()),
                /Delete the audit configuration of account 123456789012 in eu-west-1: InvalidRequestException: nope/,
            );
        });
    });
});
