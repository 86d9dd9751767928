import * as assert from "assert";
import {
    DeleteAccountAuditConfigurationCommand,
    DeleteScheduledAuditCommand,
    ListScheduledAuditsCommand,
} from "@aws-sdk/client-iot";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import { awsError, calls, ID, iot, useIotMock } from "../mocks";
import { state } from "./fixtures";

describe("account audit provider: the scheduled audits", () => {
    useIotMock();

    describe("delete", () => {
        it("deletes the stack's audit by name, then the configuration", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            iot.on(DeleteScheduledAuditCommand).resolves({});
            iot.on(DeleteAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(ID, state());
            assert.deepStrictEqual(iot.commandCalls(DeleteScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
            });
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DeleteScheduledAudit",
                "DeleteAccountAuditConfiguration",
            ]);
        });

        it("treats an audit already gone as deleted, and reports other errors", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            iot.on(DeleteAccountAuditConfigurationCommand).resolves({});
            iot.on(DeleteScheduledAuditCommand).rejects(awsError("ResourceNotFoundException"));
            await provider.delete!(ID, state());
            iot.on(DeleteScheduledAuditCommand).rejects(
                awsError("InvalidRequestException", "denied"),
            );
            await assert.rejects(
                provider.delete!(ID, state()),
                /Delete scheduled audit weekly in eu-west-1: InvalidRequestException: denied/,
            );
        });
    });
});
