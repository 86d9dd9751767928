import * as assert from "assert";
import { UpdateAccountAuditConfigurationCommand } from "@aws-sdk/client-iot";
import { AccountAudit } from "../../../../components/iot/audit/resource";
import type {
    AccountAuditInputs,
    AccountAuditOutputs,
} from "../../../../components/iot/audit/types";
import { readOutput } from "../../../harness";
import { registered } from "../../support";
import { ID, iot, useIotMock } from "../mocks";
import { inputs, loggingAndCertAge, ROLE, state } from "./fixtures";

describe("AccountAudit resource (serialization under Pulumi mocks)", () => {
    useIotMock();

    it("registers with its type token and declared outputs, with a provider that serializes and still works", async () => {
        const {
            resource: resource,
            recorded,
            rebuilt,
        } = await registered<AccountAudit, AccountAuditInputs, AccountAuditOutputs>(
            AccountAudit.__pulumiType,
            () => new AccountAudit("audit", inputs({ adoptExisting: false })),
        );
        assert.deepStrictEqual(await readOutput(resource.accountId), {
            known: true,
            value: "123456789012",
        });
        assert.deepStrictEqual(await readOutput(resource.roleArn), { known: true, value: ROLE });
        assert.ok(recorded, "the resource was registered");
        assert.strictEqual(recorded.type, "pulumi-nodejs:dynamic/iot:AccountAudit");
        assert.deepStrictEqual(
            recorded.inputs.auditCheckConfigurations,
            inputs().auditCheckConfigurations,
        );

        const checked = await rebuilt.check!({} as never, inputs({ accountId: "12345" }));
        assert.deepStrictEqual(
            checked.failures!.map(f => f.property),
            ["accountId"],
        );
        // Update reaches the audit check facts (default thresholds) through the serialized closure.
        iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
        const olds = state({
            auditCheckConfigurations: loggingAndCertAge("90"),
        });
        await rebuilt.update!(
            ID,
            olds,
            inputs({
                auditCheckConfigurations: loggingAndCertAge(),
            }),
        );
        assert.deepStrictEqual(
            iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input
                .auditCheckConfigurations!.DEVICE_CERTIFICATE_AGE_CHECK,
            { enabled: true, configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" } },
        );
    });
});
