import * as assert from "assert";
import { DescribeAccountAuditConfigurationCommand } from "@aws-sdk/client-iot";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import { ID, iot, useIotMock } from "../mocks";
import { ROLE, NOTIFY_ROLE, TOPIC, inputs, state, live } from "./fixtures";

describe("account audit provider: the audit configuration", () => {
    useIotMock();

    describe("read", () => {
        it("maps the live configuration back to inputs: only enabled checks, default thresholds not invented", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live(
                    {
                        LOGGING_DISABLED_CHECK: { enabled: true },
                        DEVICE_CERTIFICATE_EXPIRING_CHECK: {
                            enabled: true,
                            configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "30" },
                        },
                    },
                    {
                        roleArn: ROLE,
                        auditNotificationTargetConfigurations: {
                            SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                        },
                    },
                ),
            );
            const stored = state({
                priorConfiguration: '{"auditCheckConfigurations":{}}',
                adoptExisting: true,
            });
            const result = await provider.read!(ID, stored);
            assert.strictEqual(result.id, ID);
            assert.deepStrictEqual(result.props!.auditCheckConfigurations, {
                LOGGING_DISABLED_CHECK: { enabled: true },
                DEVICE_CERTIFICATE_EXPIRING_CHECK: { enabled: true },
            });
            assert.strictEqual(result.props!.roleArn, ROLE);
            assert.deepStrictEqual(result.props!.auditNotificationTargetConfigurations, {
                SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
            });
            assert.strictEqual(result.props!.priorConfiguration, stored.priorConfiguration);
            assert.strictEqual(result.props!.adoptExisting, true);
            assert.deepStrictEqual(result.props!.scheduledAudits, {});
        });

        it("keeps a configured threshold and reports drift in it", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live(
                    {
                        LOGGING_DISABLED_CHECK: { enabled: true },
                        DEVICE_CERTIFICATE_AGE_CHECK: {
                            enabled: true,
                            configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "400" },
                        },
                    },
                    { roleArn: ROLE },
                ),
            );
            const result = await provider.read!(ID, state());
            assert.deepStrictEqual(
                result.props!.auditCheckConfigurations.DEVICE_CERTIFICATE_AGE_CHECK,
                { enabled: true, configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "400" } },
            );
            assert.strictEqual(result.props!.auditNotificationTargetConfigurations, undefined);
            assert.strictEqual((await provider.diff!(ID, result.props!, inputs())).changes, true);
        });

        it("reports the resource gone when the account has no configuration", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(live());
            assert.strictEqual((await provider.read!(ID, state())).id, "");
        });
    });
});
