import * as assert from "assert";
import { UpdateScheduledAuditCommand } from "@aws-sdk/client-iot";
import { AccountAudit } from "../../../../components/iot/audit/resource";
import type {
    AccountAuditInputs,
    AccountAuditOutputs,
} from "../../../../components/iot/audit/types";
import { readOutput } from "../../../harness";
import { registered } from "../../support";
import { ID, iot, useIotMock } from "../mocks";
import { ARN, CHECKS, inputs, state } from "./fixtures";

describe("AccountAudit resource: scheduled audits (serialization under Pulumi mocks)", () => {
    useIotMock();

    it("registers with the scheduledAuditArns output, with a provider that serializes and still works", async () => {
        const {
            resource: audit,
            recorded,
            rebuilt,
        } = await registered<AccountAudit, AccountAuditInputs, AccountAuditOutputs>(
            AccountAudit.__pulumiType,
            () => new AccountAudit("audit", inputs()),
        );
        assert.deepStrictEqual(await readOutput(audit.scheduledAuditArns), {
            known: true,
            value: { weekly: ARN },
        });
        assert.deepStrictEqual(recorded.inputs.scheduledAudits, inputs().scheduledAudits);

        const checked = await rebuilt.check!({} as never, inputs({ frequency: "HOURLY" as never }));
        assert.deepStrictEqual(
            checked.failures!.map(f => f.property),
            ["scheduledAudits.weekly.frequency"],
        );
        // Update reaches the frequency facts through the serialized closure.
        iot.on(UpdateScheduledAuditCommand).resolves({});
        await rebuilt.update!(
            ID,
            state(),
            inputs({ frequency: "MONTHLY", dayOfWeek: undefined, dayOfMonth: "LAST" }),
        );
        assert.deepStrictEqual(iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input, {
            scheduledAuditName: "weekly",
            frequency: "MONTHLY",
            dayOfMonth: "LAST",
            targetCheckNames: CHECKS,
        });
    });
});
