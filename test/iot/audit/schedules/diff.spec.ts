import * as assert from "assert";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import { UNKNOWN } from "../../../../components/iot/inputs";
import { calls, ID, useIotMock } from "../mocks";
import { CHECKS, TAGS, schedule, inputs, state } from "./fixtures";

describe("account audit provider: the scheduled audits", () => {
    useIotMock();

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
});
