import * as assert from "assert";
import {
    CreateScheduledAuditCommand,
    DeleteScheduledAuditCommand,
    ListScheduledAuditsCommand,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import { DAY_UNSET } from "../../../../components/iot/audit/mapping";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import { calls, ID, iot, useIotMock } from "../mocks";
import { ARN, CHECKS, TAGS, schedule, inputs, state } from "./fixtures";

describe("account audit provider: the scheduled audits", () => {
    useIotMock();

    describe("update", () => {
        // Only CloudFormation's schema accepts UNSET_VALUE; the API model's DayOfWeek/DayOfMonth do not,
        // and the CloudFormation handler sends no day field the template leaves out. So neither do we.
        it(`moving WEEKLY to MONTHLY sends the day of month only: no day of week, and never ${DAY_UNSET}`, async () => {
            iot.on(UpdateScheduledAuditCommand).resolves({});
            const result = await provider.update!(
                ID,
                state(),
                inputs({ frequency: "MONTHLY", dayOfWeek: undefined, dayOfMonth: "1" }),
            );
            assert.deepStrictEqual(calls(), ["UpdateScheduledAudit"]);
            assert.deepStrictEqual(iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
                frequency: "MONTHLY",
                dayOfMonth: "1",
                targetCheckNames: CHECKS,
            });
            assert.deepStrictEqual(result.outs!.scheduledAuditArns, { weekly: ARN });
            assert.strictEqual(result.outs!.scheduledAudits.weekly.dayOfWeek, undefined);
        });

        it(`moving MONTHLY to DAILY sends no day field at all, and never ${DAY_UNSET}`, async () => {
            iot.on(UpdateScheduledAuditCommand).resolves({});
            await provider.update!(
                ID,
                state({ frequency: "MONTHLY", dayOfWeek: undefined, dayOfMonth: "15" }),
                inputs({ frequency: "DAILY", dayOfWeek: undefined }),
            );
            assert.deepStrictEqual(iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
                frequency: "DAILY",
                targetCheckNames: CHECKS,
            });
        });

        it("moving WEEKLY to BIWEEKLY keeps sending the day of week and clears nothing", async () => {
            iot.on(UpdateScheduledAuditCommand).resolves({});
            await provider.update!(
                ID,
                state(),
                inputs({ frequency: "BIWEEKLY", dayOfWeek: "THU" }),
            );
            assert.deepStrictEqual(iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
                frequency: "BIWEEKLY",
                dayOfWeek: "THU",
                targetCheckNames: CHECKS,
            });
        });

        it("changes only tags with TagResource and UntagResource, without UpdateScheduledAudit", async () => {
            iot.on(TagResourceCommand).resolves({});
            iot.on(UntagResourceCommand).resolves({});
            const tags = [
                ...TAGS.slice(0, 2),
                { Key: "owner", Value: "security" },
                { Key: "team", Value: "iot" },
            ];
            await provider.update!(ID, state(), inputs({}, { tags }));
            assert.deepStrictEqual(calls(), ["UntagResource", "TagResource"]);
            assert.deepStrictEqual(iot.commandCalls(UntagResourceCommand)[0].args[0].input, {
                resourceArn: ARN,
                tagKeys: ["env"],
            });
            assert.deepStrictEqual(iot.commandCalls(TagResourceCommand)[0].args[0].input, {
                resourceArn: ARN,
                tags: [
                    { Key: "owner", Value: "security" },
                    { Key: "team", Value: "iot" },
                ],
            });
        });

        it("changes checks with one UpdateScheduledAudit and no tag calls", async () => {
            iot.on(UpdateScheduledAuditCommand).resolves({});
            await provider.update!(
                ID,
                state(),
                inputs({ targetCheckNames: ["LOGGING_DISABLED_CHECK"] }),
            );
            assert.deepStrictEqual(calls(), ["UpdateScheduledAudit"]);
        });

        it("makes no call when only the order of checks or tags changed", async () => {
            await provider.update!(
                ID,
                state(),
                inputs({ targetCheckNames: [...CHECKS].reverse() }, { tags: [...TAGS].reverse() }),
            );
            assert.deepStrictEqual(calls(), []);
        });

        it("renaming a schedule deletes the old audit, then creates the new one once the name is known free", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            iot.on(DeleteScheduledAuditCommand).resolves({});
            const renamed = ARN.replace(/weekly$/, "weekly-2");
            iot.on(CreateScheduledAuditCommand).resolves({ scheduledAuditArn: renamed });
            const result = await provider.update!(
                ID,
                state(),
                inputs({}, { scheduledAudits: { "weekly-2": schedule() } }),
            );
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DeleteScheduledAudit",
                "CreateScheduledAudit",
            ]);
            assert.deepStrictEqual(result.outs!.scheduledAuditArns, { "weekly-2": renamed });
        });
    });
});
