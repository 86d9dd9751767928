/**
 * `ops drill --cleanup` removes a leftover certificate only when it is provably the drill's:
 * certificates take no tags, so one also attached to a thing or policy that no drill of this stack
 * made is reported and left as it is (active, with every attachment but the drill's own).
 */
import * as assert from "assert";
import { drill, DrillDeps } from "../../../tools/ops/drill/command";
import { Harness, instantRetries, target } from "../fixture";
import { FakeAccount } from "./account";
import { drillScenario, OPTIONS as DRILL_OPTIONS, small } from "./scenario";

const DRILL = "iot-defender-dev-drill-20261120T090000-0000";
const MARKER = "iot-defender/dev";

describe("ops drill --cleanup: certificates", () => {
    instantRetries();
    const sc = drillScenario();
    let h: Harness;
    let acc: FakeAccount;
    let deps: DrillDeps;
    const settings = small();
    const OPTIONS = { ...DRILL_OPTIONS, cleanup: true };
    /** A certificate attached to these things and policies. */
    const certificate = (id: string, things: string[], policies: string[] = []) =>
        acc.certificates.set(id.padStart(64, "0"), {
            status: "ACTIVE",
            things: new Set(things),
            policies: new Set(policies),
        });
    const cert = (id: string) => acc.certificates.get(id.padStart(64, "0"));

    beforeEach(() => {
        ({ h, acc } = sc);
        deps = sc.deps();
        // A drill's leftovers: its thing, policy and group, marked as this stack's.
        acc.things.set(DRILL, { attributes: { iotDefenderDrill: MARKER }, groups: new Set() });
        acc.policies.set(DRILL, { document: "{}", tags: { IotDefenderDrill: MARKER } });
        acc.groups.set(DRILL, { tags: { IotDefenderDrill: MARKER } });
        // Someone else's device and policy.
        acc.things.set("factory-sensor-7", { attributes: {}, groups: new Set() });
        acc.policies.set("factory-sensors", { document: "{}", tags: {} });
    });

    it("removes a certificate attached only to the drill's thing and policy", async () => {
        certificate("a", [DRILL], [DRILL]);
        assert.strictEqual(await drill(h.ctx, target(settings), OPTIONS, deps), 0);
        assert.strictEqual(cert("a"), undefined);
        assert.ok(!acc.things.has(DRILL) && !acc.policies.has(DRILL) && !acc.groups.has(DRILL));
    });

    it("leaves a certificate also attached to another thing, says so, and removes the rest", async () => {
        certificate("b", [DRILL, "factory-sensor-7"]);
        assert.strictEqual(await drill(h.ctx, target(settings), OPTIONS, deps), 0);
        assert.match(
            h.err.join("\n"),
            /skipped: certificate 0+b: also attached to thing factory-sensor-7, which no drill of this stack made; left as it is/,
        );
        assert.doesNotMatch(h.out.join("\n"), /certificate {2}0+b/);
        assert.deepStrictEqual(cert("b"), {
            status: "ACTIVE",
            things: new Set(["factory-sensor-7"]),
            policies: new Set(),
        });
        assert.ok(!acc.writes.some(w => w.includes("0".repeat(63) + "b")), acc.writes.join("\n"));
        assert.ok(!acc.things.has(DRILL), "the drill's own thing is removed");
    });

    it("leaves a certificate also attached to a policy no drill made", async () => {
        certificate("c", [], [DRILL, "factory-sensors"]);
        assert.strictEqual(await drill(h.ctx, target(settings), OPTIONS, deps), 0);
        assert.match(h.err.join("\n"), /certificate 0+c: also attached to policy factory-sensors/);
        assert.deepStrictEqual(cert("c"), {
            status: "ACTIVE",
            things: new Set(),
            policies: new Set(["factory-sensors"]),
        });
        assert.ok(!acc.policies.has(DRILL), "the drill's own policy is removed");
    });
});
