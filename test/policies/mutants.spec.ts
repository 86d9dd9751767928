/**
 * The pack against mutants of the real stacks: each mutant changes one thing in the dev and prod
 * stacks as built offline (deployed values known) and names the policy that must reject it, with
 * what its message must say; each harmless change must pass. The counts are asserted, so a mutant
 * dropped from the list shows.
 */
import * as assert from "assert";
import { readPackConfig } from "../../tools/offline/policyConfig";
import { evaluate, formatFinding } from "../../tools/offline/policyRunner";
import { buildOffline, onDeviceDefender, RecordedResource } from "../harness";
import * as path from "path";
import { Mutant, Stack } from "./mutantStack";
import { HARMLESS, LET_THROUGH } from "./mutants";

const configFile = (stack: string) =>
    path.join(__dirname, "..", "..", "policies", `policy-config.${stack}.json`);

describe("the policy pack against mutants of the real stacks", () => {
    const built: Record<string, readonly RecordedResource[]> = {};
    before(async () => {
        // Dev's values on the Device Defender engine: the mutants change security profiles.
        for (const stack of ["dev", "prod"])
            built[stack] = (
                await buildOffline(stack, stack === "dev" ? { edit: onDeviceDefender } : {})
            ).engine.resources;
    });
    const mandatory = async (stack: string, mutant: Mutant) => {
        const s = new Stack(built[stack]);
        mutant.mutate(s);
        const result = await evaluate(s.records, {
            config: readPackConfig(configFile(stack)),
            stack,
        });
        return result.findings.filter(f => f.level === "mandatory");
    };

    for (const stack of ["dev", "prod"]) {
        describe(`${stack}: changes that must be rejected`, () => {
            for (const m of LET_THROUGH) {
                it(`${m.what}: ${m.rejectedBy!.policy}`, async () => {
                    const found = await mandatory(stack, m);
                    assert.ok(
                        found.some(
                            f =>
                                f.policy === m.rejectedBy!.policy &&
                                f.message.includes(m.rejectedBy!.says),
                        ),
                        `expected ${m.rejectedBy!.policy} saying ${JSON.stringify(m.rejectedBy!.says)}; got ${JSON.stringify(found.map(formatFinding))}`,
                    );
                });
            }
        });
        describe(`${stack}: harmless changes that must pass`, () => {
            for (const m of HARMLESS) {
                it(m.what, async () =>
                    assert.deepStrictEqual((await mandatory(stack, m)).map(formatFinding), []),
                );
            }
        });
    }

    it("covers 16 classes of mutants that got through and 2 harmless changes, on both stacks: 36 stack mutants", () => {
        const total = (LET_THROUGH.length + HARMLESS.length) * 2;
        console.log(
            `      mutants: ${LET_THROUGH.length} rejected + ${HARMLESS.length} harmless, on dev and prod = ${total}`,
        );
        assert.strictEqual(LET_THROUGH.length, 16);
        assert.strictEqual(HARMLESS.length, 2);
        assert.strictEqual(total, 36);
    });
});
