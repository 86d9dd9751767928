/**
 * The scheduled audits of the account audit provider: their input checks, diff, and how create,
 * read, update and delete treat them (the configuration itself: configuration.spec.ts).
 */
import * as assert from "assert";
import {
    CreateScheduledAuditCommand,
    DeleteAccountAuditConfigurationCommand,
    DeleteScheduledAuditCommand,
    DescribeAccountAuditConfigurationCommand,
    DescribeScheduledAuditCommand,
    ListScheduledAuditsCommand,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateAccountAuditConfigurationCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import { DAY_UNSET } from "../../../components/iot/audit/mapping";
import { accountAuditProvider as provider } from "../../../components/iot/audit/provider";
import { AccountAudit } from "../../../components/iot/audit/resource";
import type {
    AccountAuditInputs,
    AccountAuditOutputs,
    ScheduleSettings,
} from "../../../components/iot/audit/types";
import { UNKNOWN } from "../../../components/iot/inputs";
import { AUDIT_CHECK_NAMES, LIMITS } from "../../../components/facts";
import { readOutput } from "../../harness";
import { registered } from "../support";
import { awsError, calls, ID, iot, useIotMock } from "./mocks";

const ARN = "arn:aws:iot:eu-west-1:123456789012:scheduledaudit/weekly";
const CHECKS = ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_SHARED_CHECK"];
/** The stack's tags: Project and Stack prove an audit its own. */
const TAGS = [
    { Key: "Project", Value: "iot-defender" },
    { Key: "Stack", Value: "test" },
    { Key: "owner", Value: "iot" },
    { Key: "env", Value: "dev" },
];

/** The weekly schedule's settings. */
function schedule(edit: Partial<ScheduleSettings> = {}): ScheduleSettings {
    return { frequency: "WEEKLY", dayOfWeek: "MON", targetCheckNames: [...CHECKS], ...edit };
}

/** The resource's inputs with the weekly schedule (`edit` applied to it), its checks enabled. */
function inputs(
    edit: Partial<ScheduleSettings> = {},
    more: Partial<AccountAuditInputs> = {},
): AccountAuditInputs {
    return {
        region: "eu-west-1",
        accountId: "123456789012",
        roleArn: "arn:aws:iam::123456789012:role/iot-audit",
        auditCheckConfigurations: Object.fromEntries(CHECKS.map(c => [c, { enabled: true }])),
        scheduledAudits: { weekly: schedule(edit) },
        tags: TAGS,
        ...more,
    };
}

function state(
    edit: Partial<ScheduleSettings> = {},
    more: Partial<AccountAuditOutputs> = {},
): AccountAuditOutputs {
    return {
        ...inputs(edit),
        scheduledAuditArns: { weekly: ARN },
        __provider: "serialized",
        ...more,
    } as AccountAuditOutputs;
}

/** An account with no configuration and, unless given, no scheduled audit. */
function freshAccount(audits: { scheduledAuditName: string }[] = []): void {
    const checks = Object.fromEntries(AUDIT_CHECK_NAMES.map(c => [c, { enabled: false }]));
    iot.on(DescribeAccountAuditConfigurationCommand).resolves({ auditCheckConfigurations: checks });
    iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
    iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: audits });
}

describe("account audit provider: the scheduled audits", () => {
    useIotMock();

    describe("check", () => {
        const failuresOf = async (news: unknown) =>
            (await provider.check!({} as never, news as AccountAuditInputs)).failures ?? [];
        /** Failing properties of the weekly schedule, without the `scheduledAudits.weekly.` prefix. */
        const propsOf = async (edit: Record<string, unknown>) =>
            (await failuresOf(inputs({ dayOfWeek: undefined, ...edit } as never)))
                .map(f => f.property.replace("scheduledAudits.weekly.", ""))
                .sort();

        it("accepts valid inputs and drops __provider and the outputs", async () => {
            const result = await provider.check!(
                {} as never,
                { ...inputs(), __provider: "x", scheduledAuditArns: undefined } as never,
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
                /^scheduledAudits\.weekly\.dayOfWeek cannot be set when frequency is DAILY \(it takes no day\)/,
            );
            const [missing] = await failuresOf(
                inputs({ frequency: "MONTHLY", dayOfWeek: undefined }),
            );
            assert.match(missing.reason, /dayOfMonth is required when frequency is MONTHLY/);
        });

        it("applies the API's name rule to the map's keys (no colon, at most 128 characters)", async () => {
            for (const name of ["team:weekly", "a".repeat(129)]) {
                const failures = await failuresOf(
                    inputs({}, { scheduledAudits: { [name]: schedule() } }),
                );
                assert.deepStrictEqual(
                    failures.map(f => f.property),
                    ["scheduledAudits"],
                );
                assert.match(failures[0].reason, /keys must be scheduled audit names .*; got "/);
            }
            assert.deepStrictEqual(
                await failuresOf(inputs({}, { scheduledAudits: { "A_b-9": schedule() } })),
                [],
            );
        });

        it("wants a map of schedules, at most the per-region quota of them", async () => {
            assert.deepStrictEqual(
                (await failuresOf(inputs({}, { scheduledAudits: ["weekly"] as never }))).map(
                    f => f.property,
                ),
                ["scheduledAudits"],
            );
            const many = Object.fromEntries(
                Array.from({ length: LIMITS.scheduledAudits + 1 }, (_, i) => [`s${i}`, schedule()]),
            );
            assert.match(
                (await failuresOf(inputs({}, { scheduledAudits: many })))[0].reason,
                new RegExp(`at most ${LIMITS.scheduledAudits} per region`),
            );
        });

        it("needs at least one target check, each named once and enabled by the configuration", async () => {
            assert.match(
                (await failuresOf(inputs({ targetCheckNames: [] })))[0].reason,
                /must list the checks the scheduled audit runs \(at least one\); got \[\]/,
            );
            const twice = await failuresOf(inputs({ targetCheckNames: [CHECKS[0], CHECKS[0]] }));
            assert.deepStrictEqual(
                twice.map(f => f.reason),
                [`scheduledAudits.weekly.targetCheckNames lists ${CHECKS[0]} more than once`],
            );
            assert.match(
                (await failuresOf(inputs({ targetCheckNames: [""] })))[0].reason,
                /non-empty check names/,
            );
            assert.deepStrictEqual(
                (
                    await failuresOf(inputs({ targetCheckNames: ["CONFLICTING_CLIENT_IDS_CHECK"] }))
                ).map(f => f.reason),
                [
                    'scheduledAudits.weekly.targetCheckNames lists "CONFLICTING_CLIENT_IDS_CHECK", which auditCheckConfigurations does not enable; a scheduled audit may only run enabled checks',
                ],
            );
        });

        it("checks tags against the API limits", async () => {
            const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
            assert.match(
                (await failuresOf(inputs({}, { tags: many })))[0].reason,
                /at most 50 tags/,
            );
            assert.deepStrictEqual(
                (await failuresOf(inputs({}, { tags: [{ Key: "", Value: "v" }] }))).map(
                    f => f.property,
                ),
                ["tags[0].Key"],
            );
        });

        it("tolerates values unknown at preview", async () => {
            for (const [edit, more] of [
                [{ frequency: UNKNOWN }, {}],
                [{ frequency: UNKNOWN, dayOfWeek: undefined, dayOfMonth: "LAST" }, {}],
                [{ frequency: "MONTHLY", dayOfWeek: undefined, dayOfMonth: UNKNOWN }, {}],
                [{ frequency: "DAILY", dayOfWeek: UNKNOWN }, {}],
                [{ targetCheckNames: UNKNOWN }, { tags: UNKNOWN }],
                [
                    { targetCheckNames: [UNKNOWN, "LOGGING_DISABLED_CHECK"] },
                    { tags: [{ Key: UNKNOWN, Value: UNKNOWN }] },
                ],
                [{ targetCheckNames: [CHECKS[0]] }, { auditCheckConfigurations: UNKNOWN }],
                [{}, { scheduledAudits: { weekly: UNKNOWN } }],
            ]) {
                assert.deepStrictEqual(
                    await failuresOf(inputs(edit as never, more as never)),
                    [],
                    JSON.stringify([edit, more]),
                );
            }
        });
    });

    describe("diff", () => {
        it("reports no change for equal inputs, ignoring __provider, the ARNs and the order of checks and tags", async () => {
            const news = {
                ...inputs(
                    { targetCheckNames: [...CHECKS].reverse() },
                    { tags: [...TAGS].reverse() },
                ),
                __provider: "other",
            };
            assert.strictEqual((await provider.diff!(ID, state(), news as never)).changes, false);
            assert.deepStrictEqual(calls(), []);
        });

        it("renames a schedule in place: the resource is not replaced", async () => {
            const renamed = await provider.diff!(
                ID,
                state(),
                inputs({}, { scheduledAudits: { "weekly-2": schedule() } }),
            );
            assert.deepStrictEqual(
                { changes: renamed.changes, replaces: renamed.replaces },
                { changes: true, replaces: [] },
            );
        });

        it("updates schedule, checks and tags in place, and treats unknown values as changes", async () => {
            for (const [edit, more] of [
                [{ frequency: "DAILY", dayOfWeek: undefined }, {}],
                [{ dayOfWeek: "TUE" }, {}],
                [{ targetCheckNames: ["LOGGING_DISABLED_CHECK"] }, {}],
                [{}, { tags: [] }],
                [{ targetCheckNames: UNKNOWN }, {}],
                [{}, { tags: [{ Key: "owner", Value: UNKNOWN }] }],
            ]) {
                const result = await provider.diff!(
                    ID,
                    state(),
                    inputs(edit as never, more as never),
                );
                assert.deepStrictEqual(
                    { changes: result.changes, replaces: result.replaces },
                    { changes: true, replaces: [] },
                    JSON.stringify([edit, more]),
                );
            }
        });
    });

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

    describe("read", () => {
        beforeEach(() =>
            iot.on(DescribeAccountAuditConfigurationCommand).resolves({
                roleArn: inputs().roleArn,
                auditCheckConfigurations: inputs().auditCheckConfigurations,
            }),
        );

        it("maps the live audit and tags back to inputs, keeping the stored check order", async () => {
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "BIWEEKLY",
                dayOfWeek: "TUE",
                targetCheckNames: [...CHECKS].reverse(),
            });
            iot.on(ListTagsForResourceCommand).resolves({ tags: [{ Key: "owner", Value: "iot" }] });
            const result = await provider.read!(ID, state());
            assert.strictEqual(result.id, ID);
            assert.deepStrictEqual(result.props!.scheduledAudits, {
                weekly: { frequency: "BIWEEKLY", dayOfWeek: "TUE", targetCheckNames: CHECKS },
            });
            assert.deepStrictEqual(result.props!.tags, [{ Key: "owner", Value: "iot" }]);
            assert.deepStrictEqual(result.props!.scheduledAuditArns, { weekly: ARN });
            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration",
                "DescribeScheduledAudit",
                "ListTagsForResource",
            ]);
        });

        it("drops a day field the live frequency does not use (a day of week AWS kept after a move to MONTHLY), so refresh shows no change", async () => {
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "MONTHLY",
                dayOfMonth: "LAST",
                dayOfWeek: "MON",
                targetCheckNames: CHECKS,
            });
            iot.on(ListTagsForResourceCommand).resolves({ tags: TAGS });
            const monthly = { frequency: "MONTHLY", dayOfWeek: undefined, dayOfMonth: "LAST" };
            const props = (await provider.read!(ID, state(monthly as never))).props!;
            assert.strictEqual(props.scheduledAudits.weekly.dayOfMonth, "LAST");
            assert.ok(!("dayOfWeek" in props.scheduledAudits.weekly));
            assert.strictEqual(
                (await provider.diff!(ID, props, inputs(monthly as never))).changes,
                false,
            );
        });

        it(`drops a day field holding CloudFormation's clear marker ${DAY_UNSET}`, async () => {
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "MONTHLY",
                dayOfMonth: DAY_UNSET,
                targetCheckNames: CHECKS,
            });
            iot.on(ListTagsForResourceCommand).resolves({});
            const { weekly } = (await provider.read!(ID, state())).props!.scheduledAudits;
            assert.ok(
                !("dayOfMonth" in weekly) && !("dayOfWeek" in weekly),
                JSON.stringify(weekly),
            );
        });

        it("drops from the state an audit gone from AWS, so the next update makes it again", async () => {
            iot.on(DescribeScheduledAuditCommand).rejects(awsError("ResourceNotFoundException"));
            const result = await provider.read!(ID, state());
            assert.strictEqual(result.id, ID, "the configuration is still there");
            assert.deepStrictEqual(result.props!.scheduledAudits, {});
            assert.strictEqual((await provider.diff!(ID, result.props!, inputs())).changes, true);
        });
    });

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
