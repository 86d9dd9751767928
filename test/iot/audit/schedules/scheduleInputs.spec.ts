import * as assert from "assert";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import type { AccountAuditInputs } from "../../../../components/iot/audit/types";
import { UNKNOWN } from "../../../../components/iot/inputs";
import { LIMITS } from "../../../../components/facts";
import { useIotMock } from "../mocks";
import { CHECKS, schedule, inputs } from "./fixtures";

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
});
