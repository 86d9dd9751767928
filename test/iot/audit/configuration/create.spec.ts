import * as assert from "assert";
import {
    DeleteAccountAuditConfigurationCommand,
    DescribeAccountAuditConfigurationCommand,
    ListScheduledAuditsCommand,
    UpdateAccountAuditConfigurationCommand,
} from "@aws-sdk/client-iot";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import type { AccountAuditOutputs } from "../../../../components/iot/audit/types";
import { RETRY } from "../../../../components/aws/calls";
import { AUDIT_CHECK_NAMES } from "../../../../components/facts";
import { awsError, calls, ID, iot, useIotMock } from "../mocks";
import { ROLE, NOTIFY_ROLE, TOPIC, inputs, live } from "./fixtures";

describe("account audit provider: the audit configuration", () => {
    useIotMock();

    describe("create", () => {
        it("configures a fresh account: role, target, configured checks enabled, every other check disabled (2 calls)", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(live());
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const result = await provider.create(inputs());

            assert.strictEqual(result.id, ID);
            assert.strictEqual(result.outs!.priorConfiguration, undefined);
            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration",
                "UpdateAccountAuditConfiguration",
            ]);
            const request = iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0]
                .input;
            assert.strictEqual(request.roleArn, ROLE);
            assert.deepStrictEqual(request.auditNotificationTargetConfigurations, {
                SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
            });
            const checks = request.auditCheckConfigurations!;
            assert.deepStrictEqual(Object.keys(checks).sort(), [...AUDIT_CHECK_NAMES].sort());
            assert.deepStrictEqual(checks.LOGGING_DISABLED_CHECK, { enabled: true });
            assert.deepStrictEqual(checks.DEVICE_CERTIFICATE_AGE_CHECK, {
                enabled: true,
                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
            });
            assert.deepStrictEqual(checks.CONFLICTING_CLIENT_IDS_CHECK, { enabled: false });
            assert.strictEqual(Object.values(checks).filter(c => c.enabled).length, 2);
            assert.ok(!("__provider" in request));
        });

        it("refuses to overwrite an existing configuration, saying what exists and how to adopt or remove it", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live(
                    {
                        LOGGING_DISABLED_CHECK: { enabled: true },
                        CONFLICTING_CLIENT_IDS_CHECK: { enabled: true },
                    },
                    {
                        roleArn: "arn:aws:iam::123456789012:role/someone-elses",
                        auditNotificationTargetConfigurations: {
                            SNS: {
                                targetArn: "arn:aws:sns:eu-west-1:123456789012:theirs",
                                roleArn: NOTIFY_ROLE,
                                enabled: true,
                            },
                        },
                    },
                ),
            );
            await assert.rejects(provider.create(inputs()), (err: Error) => {
                assert.match(err.message, /already exists/);
                assert.match(err.message, /role arn:aws:iam::123456789012:role\/someone-elses/);
                assert.match(
                    err.message,
                    new RegExp(
                        `2 of ${AUDIT_CHECK_NAMES.length} checks enabled \\(CONFLICTING_CLIENT_IDS_CHECK, LOGGING_DISABLED_CHECK\\)`,
                    ),
                );
                assert.match(
                    err.message,
                    /SNS notifications to arn:aws:sns:eu-west-1:123456789012:theirs/,
                );
                assert.match(err.message, /iot-defender:audit\.adoptExisting: true/);
                assert.match(err.message, /Pulumi\.<stack>\.yaml/);
                assert.match(err.message, /restored on destroy/);
                assert.match(
                    err.message,
                    /aws iot delete-account-audit-configuration --region eu-west-1/,
                );
                return true;
            });
            assert.deepStrictEqual(calls(), ["DescribeAccountAuditConfiguration"]);
        });

        it("treats a role alone (no enabled check) as an existing configuration", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live({}, { roleArn: "arn:aws:iam::123456789012:role/someone-elses" }),
            );
            await assert.rejects(
                provider.create(inputs()),
                /already exists: role .*; 0 of \d+ checks enabled; no notification target/,
            );
        });

        it("adopts when asked: records the prior configuration and disables a prior target it does not configure (2 calls)", async () => {
            const prior = live(
                {
                    CONFLICTING_CLIENT_IDS_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: {
                        enabled: true,
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
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(prior);
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const result = await provider.create(
                inputs({ adoptExisting: true, auditNotificationTargetConfigurations: undefined }),
            );

            assert.deepStrictEqual(JSON.parse(result.outs!.priorConfiguration!), {
                roleArn: prior.roleArn,
                auditNotificationTargetConfigurations: prior.auditNotificationTargetConfigurations,
                auditCheckConfigurations: prior.auditCheckConfigurations,
            });
            assert.strictEqual(result.outs!.adoptExisting, true);
            assert.strictEqual(iot.calls().length, 2);
            const request = iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0]
                .input;
            assert.deepStrictEqual(request.auditNotificationTargetConfigurations, {
                SNS: {
                    targetArn: "arn:aws:sns:eu-west-1:123456789012:theirs",
                    roleArn: NOTIFY_ROLE,
                    enabled: false,
                },
            });
            assert.deepStrictEqual(request.auditCheckConfigurations!.CONFLICTING_CLIENT_IDS_CHECK, {
                enabled: false,
            });
            assert.deepStrictEqual(request.auditCheckConfigurations!.DEVICE_CERTIFICATE_AGE_CHECK, {
                enabled: true,
                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
            });
        });

        it("adopting, sends the default threshold for a check whose live threshold the inputs do not set", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live(
                    {
                        DEVICE_CERTIFICATE_EXPIRING_CHECK: {
                            enabled: true,
                            configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "90" },
                        },
                    },
                    { roleArn: "arn:aws:iam::123456789012:role/theirs" },
                ),
            );
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.create(
                inputs({
                    adoptExisting: true,
                    auditCheckConfigurations: {
                        DEVICE_CERTIFICATE_EXPIRING_CHECK: { enabled: true },
                    },
                }),
            );
            const checks = iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input
                .auditCheckConfigurations!;
            assert.deepStrictEqual(checks.DEVICE_CERTIFICATE_EXPIRING_CHECK, {
                enabled: true,
                configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "30" },
            });
        });

        /** The configuration a create left when it died before Pulumi saved state: this stack's own role. */
        const ownAfterCrash = live(
            {
                LOGGING_DISABLED_CHECK: { enabled: true },
                DEVICE_CERTIFICATE_AGE_CHECK: {
                    enabled: true,
                    configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
                },
            },
            {
                roleArn: ROLE,
                auditNotificationTargetConfigurations: {
                    SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                },
            },
        );

        it("takes over, recording no prior configuration, one that already uses this stack's own audit role when not adopting (a create that died before Pulumi saved state)", async () => {
            for (const adoptExisting of [undefined, false]) {
                iot.reset();
                iot.on(DescribeAccountAuditConfigurationCommand).resolves(ownAfterCrash);
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
                iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
                iot.on(DeleteAccountAuditConfigurationCommand).resolves({});
                const { outs } = await provider.create(inputs({ adoptExisting }));
                assert.ok(
                    !("priorConfiguration" in outs!),
                    `adoptExisting ${adoptExisting}: nothing prior is recorded`,
                );
                assert.deepStrictEqual(calls(), [
                    "DescribeAccountAuditConfiguration",
                    "UpdateAccountAuditConfiguration",
                ]);

                await provider.delete!(ID, {
                    ...outs!,
                    __provider: "serialized",
                } as AccountAuditOutputs);
                assert.deepStrictEqual(
                    calls().slice(2),
                    ["ListScheduledAudits", "DeleteAccountAuditConfiguration"],
                    "destroy deletes it rather than restoring the stack's own setup",
                );
            }
        });

        it("refuses, changing nothing, to adopt one that already uses this stack's own audit role: what an adopting run replaced before it died is lost", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(ownAfterCrash);
            await assert.rejects(provider.create(inputs({ adoptExisting: true })), (err: Error) => {
                assert.match(
                    err.message,
                    /^The Device Defender audit configuration of account 123456789012 in eu-west-1 already uses this stack's audit role arn:aws:iam::123456789012:role\/iot-audit \(role arn:aws:iam::123456789012:role\/iot-audit; 2 of \d+ checks enabled/,
                );
                assert.match(
                    err.message,
                    /the configuration it replaced was never recorded and `pulumi destroy` could not restore it\. This run changed nothing\./,
                );
                assert.match(
                    err.message,
                    /restore that configuration by hand \(`aws iot update-account-audit-configuration --region eu-west-1 --role-arn <its role> \.\.\.`\) and run `pulumi up` again/,
                );
                assert.match(
                    err.message,
                    /set `iot-defender:audit\.adoptExisting: false` in Pulumi\.<stack>\.yaml .* `pulumi destroy` deletes it\.$/,
                );
                return true;
            });
            assert.deepStrictEqual(calls(), ["DescribeAccountAuditConfiguration"]);
        });

        it("still refuses a configuration with another role, even one that differs only in its suffix", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live({ LOGGING_DISABLED_CHECK: { enabled: true } }, { roleArn: `${ROLE}-1a2b3c` }),
            );
            await assert.rejects(
                provider.create(inputs()),
                /already exists: role arn:aws:iam::123456789012:role\/iot-audit-1a2b3c;.*adoptExisting: true/,
            );
        });

        it("records no prior configuration when adopting an unconfigured account", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(live());
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const result = await provider.create(inputs({ adoptExisting: true }));
            assert.ok(!("priorConfiguration" in result.outs!));
        });

        it("rejects a check name the API does not know, listing the available ones", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(live());
            const bad = inputs({
                auditCheckConfigurations: {
                    IOT_POLICY_UNRESTRICTED_CHECK: { enabled: true },
                    LOGGING_DISABLED_CHECK: { enabled: true },
                },
            });
            await assert.rejects(provider.create(bad), (err: Error) => {
                assert.match(
                    err.message,
                    /Unknown audit check name\(s\) for account 123456789012 in eu-west-1: IOT_POLICY_UNRESTRICTED_CHECK\./,
                );
                for (const name of AUDIT_CHECK_NAMES)
                    assert.ok(err.message.includes(name), `lists ${name}`);
                return true;
            });
            assert.strictEqual(iot.commandCalls(UpdateAccountAuditConfigurationCommand).length, 0);
        });

        it("retries throttling and then succeeds", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand)
                .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
                .resolves(live());
            iot.on(UpdateAccountAuditConfigurationCommand)
                .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
                .resolves({});
            const result = await provider.create(inputs());
            assert.strictEqual(result.id, ID);
            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration",
                "DescribeAccountAuditConfiguration",
                "UpdateAccountAuditConfiguration",
                "UpdateAccountAuditConfiguration",
            ]);
        });

        it("gives up after the bounded number of attempts, saying what it was doing", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).rejects(
                awsError("ThrottlingException", "Rate exceeded"),
            );
            await assert.rejects(
                provider.create(inputs()),
                new RegExp(
                    `Describe the audit configuration of account 123456789012 in eu-west-1: ThrottlingException: Rate exceeded \\(after ${RETRY.attempts} attempts\\)`,
                ),
            );
            assert.strictEqual(iot.calls().length, RETRY.attempts);
        });
    });
});
