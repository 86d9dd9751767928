import * as assert from "assert";
import {
    DescribeAccountAuditConfigurationCommand,
    UpdateAccountAuditConfigurationCommand,
} from "@aws-sdk/client-iot";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { session } from "../../components/aws/session";
import { accountAuditProvider as provider } from "../../components/iot/audit/provider";
import type { AccountAuditInputs, AccountAuditOutputs } from "../../components/iot/audit/types";
import { TEST_ACCOUNT, useIotMock } from "../iot/support";

const REGION = "eu-west-1";
const inputs: AccountAuditInputs = {
    region: REGION,
    accountId: TEST_ACCOUNT,
    roleArn: `arn:aws:iam::${TEST_ACCOUNT}:role/iot-audit`,
    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
    scheduledAudits: {},
};
const state = { ...inputs, scheduledAuditArns: {} } as AccountAuditOutputs;

describe("The account check before an account-wide write", () => {
    const mock = useIotMock();
    afterEach(() => {
        for (const k of Object.keys(session)) delete (session as Record<string, unknown>)[k];
    });

    it("refuses to create, update or delete the audit configuration with another account's credentials, naming both, before any IoT call", async () => {
        mock.sts.on(GetCallerIdentityCommand).resolves({ Account: "999999999999" });
        const both =
            /account 999999999999, but this stack is in account 123456789012.*Nothing was changed/;
        await assert.rejects(provider.create(inputs), both);
        await assert.rejects(provider.update!(`${TEST_ACCOUNT}/${REGION}`, state, inputs), both);
        await assert.rejects(provider.delete!(`${TEST_ACCOUNT}/${REGION}`, state), both);
        assert.strictEqual(mock.iot.calls().length, 0, "no IoT call, so nothing written");
    });

    it("refuses an account aws:allowedAccountIds does not allow", async () => {
        session.identity = { region: REGION, assumeRoles: [], allowedAccountIds: ["210987654321"] };
        await assert.rejects(
            provider.create(inputs),
            /account 123456789012 is not in aws:allowedAccountIds \(210987654321\)/,
        );
        assert.strictEqual(mock.iot.calls().length, 0);
    });

    it("writes once the caller is the stack's account", async () => {
        mock.iot.on(DescribeAccountAuditConfigurationCommand).resolves({
            auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: false } },
        });
        mock.iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
        await provider.create(inputs);
        assert.strictEqual(mock.sts.commandCalls(GetCallerIdentityCommand).length, 1);
        assert.strictEqual(mock.iot.commandCalls(UpdateAccountAuditConfigurationCommand).length, 1);
    });
});
