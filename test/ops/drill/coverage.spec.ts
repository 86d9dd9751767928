/**
 * The drill on named security profiles: it plans from the inventory's profiles (the short form's
 * and `detect.profiles` alike), puts its device where most of them watch it, says why it leaves a
 * profile out, expects each profile's own alarm, and refuses a stack with nothing to drill.
 */
import * as assert from "assert";
import { Settings } from "../../../components/config/load";
import { stackInventory } from "../../../components/inventory";
import { drill } from "../../../tools/ops/drill/command";
import { planDrill } from "../../../tools/ops/drill/plan";
import { editJson, Json, stackSettings } from "../../harness";
import { harness, target } from "../fixture";
import { OPTIONS } from "./scenario";

const RUN = "20261201T083000-00aa";
const rule = (name: string, metric: string, threshold: number) => ({
    name,
    metric,
    operator: "greater-than",
    threshold,
    ...(metric === "aws:message-byte-size" ? {} : { durationSeconds: 300 }),
});
const onGroups = (...thingGroups: string[]) => ({ thingGroups });

/** Dev on Device Defender with the short form off: only these named profiles. */
function namedOnly(profiles: Json[]): Settings {
    return stackSettings("dev", v => {
        editJson(v, "drill", d => (d.enabled = true));
        editJson(v, "detect", d => {
            d.engine = "device-defender";
            d.rules = { enabled: false };
            d.ml = { enabled: false };
            d.profiles = profiles;
        });
    });
}
const physical = (s: Settings, id: string) =>
    stackInventory(s).securityProfiles.find(p => p.id === id)!;

describe("drill on named security profiles", () => {
    const gateways = {
        name: "gateways",
        targets: onGroups("fleet-a", "fleet-b"),
        behaviors: [
            rule("AuthFailures", "aws:num-authorization-failures", 5),
            rule("Bursts", "aws:num-messages-sent", 50),
        ],
        alarm: { threshold: 2 },
    };
    const sensorsMl = {
        name: "sensors-ml",
        targets: onGroups("fleet-b"),
        ml: { metrics: ["aws:num-disconnects"] },
    };

    it("drills a stack whose only profiles are named ones, each behaviour under its profile's physical name", () => {
        const s = namedOnly([gateways, sensorsMl]);
        const p = planDrill(target(s), RUN);
        const rules = physical(s, "gateways");
        assert.deepStrictEqual(
            p.behaviours.map(b => [b.source, b.name, b.ml]),
            [
                [rules.name, "AuthFailures", false],
                [rules.name, "Bursts", false],
                [physical(s, "sensors-ml").name, "ml-num-disconnects", true],
            ],
        );
        assert.deepStrictEqual(
            p.steps.map(x => [x.misbehaviour, x.events]),
            [
                ["forbidden-publish", 6],
                ["message-burst", 51],
                ["disconnect-churn", 30],
            ],
        );
        // fleet-b is watched by both profiles, fleet-a by one.
        assert.strictEqual(p.parentGroup, "fleet-b");
        // The profile's own alarm (threshold 2), reached by its two behaviours.
        assert.ok(p.behaviours.filter(b => !b.ml).every(b => b.expect.alarm === rules.alarm.name));
        assert.deepStrictEqual(p.notes, []);
        assert.deepStrictEqual(p.skipped, []);
    });

    it("judges each profile's alarm by that profile's own threshold", () => {
        const s = namedOnly([{ ...gateways, alarm: { threshold: 3 } }]);
        const p = planDrill(target(s), RUN);
        assert.ok(p.behaviours.every(b => b.expect.alarm === undefined));
        assert.match(
            p.notes.join("\n"),
            new RegExp(
                `alarm ${physical(s, "gateways").alarm.name} needs 3 violations in 300 s; the drill trips 2 in ${physical(s, "gateways").name}`,
            ),
        );
    });

    it("leaves out, saying why, the profiles its device cannot fall under", () => {
        const s = namedOnly([
            gateways,
            { ...sensorsMl, targets: onGroups("fleet-c") },
            {
                name: "strangers",
                targets: { allThings: "unregistered-things" },
                behaviors: [rule("StrangerBursts", "aws:num-messages-sent", 10)],
            },
        ]);
        const p = planDrill(target(s), RUN);
        assert.strictEqual(p.parentGroup, "fleet-a");
        assert.deepStrictEqual(
            p.skipped.map(x => [x.source, x.name]),
            [
                [physical(s, "strangers").name, "StrangerBursts"],
                [physical(s, "sensors-ml").name, "ml-num-disconnects"],
            ],
        );
        const why = Object.fromEntries(p.skipped.map(x => [x.name, x.reason]));
        assert.match(
            why.StrangerBursts,
            /unregistered things only; the drill device is a registered thing/,
        );
        assert.match(
            why["ml-num-disconnects"],
            /thing groups fleet-c; the drill's group has one parent, fleet-a/,
        );
        assert.ok(p.behaviours.every(b => b.source === physical(s, "gateways").name));
    });

    it("needs no parent group when every profile watches all registered things", () => {
        const s = namedOnly([
            { ...gateways, targets: { allThings: "things" } },
            { ...sensorsMl, targets: { allThings: "registered-things" } },
        ]);
        const p = planDrill(target(s), RUN);
        assert.strictEqual(p.parentGroup, undefined);
        assert.strictEqual(p.behaviours.length, 3);
    });

    it("drills prod's named profile beside its short form", () => {
        const prod = stackSettings("prod");
        const p = planDrill(target(prod), RUN);
        const named = physical(prod, "gateways-connections");
        const b = p.behaviours.find(x => x.name === "GatewayDisconnects")!;
        assert.strictEqual(b.source, named.name);
        assert.strictEqual(b.expect.signal, true);
        assert.strictEqual(p.parentGroup, "production-gateways");
        // The largest burst on a metric trips every rule on it: > 5 (GatewayDisconnects), and more.
        assert.ok(p.steps.find(x => x.misbehaviour === "disconnect-churn")!.events > 5);
    });

    it("refuses, creating nothing, when no profile's behaviour can be drilled, and says why", async () => {
        const h = harness();
        const s = namedOnly([
            {
                name: "strangers",
                targets: { allThings: "unregistered-things" },
                behaviors: [rule("StrangerBursts", "aws:num-messages-sent", 10)],
            },
        ]);
        const code = await drill(h.ctx, target(s), OPTIONS, {
            logs: h.clients.logs,
            confirm: async () => assert.fail("asked for confirmation"),
            onInterrupt: () => () => undefined,
            random: () => 0,
        });
        assert.strictEqual(code, 1);
        const err = h.err.join("\n");
        assert.match(err, /error: no behaviour of the stack can be drilled \(see 'not drilled'\)/);
        assert.match(
            err,
            /StrangerBursts \(aws:num-messages-sent\): profile iot-defender-dev-strangers watches unregistered things only/,
        );
        assert.strictEqual(h.iot.calls().length + h.cloudwatch.calls().length, 0);
    });
});
