import * as assert from "assert";
import {
    CreateScheduledAuditCommand,
    DeleteScheduledAuditCommand,
    DescribeScheduledAuditCommand,
    IoTClient,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import { mockClient } from "aws-sdk-client-mock";
import {
    DAY_UNSET,
    ScheduledAudit,
    ScheduledAuditInputs,
    ScheduledAuditOutputs,
    scheduledAuditProvider as provider,
} from "../../components/iot/scheduledAudit";
import { UNKNOWN } from "../../components/iot/kit";
import { clock } from "../../components/aws/calls";
import { LIMITS } from "../../components/facts";
import { readOutput } from "../harness";
import { registered } from "./support";

const iot = mockClient(IoTClient);
const ARN = "arn:aws:iot:eu-west-1:123456789012:scheduledaudit/weekly";
const CHECKS = ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_SHARED_CHECK"];

function inputs(edit: Partial<ScheduledAuditInputs> = {}): ScheduledAuditInputs {
    return {
        region: "eu-west-1",
        scheduledAuditName: "weekly",
        frequency: "WEEKLY",
        dayOfWeek: "MON",
        targetCheckNames: [...CHECKS],
        tags: [
            { Key: "owner", Value: "iot" },
            { Key: "env", Value: "dev" },
        ],
        ...edit,
    };
}

function state(edit: Partial<ScheduledAuditOutputs> = {}): ScheduledAuditOutputs {
    return { ...inputs(), arn: ARN, __provider: "serialized", ...edit } as ScheduledAuditOutputs;
}

function calls(): string[] {
    return iot.calls().map(c => (c.args[0] as object).constructor.name.replace(/Command$/, ""));
}

function awsError(name: string, message = name): Error {
    return Object.assign(new Error(message), { name, $metadata: {} });
}

describe("ScheduledAudit provider", () => {
    const realSleep = clock.sleep;
    before(() => {
        clock.sleep = async () => undefined;
    });
    after(() => {
        clock.sleep = realSleep;
    });
    beforeEach(() => iot.reset());

    describe("check", () => {
        const failuresOf = async (news: unknown) =>
            (await provider.check!({} as never, news as ScheduledAuditInputs)).failures ?? [];
        const propsOf = async (edit: Record<string, unknown>) =>
            (await failuresOf(inputs({ dayOfWeek: undefined, ...edit } as never)))
                .map(f => f.property)
                .sort();

        it("accepts valid inputs and drops __provider", async () => {
            const result = await provider.check!(
                {} as never,
                { ...inputs(), __provider: "x", arn: undefined } as never,
            );
            assert.deepStrictEqual(result.failures, []);
            assert.deepStrictEqual(result.inputs, inputs());
        });

        const cases: [string, Record<string, unknown>, string[]][] = [
            ["DAILY with no day", { frequency: "DAILY" }, []],
            ["DAILY with a day of week", { frequency: "DAILY", dayOfWeek: "MON" }, ["dayOfWeek"]],
            ["DAILY with a day of month", { frequency: "DAILY", dayOfMonth: "1" }, ["dayOfMonth"]],
            ["WEEKLY with a day of week", { frequency: "WEEKLY", dayOfWeek: "SUN" }, []],
            ["WEEKLY without a day of week", { frequency: "WEEKLY" }, ["dayOfWeek"]],
            [
                "WEEKLY with a lower-case day",
                { frequency: "WEEKLY", dayOfWeek: "mon" },
                ["dayOfWeek"],
            ],
            ["BIWEEKLY with a day of week", { frequency: "BIWEEKLY", dayOfWeek: "FRI" }, []],
            [
                "BIWEEKLY with a day of month instead",
                { frequency: "BIWEEKLY", dayOfMonth: "3" },
                ["dayOfMonth", "dayOfWeek"],
            ],
            ["MONTHLY on day 15", { frequency: "MONTHLY", dayOfMonth: "15" }, []],
            ["MONTHLY on the last day", { frequency: "MONTHLY", dayOfMonth: "LAST" }, []],
            ["MONTHLY on day 31", { frequency: "MONTHLY", dayOfMonth: "31" }, []],
            ["MONTHLY on day 0", { frequency: "MONTHLY", dayOfMonth: "0" }, ["dayOfMonth"]],
            ["MONTHLY on day 32", { frequency: "MONTHLY", dayOfMonth: "32" }, ["dayOfMonth"]],
            ["MONTHLY on day 01", { frequency: "MONTHLY", dayOfMonth: "01" }, ["dayOfMonth"]],
            [
                "MONTHLY with a number, not a string",
                { frequency: "MONTHLY", dayOfMonth: 15 },
                ["dayOfMonth"],
            ],
            ["MONTHLY without a day", { frequency: "MONTHLY" }, ["dayOfMonth"]],
            [
                "MONTHLY with a day of week too",
                { frequency: "MONTHLY", dayOfMonth: "1", dayOfWeek: "MON" },
                ["dayOfWeek"],
            ],
            ["an unknown frequency", { frequency: "HOURLY" }, ["frequency"]],
        ];
        for (const [title, edit, expected] of cases) {
            it(`frequency/day: ${title} -> ${expected.length ? expected.join(", ") : "ok"}`, async () => {
                assert.deepStrictEqual(await propsOf(edit), expected);
            });
        }

        it("explains which day field a frequency uses", async () => {
            const [wrong] = await failuresOf(inputs({ frequency: "DAILY" }));
            assert.match(
                wrong.reason,
                /dayOfWeek cannot be set when frequency is DAILY \(it takes no day\)/,
            );
            const [missing] = await failuresOf(
                inputs({ frequency: "MONTHLY", dayOfWeek: undefined }),
            );
            assert.match(missing.reason, /dayOfMonth is required when frequency is MONTHLY/);
        });

        it("applies the API's name rule (no colon, at most 128 characters)", async () => {
            assert.deepStrictEqual(
                (await failuresOf(inputs({ scheduledAuditName: "team:weekly" }))).map(
                    f => f.property,
                ),
                ["scheduledAuditName"],
            );
            assert.deepStrictEqual(
                (await failuresOf(inputs({ scheduledAuditName: "a".repeat(129) }))).map(
                    f => f.property,
                ),
                ["scheduledAuditName"],
            );
            assert.deepStrictEqual(await failuresOf(inputs({ scheduledAuditName: "A_b-9" })), []);
        });

        it("needs at least one target check, each named once", async () => {
            assert.match(
                (await failuresOf(inputs({ targetCheckNames: [] })))[0].reason,
                /at least one audit check/,
            );
            assert.match(
                (await failuresOf(inputs({ targetCheckNames: ["A", "A"] })))[0].reason,
                /lists A more than once/,
            );
            assert.match(
                (await failuresOf(inputs({ targetCheckNames: [""] })))[0].reason,
                /non-empty check names/,
            );
        });

        it("checks tags against the API limits", async () => {
            const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
            assert.match((await failuresOf(inputs({ tags: many })))[0].reason, /at most 50 tags/);
            assert.deepStrictEqual(
                (await failuresOf(inputs({ tags: [{ Key: "", Value: "v" }] }))).map(
                    f => f.property,
                ),
                ["tags[0].Key"],
            );
        });

        it("tolerates values unknown at preview", async () => {
            for (const edit of [
                { frequency: UNKNOWN },
                { frequency: UNKNOWN, dayOfWeek: undefined, dayOfMonth: "LAST" },
                { frequency: "MONTHLY", dayOfWeek: undefined, dayOfMonth: UNKNOWN },
                { frequency: "DAILY", dayOfWeek: UNKNOWN },
                { targetCheckNames: UNKNOWN, tags: UNKNOWN },
                {
                    targetCheckNames: [UNKNOWN, "LOGGING_DISABLED_CHECK"],
                    tags: [{ Key: UNKNOWN, Value: UNKNOWN }],
                },
                { region: UNKNOWN, scheduledAuditName: UNKNOWN },
            ]) {
                assert.deepStrictEqual(
                    await failuresOf(inputs(edit as never)),
                    [],
                    JSON.stringify(edit),
                );
            }
        });
    });

    describe("diff", () => {
        it("reports no change for equal inputs, ignoring __provider, arn and the order of checks and tags", async () => {
            const news = {
                ...inputs({
                    targetCheckNames: [...CHECKS].reverse(),
                    tags: [...inputs().tags!].reverse(),
                }),
                __provider: "other",
            };
            assert.strictEqual(
                (await provider.diff!("weekly", state(), news as never)).changes,
                false,
            );
            assert.deepStrictEqual(calls(), []);
        });

        it("replaces, deleting first, when the name or region changes", async () => {
            const renamed = await provider.diff!(
                "weekly",
                state(),
                inputs({ scheduledAuditName: "weekly-2" }),
            );
            assert.deepStrictEqual(renamed, {
                changes: true,
                replaces: ["scheduledAuditName"],
                deleteBeforeReplace: true,
            });
            assert.deepStrictEqual(
                (await provider.diff!("weekly", state(), inputs({ region: "us-east-1" }))).replaces,
                ["region"],
            );
        });

        it("updates schedule, checks and tags in place, and treats unknown values as changes", async () => {
            for (const edit of [
                { frequency: "DAILY", dayOfWeek: undefined },
                { dayOfWeek: "TUE" },
                { targetCheckNames: ["LOGGING_DISABLED_CHECK"] },
                { tags: [] },
                { targetCheckNames: UNKNOWN },
                { tags: [{ Key: "owner", Value: UNKNOWN }] },
            ]) {
                const result = await provider.diff!("weekly", state(), inputs(edit as never));
                assert.deepStrictEqual(
                    { changes: result.changes, replaces: result.replaces },
                    { changes: true, replaces: [] },
                    JSON.stringify(edit),
                );
            }
        });
    });

    describe("create", () => {
        const requestFor = async (edit: Partial<ScheduledAuditInputs>) => {
            iot.reset();
            iot.on(CreateScheduledAuditCommand).resolves({ scheduledAuditArn: ARN });
            await provider.create(inputs(edit));
            return iot.commandCalls(CreateScheduledAuditCommand)[0].args[0].input;
        };

        it("creates the audit with the day field of its frequency, its checks and tags, and returns the ARN", async () => {
            iot.on(CreateScheduledAuditCommand).resolves({ scheduledAuditArn: ARN });
            const result = await provider.create(inputs());
            assert.deepStrictEqual(result, { id: "weekly", outs: { ...inputs(), arn: ARN } });
            assert.deepStrictEqual(iot.commandCalls(CreateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
                frequency: "WEEKLY",
                dayOfWeek: "MON",
                targetCheckNames: CHECKS,
                tags: inputs().tags,
            });
            assert.deepStrictEqual(calls(), ["CreateScheduledAudit"]);
        });

        it("sends dayOfMonth for MONTHLY and no day for DAILY, and no tags when there are none", async () => {
            assert.deepStrictEqual(
                await requestFor({
                    frequency: "MONTHLY",
                    dayOfWeek: undefined,
                    dayOfMonth: "LAST",
                    tags: undefined,
                }),
                {
                    scheduledAuditName: "weekly",
                    frequency: "MONTHLY",
                    dayOfMonth: "LAST",
                    targetCheckNames: CHECKS,
                },
            );
            assert.deepStrictEqual(
                await requestFor({ frequency: "DAILY", dayOfWeek: undefined, tags: [] }),
                { scheduledAuditName: "weekly", frequency: "DAILY", targetCheckNames: CHECKS },
            );
        });

        it("adopts an audit that already exists exactly as asked (a retried create)", async () => {
            iot.on(CreateScheduledAuditCommand).rejects(awsError("ResourceAlreadyExistsException"));
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditName: "weekly",
                scheduledAuditArn: ARN,
                frequency: "WEEKLY",
                dayOfWeek: "MON",
                targetCheckNames: [...CHECKS].reverse(),
            });
            iot.on(ListTagsForResourceCommand).resolves({
                tags: [
                    { Key: "env", Value: "dev" },
                    { Key: "owner", Value: "iot" },
                ],
            });
            const result = await provider.create(inputs());
            assert.deepStrictEqual(result, { id: "weekly", outs: { ...inputs(), arn: ARN } });
            assert.deepStrictEqual(calls(), [
                "CreateScheduledAudit",
                "DescribeScheduledAudit",
                "ListTagsForResource",
            ]);
            assert.deepStrictEqual(iot.commandCalls(ListTagsForResourceCommand)[0].args[0].input, {
                resourceArn: ARN,
                nextToken: undefined,
            });
        });

        it("refuses an existing audit with other settings, showing both and how to resolve it", async () => {
            iot.on(CreateScheduledAuditCommand).rejects(awsError("ResourceAlreadyExistsException"));
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
                    /Scheduled audit weekly already exists in eu-west-1 with different settings/,
                );
                assert.match(
                    err.message,
                    /MONTHLY on day 1, checks LOGGING_DISABLED_CHECK, tags \{\}/,
                );
                assert.match(
                    err.message,
                    /this stack wants WEEKLY on MON, checks LOGGING_DISABLED_CHECK, DEVICE_CERTIFICATE_SHARED_CHECK, tags \{owner=iot, env=dev\}/,
                );
                assert.match(
                    err.message,
                    /aws iot delete-scheduled-audit --scheduled-audit-name weekly --region eu-west-1/,
                );
                return true;
            });
        });

        it("refuses an existing audit whose tags differ", async () => {
            iot.on(CreateScheduledAuditCommand).rejects(awsError("ResourceAlreadyExistsException"));
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "WEEKLY",
                dayOfWeek: "MON",
                targetCheckNames: CHECKS,
            });
            iot.on(ListTagsForResourceCommand).resolves({
                tags: [{ Key: "owner", Value: "someone-else" }],
            });
            await assert.rejects(provider.create(inputs()), /already exists/);
        });

        it("explains the scheduled audit quota", async () => {
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
            iot.on(CreateScheduledAuditCommand)
                .rejectsOnce(awsError("ThrottlingException"))
                .rejectsOnce(awsError("TooManyRequestsException"))
                .resolves({ scheduledAuditArn: ARN });
            assert.strictEqual((await provider.create(inputs())).outs!.arn, ARN);
            assert.strictEqual(iot.commandCalls(CreateScheduledAuditCommand).length, 3);
        });
    });

    describe("read", () => {
        it("maps the live audit and tags back to inputs, keeping the stored check order", async () => {
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "BIWEEKLY",
                dayOfWeek: "TUE",
                targetCheckNames: [...CHECKS].reverse(),
            });
            iot.on(ListTagsForResourceCommand).resolves({ tags: [{ Key: "owner", Value: "iot" }] });
            const result = await provider.read!("weekly", state());
            assert.strictEqual(result.id, "weekly");
            // The host adds __provider back to what read returns.
            assert.deepStrictEqual(result.props, {
                region: "eu-west-1",
                scheduledAuditName: "weekly",
                frequency: "BIWEEKLY",
                dayOfWeek: "TUE",
                targetCheckNames: CHECKS,
                tags: [{ Key: "owner", Value: "iot" }],
                arn: ARN,
            });
        });

        it("drops a day field the live frequency does not use (a day of week AWS kept after a move to MONTHLY), so refresh shows no change", async () => {
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "MONTHLY",
                dayOfMonth: "LAST",
                dayOfWeek: "MON",
                targetCheckNames: CHECKS,
            });
            iot.on(ListTagsForResourceCommand).resolves({ tags: inputs().tags });
            const monthly = inputs({
                frequency: "MONTHLY",
                dayOfWeek: undefined,
                dayOfMonth: "LAST",
            });
            const props = (
                await provider.read!(
                    "weekly",
                    state({ frequency: "MONTHLY", dayOfWeek: undefined, dayOfMonth: "LAST" }),
                )
            ).props!;
            assert.strictEqual(props.dayOfMonth, "LAST");
            assert.ok(!("dayOfWeek" in props));
            assert.strictEqual((await provider.diff!("weekly", props, monthly)).changes, false);
        });

        it(`drops a day field holding CloudFormation's clear marker ${DAY_UNSET}`, async () => {
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "MONTHLY",
                dayOfMonth: DAY_UNSET,
                targetCheckNames: CHECKS,
            });
            iot.on(ListTagsForResourceCommand).resolves({});
            const props = (await provider.read!("weekly", state())).props!;
            assert.ok(!("dayOfMonth" in props) && !("dayOfWeek" in props), JSON.stringify(props));
        });

        it("reports the audit gone when it no longer exists", async () => {
            iot.on(DescribeScheduledAuditCommand).rejects(awsError("ResourceNotFoundException"));
            assert.strictEqual((await provider.read!("weekly", state())).id, "");
        });
    });

    describe("update", () => {
        // Only CloudFormation's schema accepts UNSET_VALUE; the API model's DayOfWeek/DayOfMonth do not,
        // and the CloudFormation handler sends no day field the template leaves out. So neither do we.
        it(`moving WEEKLY to MONTHLY sends the day of month only: no day of week, and never ${DAY_UNSET}`, async () => {
            iot.on(UpdateScheduledAuditCommand).resolves({});
            const result = await provider.update!(
                "weekly",
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
            assert.strictEqual(result.outs!.arn, ARN);
            assert.ok(!("dayOfWeek" in result.outs!));
        });

        it(`moving MONTHLY to DAILY sends no day field at all, and never ${DAY_UNSET}`, async () => {
            iot.on(UpdateScheduledAuditCommand).resolves({});
            await provider.update!(
                "weekly",
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
                "weekly",
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
            await provider.update!(
                "weekly",
                state(),
                inputs({
                    tags: [
                        { Key: "owner", Value: "security" },
                        { Key: "team", Value: "iot" },
                    ],
                }),
            );
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
                "weekly",
                state(),
                inputs({ targetCheckNames: ["LOGGING_DISABLED_CHECK"] }),
            );
            assert.deepStrictEqual(calls(), ["UpdateScheduledAudit"]);
        });

        it("makes no call when only the order of checks or tags changed", async () => {
            await provider.update!(
                "weekly",
                state(),
                inputs({
                    targetCheckNames: [...CHECKS].reverse(),
                    tags: [...inputs().tags!].reverse(),
                }),
            );
            assert.deepStrictEqual(calls(), []);
        });
    });

    describe("delete", () => {
        it("deletes the audit by name", async () => {
            iot.on(DeleteScheduledAuditCommand).resolves({});
            await provider.delete!("weekly", state());
            assert.deepStrictEqual(iot.commandCalls(DeleteScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
            });
            assert.deepStrictEqual(calls(), ["DeleteScheduledAudit"]);
        });

        it("treats an audit already gone as deleted, and reports other errors", async () => {
            iot.on(DeleteScheduledAuditCommand).rejects(awsError("ResourceNotFoundException"));
            await provider.delete!("weekly", state());
            iot.reset();
            iot.on(DeleteScheduledAuditCommand).rejects(
                awsError("InvalidRequestException", "denied"),
            );
            await assert.rejects(
                provider.delete!("weekly", state()),
                /Delete scheduled audit weekly in eu-west-1: InvalidRequestException: denied/,
            );
        });
    });
});

describe("ScheduledAudit resource (serialization under Pulumi mocks)", () => {
    beforeEach(() => iot.reset());

    it("registers with its type token and the arn output, with a provider that serializes and still works", async () => {
        const {
            resource: audit,
            recorded,
            rebuilt,
        } = await registered<ScheduledAudit, ScheduledAuditInputs, ScheduledAuditOutputs>(
            ScheduledAudit.__pulumiType,
            () => new ScheduledAudit("weekly", inputs()),
        );
        assert.deepStrictEqual(await readOutput(audit.arn), { known: true, value: ARN });
        assert.deepStrictEqual(await readOutput(audit.dayOfWeek), { known: true, value: "MON" });
        assert.ok(recorded, "the resource was registered");
        assert.strictEqual(recorded.type, "pulumi-nodejs:dynamic/iot:ScheduledAudit");

        const checked = await rebuilt.check!({} as never, inputs({ frequency: "HOURLY" as never }));
        assert.deepStrictEqual(
            checked.failures!.map(f => f.property),
            ["frequency"],
        );
        // Update reaches the frequency facts through the serialized closure.
        iot.on(UpdateScheduledAuditCommand).resolves({});
        await rebuilt.update!(
            "weekly",
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
