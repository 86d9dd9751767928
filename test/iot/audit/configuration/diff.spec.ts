import * as assert from "assert";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import { UNKNOWN } from "../../../../components/iot/inputs";
import { calls, ID, useIotMock } from "../mocks";
import { inputs, loggingAndCertAge, ROLE, state } from "./fixtures";

describe("account audit provider: the audit configuration", () => {
    useIotMock();

    describe("diff", () => {
        it("reports no change for equal inputs, ignoring __provider and priorConfiguration, with no AWS call", async () => {
            const result = await provider.diff!(ID, state({ priorConfiguration: "{}" }), {
                ...inputs(),
                __provider: "other",
            } as never);
            assert.strictEqual(result.changes, false);
            assert.deepStrictEqual(calls(), []);
        });

        it("replaces on region or account change and updates everything else in place", async () => {
            assert.deepStrictEqual(
                (await provider.diff!(ID, state(), inputs({ region: "us-east-1" }))).replaces,
                ["region"],
            );
            assert.deepStrictEqual(
                (await provider.diff!(ID, state(), inputs({ accountId: "210987654321" }))).replaces,
                ["accountId"],
            );
            const inPlace = await provider.diff!(
                ID,
                state(),
                inputs({ roleArn: `${ROLE}-2`, adoptExisting: true }),
            );
            assert.deepStrictEqual(
                { changes: inPlace.changes, replaces: inPlace.replaces },
                { changes: true, replaces: [] },
            );
        });

        it("treats a threshold at the check's default as no threshold, and any other value as a change", async () => {
            const noThreshold = inputs({
                auditCheckConfigurations: loggingAndCertAge(),
            });
            assert.strictEqual(
                (await provider.diff!(ID, state(), noThreshold)).changes,
                false,
                "365 days is the default age threshold",
            );
            const custom = state({
                auditCheckConfigurations: loggingAndCertAge("400"),
            });
            assert.strictEqual((await provider.diff!(ID, custom, noThreshold)).changes, true);
        });

        it("treats unknown values as changes", async () => {
            assert.strictEqual(
                (await provider.diff!(ID, state(), inputs({ roleArn: UNKNOWN }))).changes,
                true,
            );
        });
    });
});
