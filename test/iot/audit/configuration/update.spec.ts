import * as assert from "assert";
import {
    DescribeAccountAuditConfigurationCommand,
    UpdateAccountAuditConfigurationCommand,
} from "@aws-sdk/client-iot";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import type { AccountAuditOutputs } from "../../../../components/iot/audit/types";
import { calls, ID, iot, useIotMock } from "../mocks";
import {
    inputs,
    live,
    loggingAndCertAge,
    NOTIFY_ROLE,
    ROLE,
    serveLiveConfiguration,
    state,
    TOPIC,
} from "./fixtures";

describe("account audit provider: the audit configuration", () => {
    useIotMock();

    describe("update", () => {
        it("changes only a threshold with exactly one UpdateAccountAuditConfiguration call", async () => {
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const news = inputs({
                auditCheckConfigurations: loggingAndCertAge("180"),
            });
            const result = await provider.update!(
                ID,
                state({ priorConfiguration: '{"auditCheckConfigurations":{}}' }),
                news,
            );
            assert.deepStrictEqual(calls(), ["UpdateAccountAuditConfiguration"]);
            assert.deepStrictEqual(
                iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                {
                    roleArn: ROLE,
                    auditNotificationTargetConfigurations: {
                        SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                    },
                    auditCheckConfigurations: loggingAndCertAge("180"),
                },
            );
            assert.strictEqual(
                result.outs!.priorConfiguration,
                '{"auditCheckConfigurations":{}}',
                "the prior configuration survives updates",
            );
        });

        it("removing thresholds sends each check's default days, as strings, in the one update call", async () => {
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const olds = state({
                auditCheckConfigurations: {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: {
                        enabled: true,
                        configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "90" },
                    },
                    DEVICE_CERTIFICATE_EXPIRING_CHECK: {
                        enabled: true,
                        configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "60" },
                    },
                },
            });
            const news = inputs({
                auditCheckConfigurations: {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_EXPIRING_CHECK: { enabled: true },
                },
            });
            const result = await provider.update!(ID, olds, news);
            assert.deepStrictEqual(calls(), ["UpdateAccountAuditConfiguration"]);
            assert.deepStrictEqual(
                iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input
                    .auditCheckConfigurations,
                {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: {
                        enabled: true,
                        configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
                    },
                    DEVICE_CERTIFICATE_EXPIRING_CHECK: {
                        enabled: true,
                        configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "30" },
                    },
                },
            );
            assert.deepStrictEqual(
                result.outs!.auditCheckConfigurations,
                news.auditCheckConfigurations,
                "state holds the inputs, with no threshold",
            );
        });

        it("removing a threshold converges: AWS (which keeps a threshold it is not sent) returns to the default, and refresh then shows no change", async () => {
            const olds = state({
                auditCheckConfigurations: loggingAndCertAge("90"),
            });
            const aws = serveLiveConfiguration(
                live(olds.auditCheckConfigurations, { roleArn: ROLE }),
            );
            const news = inputs({
                auditCheckConfigurations: loggingAndCertAge(),
            });

            const { outs } = await provider.update!(ID, olds, news);
            assert.deepStrictEqual(aws.auditCheckConfigurations!.DEVICE_CERTIFICATE_AGE_CHECK, {
                enabled: true,
                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
            });
            const refreshed = await provider.read!(ID, {
                ...outs!,
                __provider: "serialized",
            } as AccountAuditOutputs);
            assert.deepStrictEqual(
                refreshed.props!.auditCheckConfigurations.DEVICE_CERTIFICATE_AGE_CHECK,
                { enabled: true },
            );
            assert.strictEqual((await provider.diff!(ID, refreshed.props!, news)).changes, false);
        });

        it("makes no AWS call when only stack-side inputs change", async () => {
            assert.strictEqual(
                (await provider.diff!(ID, state(), inputs({ adoptExisting: true }))).changes,
                true,
            );
            const result = await provider.update!(ID, state(), inputs({ adoptExisting: true }));
            assert.deepStrictEqual(calls(), []);
            assert.strictEqual(result.outs!.adoptExisting, true);
        });

        it("validates added check names against the API before changing anything", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(live());
            const news = inputs({
                auditCheckConfigurations: {
                    ...inputs().auditCheckConfigurations,
                    NOT_A_CHECK: { enabled: true },
                },
            });
            await assert.rejects(
                provider.update!(ID, state(), news),
                /Unknown audit check name\(s\) .*NOT_A_CHECK.*Available checks/,
            );
            assert.deepStrictEqual(calls(), ["DescribeAccountAuditConfiguration"]);
        });

        it("disables a notification target that is no longer configured", async () => {
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.update!(
                ID,
                state(),
                inputs({ auditNotificationTargetConfigurations: undefined }),
            );
            assert.deepStrictEqual(
                iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input
                    .auditNotificationTargetConfigurations,
                { SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: false } },
            );
        });
    });
});
