import * as assert from "assert";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import type { AccountAuditInputs } from "../../../../components/iot/audit/types";
import { UNKNOWN } from "../../../../components/iot/inputs";
import { useIotMock } from "../mocks";
import { NOTIFY_ROLE, TOPIC, inputs } from "./fixtures";

describe("account audit provider: the audit configuration", () => {
    useIotMock();

    describe("check", () => {
        const failuresOf = async (news: unknown) =>
            (await provider.check!({} as never, news as AccountAuditInputs)).failures ?? [];

        it("accepts the component's inputs and drops __provider and the outputs", async () => {
            const result = await provider.check!(
                {} as never,
                {
                    ...inputs(),
                    __provider: "x",
                    priorConfiguration: undefined,
                    scheduledAuditArns: undefined,
                } as never,
            );
            assert.deepStrictEqual(result.failures, []);
            assert.deepStrictEqual(result.inputs, inputs());
        });

        it("rejects a role ARN outside the allowed length and a bad account id", async () => {
            const failures = await failuresOf(inputs({ roleArn: "arn:short", accountId: "12345" }));
            assert.deepStrictEqual(failures.map(f => f.property).sort(), ["accountId", "roleArn"]);
        });

        it("allows only the SNS notification target, with targetArn and roleArn", async () => {
            const failures = await failuresOf(
                inputs({
                    auditNotificationTargetConfigurations: {
                        EMAIL: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                        SNS: { enabled: true },
                    },
                }),
            );
            const props = failures.map(f => f.property).sort();
            assert.deepStrictEqual(props, [
                "auditNotificationTargetConfigurations.EMAIL",
                "auditNotificationTargetConfigurations.SNS.roleArn",
                "auditNotificationTargetConfigurations.SNS.targetArn",
            ]);
            assert.match(failures.find(f => f.property.endsWith("EMAIL"))!.reason, /must be "SNS"/);
        });

        it("validates threshold configuration against the check's own key and range", async () => {
            const failures = await failuresOf(
                inputs({
                    auditCheckConfigurations: {
                        DEVICE_CERTIFICATE_AGE_CHECK: {
                            enabled: true,
                            configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "60" },
                        },
                        DEVICE_CERTIFICATE_EXPIRING_CHECK: {
                            enabled: true,
                            configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "29" },
                        },
                        LOGGING_DISABLED_CHECK: {
                            enabled: true,
                            configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
                        },
                        CA_CERTIFICATE_EXPIRING_CHECK: { enabled: true },
                    },
                }),
            );
            assert.strictEqual(failures.length, 3, JSON.stringify(failures));
            assert.match(
                failures[0].reason,
                /CERT_EXPIRATION_THRESHOLD_IN_DAYS is not a configuration of DEVICE_CERTIFICATE_AGE_CHECK: the only configuration key is CERT_AGE_THRESHOLD_IN_DAYS/,
            );
            assert.match(failures[1].reason, /from 30 to 3652; got "29"/);
            assert.match(failures[2].reason, /LOGGING_DISABLED_CHECK: it takes no configuration/);
        });

        it("wants threshold values as strings of whole numbers", async () => {
            for (const bad of [365, "365.5", "abc", "3653"]) {
                const failures = await failuresOf(
                    inputs({
                        auditCheckConfigurations: {
                            DEVICE_CERTIFICATE_AGE_CHECK: {
                                enabled: true,
                                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: bad as string },
                            },
                        },
                    }),
                );
                assert.strictEqual(failures.length, 1, `${JSON.stringify(bad)} should fail`);
            }
            for (const good of ["30", "3652"]) {
                const failures = await failuresOf(
                    inputs({
                        auditCheckConfigurations: {
                            DEVICE_CERTIFICATE_AGE_CHECK: {
                                enabled: true,
                                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: good },
                            },
                        },
                    }),
                );
                assert.deepStrictEqual(failures, [], good);
            }
        });

        it("needs at least one enabled check and non-empty check names", async () => {
            const none = await failuresOf(
                inputs({
                    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: false } },
                }),
            );
            assert.deepStrictEqual(
                none.map(f => f.reason),
                ["auditCheckConfigurations must enable at least one audit check"],
            );
            const empty = await failuresOf(
                inputs({
                    auditCheckConfigurations: { "": { enabled: true } },
                }),
            );
            assert.deepStrictEqual(
                empty.map(f => f.reason),
                ["auditCheckConfigurations has an empty check name"],
            );
        });

        it("tolerates values unknown at preview anywhere", async () => {
            for (const edit of [
                { region: UNKNOWN, accountId: UNKNOWN, roleArn: UNKNOWN },
                { auditCheckConfigurations: UNKNOWN },
                { auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: UNKNOWN } } },
                { auditCheckConfigurations: { LOGGING_DISABLED_CHECK: UNKNOWN } },
                {
                    auditCheckConfigurations: {
                        DEVICE_CERTIFICATE_AGE_CHECK: {
                            enabled: true,
                            configuration: { CERT_AGE_THRESHOLD_IN_DAYS: UNKNOWN },
                        },
                    },
                },
                { auditNotificationTargetConfigurations: UNKNOWN },
                {
                    auditNotificationTargetConfigurations: {
                        SNS: { targetArn: UNKNOWN, roleArn: UNKNOWN, enabled: true },
                    },
                },
                { scheduledAudits: UNKNOWN, adoptExisting: UNKNOWN },
                { tags: UNKNOWN },
            ]) {
                assert.deepStrictEqual(
                    await failuresOf(inputs(edit as never)),
                    [],
                    JSON.stringify(edit),
                );
            }
        });
    });
});
