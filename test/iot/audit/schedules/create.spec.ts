import * as assert from "assert";
import {
    CreateScheduledAuditCommand,
    DescribeScheduledAuditCommand,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UpdateAccountAuditConfigurationCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import type { ScheduleSettings } from "../../../../components/iot/audit/types";
import { LIMITS } from "../../../../components/facts";
import { awsError, calls, ID, iot, useIotMock } from "../mocks";
import { ARN, CHECKS, TAGS, schedule, inputs, freshAccount } from "./fixtures";

describe("account audit provider: the scheduled audits", () => {
    useIotMock();

    describe("create", () => {
        const requestFor = async (edit: Partial<ScheduleSettings>, more = {}) => {
            iot.reset();
            freshAccount();
            iot.on(CreateScheduledAuditCommand).resolves({ scheduledAuditArn: ARN });
            await provider.create(inputs(edit, more));
            return iot.commandCalls(CreateScheduledAuditCommand)[0].args[0].input;
        };

        it("after the configuration, creates the audit with the day field of its frequency, its checks and tags, and returns the ARN", async () => {
            freshAccount();
            iot.on(CreateScheduledAuditCommand).resolves({ scheduledAuditArn: ARN });
            const result = await provider.create(inputs());
            assert.deepStrictEqual(result, {
                id: ID,
                outs: { ...inputs(), scheduledAuditArns: { weekly: ARN } },
            });
            assert.deepStrictEqual(iot.commandCalls(CreateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
                frequency: "WEEKLY",
                dayOfWeek: "MON",
                targetCheckNames: CHECKS,
                tags: TAGS,
            });
            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration",
                "ListScheduledAudits", // a name taken by an audit outside the stack stops the run here
                "UpdateAccountAuditConfiguration",
                "CreateScheduledAudit",
            ]);
        });

        it("sends dayOfMonth for MONTHLY and no day for DAILY, and no tags when there are none", async () => {
            assert.deepStrictEqual(
                await requestFor(
                    { frequency: "MONTHLY", dayOfWeek: undefined, dayOfMonth: "LAST" },
                    { tags: undefined },
                ),
                {
                    scheduledAuditName: "weekly",
                    frequency: "MONTHLY",
                    dayOfMonth: "LAST",
                    targetCheckNames: CHECKS,
                },
            );
            assert.deepStrictEqual(
                await requestFor({ frequency: "DAILY", dayOfWeek: undefined }, { tags: [] }),
                { scheduledAuditName: "weekly", frequency: "DAILY", targetCheckNames: CHECKS },
            );
        });

        it("takes over an audit that exists with its name when its Project and Stack tags prove it the stack's (a run that stopped before Pulumi saved it)", async () => {
            freshAccount([{ scheduledAuditName: "weekly" }]);
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditName: "weekly",
                scheduledAuditArn: ARN,
                frequency: "WEEKLY",
                dayOfWeek: "MON",
                targetCheckNames: [...CHECKS].reverse(),
            });
            iot.on(ListTagsForResourceCommand).resolves({ tags: [...TAGS].reverse() });
            const result = await provider.create(inputs());
            assert.deepStrictEqual(result.outs!.scheduledAuditArns, { weekly: ARN });
            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration",
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
                "UpdateAccountAuditConfiguration",
            ]);
            assert.deepStrictEqual(iot.commandCalls(ListTagsForResourceCommand)[0].args[0].input, {
                resourceArn: ARN,
                nextToken: undefined,
            });
        });

        it("brings a taken-over audit to the wanted settings and tags", async () => {
            freshAccount([{ scheduledAuditName: "weekly" }]);
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "MONTHLY",
                dayOfMonth: "1",
                targetCheckNames: ["LOGGING_DISABLED_CHECK"],
            });
            iot.on(ListTagsForResourceCommand).resolves({ tags: TAGS.slice(0, 2) });
            iot.on(UpdateScheduledAuditCommand).resolves({});
            iot.on(TagResourceCommand).resolves({});
            await provider.create(inputs());
            assert.deepStrictEqual(calls().slice(-2), ["UpdateScheduledAudit", "TagResource"]);
            assert.deepStrictEqual(iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
                frequency: "WEEKLY",
                dayOfWeek: "MON",
                targetCheckNames: CHECKS,
            });
            assert.deepStrictEqual(iot.commandCalls(TagResourceCommand)[0].args[0].input, {
                resourceArn: ARN,
                tags: TAGS.slice(2),
            });
        });

        it("refuses, changing nothing, an existing audit not tagged as the stack's, even one with the same settings, showing it and how to resolve it", async () => {
            freshAccount([{ scheduledAuditName: "weekly" }]);
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "MONTHLY",
                dayOfMonth: "1",
                targetCheckNames: ["LOGGING_DISABLED_CHECK"],
            });
            iot.on(ListTagsForResourceCommand).resolves({ tags: [] });
            await assert.rejects(provider.create(inputs()), (err: Error) => {
                assert.match(
                    err.message,
                    /^Scheduled audit weekly already exists in eu-west-1 \(MONTHLY on day 1, checks LOGGING_DISABLED_CHECK, tags \{\}\) and is not in this stack's state: it is not tagged Project=iot-defender, Stack=test as the stack's own scheduled audits are, so this stack will not take it over, and this run changed nothing\./,
                );
                assert.match(
                    err.message,
                    /aws iot delete-scheduled-audit --scheduled-audit-name weekly --region eu-west-1/,
                );
                assert.match(err.message, /or give this schedule another name/);
                return true;
            });
            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration",
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
            ]);
        });

        it("refuses an existing audit tagged as another stack's", async () => {
            freshAccount([{ scheduledAuditName: "weekly" }]);
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                ...schedule(),
            });
            iot.on(ListTagsForResourceCommand).resolves({
                tags: [
                    { Key: "Project", Value: "iot-defender" },
                    { Key: "Stack", Value: "prod" },
                ],
            });
            await assert.rejects(provider.create(inputs()), /already exists/);
            assert.strictEqual(iot.commandCalls(UpdateAccountAuditConfigurationCommand).length, 0);
        });

        it("explains the scheduled audit quota", async () => {
            freshAccount();
            iot.on(CreateScheduledAuditCommand).rejects(
                awsError("LimitExceededException", "Limit exceeded"),
            );
            await assert.rejects(
                provider.create(inputs()),
                new RegExp(
                    `at most ${LIMITS.scheduledAudits} scheduled audits per region \\(not adjustable\\)`,
                ),
            );
        });

        it("retries throttling and then succeeds", async () => {
            freshAccount();
            iot.on(CreateScheduledAuditCommand)
                .rejectsOnce(awsError("ThrottlingException"))
                .rejectsOnce(awsError("TooManyRequestsException"))
                .resolves({ scheduledAuditArn: ARN });
            assert.deepStrictEqual((await provider.create(inputs())).outs!.scheduledAuditArns, {
                weekly: ARN,
            });
            assert.strictEqual(iot.commandCalls(CreateScheduledAuditCommand).length, 3);
        });
    });
});
