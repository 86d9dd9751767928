/**
 * `ops drill` end to end against the local TLS broker and a mocked account: refused unless the
 * stack allows drills, nothing written on --dry-run or without confirmation, the summary and exit
 * code, clean-up after a failure in every phase and after Ctrl-C, and `--cleanup` removing only
 * this stack's leftovers.
 */
import { DescribeAlarmHistoryCommand } from "@aws-sdk/client-cloudwatch";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ListActiveViolationsCommand } from "@aws-sdk/client-iot";
import * as assert from "assert";
import { Settings } from "../../../components/config/load";
import { stackInventory } from "../../../components/inventory";
import { drill } from "../../../tools/ops/drill/command";
import { openLink } from "../../../tools/ops/drill/link";
import { editJson, stackSettings } from "../../harness";
import { awsFailure, Harness, instantRetries, target } from "../fixture";
import { emptyAccount, FakeAccount } from "./account";
import { TestBroker } from "./broker";
import { drillScenario, OPTIONS, OPTIONS_RUN, small } from "./scenario";

const quarantineGroupOf = (s: Settings) => stackInventory(s).remediation!.quarantineGroup;

describe("ops drill", function () {
    this.timeout(60_000);
    instantRetries();
    const sc = drillScenario();
    let broker: TestBroker;
    let h: Harness;
    let acc: FakeAccount;
    beforeEach(() => ({ h, acc, broker } = sc));
    const deps = sc.deps;
    const everything = sc.everything;

    /** The stack reacts to everything: violations, alarms, responder lines (and quarantine where mapped). */
    function stackReacts(s: Settings) {
        const drillThing = () => [...acc.things.keys()].find(t => t.includes("-drill-"))!;
        // Every rule behaviour of every profile, each in its own profile's name.
        const fired = stackInventory(s).securityProfiles.flatMap(p =>
            p.definition.behaviors.map(b => ({ profile: p.name, name: b.name })),
        );
        h.iot.on(ListActiveViolationsCommand).callsFake(() => {
            const thing = drillThing();
            if (!s.remediation.dryRun) acc.things.get(thing)!.groups.add(quarantineGroupOf(s));
            return {
                activeViolations: fired.map(b => ({
                    thingName: thing,
                    securityProfileName: b.profile,
                    behavior: { name: b.name },
                    violationStartTime: h.ctx.now(),
                })),
            };
        });
        h.cloudwatch.on(DescribeAlarmHistoryCommand).callsFake(() => ({
            AlarmHistoryItems: [
                {
                    Timestamp: h.ctx.now(),
                    HistoryData: JSON.stringify({ newState: { stateValue: "ALARM" } }),
                },
            ],
        }));
        h.logs.on(FilterLogEventsCommand).callsFake(() => ({
            events: fired.map(b => ({
                timestamp: h.ctx.now().getTime(),
                message: JSON.stringify({
                    message: {
                        kind: "violation",
                        thingName: drillThing(),
                        securityProfileName: b.profile,
                        behaviorName: b.name,
                        eventType: "in-alarm",
                        decision: "quarantine",
                        outcome: s.remediation.dryRun ? "dry-run" : "started",
                    },
                }),
            })),
        }));
    }

    it("refuses, creating nothing, when the stack does not allow drills", async () => {
        const off = stackSettings("dev", v => editJson(v, "drill", d => (d.enabled = false)));
        const code = await drill(h.ctx, target(off), OPTIONS, deps());
        assert.strictEqual(code, 1);
        assert.match(
            h.err.join("\n"),
            /drills are off for stack dev: set iot-defender:drill.enabled: true in Pulumi.dev.yaml/,
        );
        assert.strictEqual(h.iot.calls().length, 0);
    });

    it("--dry-run prints the plan and calls nothing in AWS", async () => {
        const code = await drill(h.ctx, target(small()), { ...OPTIONS, dryRun: true }, deps());
        assert.strictEqual(code, 0);
        assert.match(h.out.join("\n"), /^creates \(tagged IotDefenderDrill=iot-defender\/dev/m);
        assert.strictEqual(
            h.iot.calls().length + h.cloudwatch.calls().length + h.logs.calls().length,
            0,
        );
    });

    it("asks before creating anything, and creates nothing when not confirmed", async () => {
        let asked = "";
        const code = await drill(
            h.ctx,
            target(small()),
            { ...OPTIONS, yes: false },
            deps({
                confirm: async q => {
                    asked = q;
                    return false;
                },
            }),
        );
        assert.strictEqual(code, 1);
        assert.match(asked, /Create these in eu-west-1/);
        assert.strictEqual(h.iot.calls().length, 0);
    });

    it("runs: misbehaves, sees every reaction, prints the summary, cleans up, exits 0", async () => {
        const s = small();
        stackReacts(s);
        const code = await drill(h.ctx, target(s), OPTIONS, deps());
        assert.strictEqual(code, 0, everything());
        assert.ok(emptyAccount(acc), "everything the drill created is gone");
        const thing = `iot-defender-dev-drill-${OPTIONS_RUN}`;
        assert.ok(broker.log.connections.length >= 8);
        assert.ok(
            broker.log.connections.every(c => c === thing),
            "only as the drill thing",
        );
        assert.ok(broker.log.connections.length >= 8);
        assert.match(h.out[0], /^BEHAVIOUR/);
        assert.strictEqual(h.out.filter(l => / ok$/.test(l)).length, 4);
        assert.ok(
            !/PRIVATE KEY|BEGIN CERTIFICATE/.test(everything()),
            "the key and certificate are never printed",
        );
        const created = acc.writes.filter(w => w.startsWith("Create"));
        assert.deepStrictEqual(
            created.map(w => w.split(" ")[0]),
            ["CreateThingGroup", "CreateThing", "CreateKeysAndCertificate", "CreatePolicy"],
        );
    });

    it("--json prints one document: the steps and, per behaviour, what was expected and seen", async () => {
        const s = small();
        stackReacts(s);
        const code = await drill(h.ctx, target(s), { ...OPTIONS, json: true }, deps());
        assert.strictEqual(code, 0, everything());
        const doc = JSON.parse(h.out.join("\n"));
        assert.deepStrictEqual(
            doc.steps.map((x: { misbehaviour: string }) => x.misbehaviour),
            ["connection-burst", "forbidden-publish", "message-burst", "oversized-message"],
        );
        const auth = doc.behaviours.find(
            (b: { behaviour: string }) => b.behaviour === "AuthorizationFailures",
        );
        assert.deepStrictEqual(auth.missing, []);
        assert.strictEqual(auth.decision, "quarantine/dry-run");
        assert.ok(auth.alarmAt && auth.signalAt && auth.responseAt);
    });

    it("takes the drill thing out of quarantine before deleting it, and leaves the quarantine group", async () => {
        const s = small("prod", v =>
            editJson(v, "detect", d => (d.targets = { allThings: "registered-things" })),
        );
        stackReacts(s);
        const code = await drill(h.ctx, target(s), OPTIONS, deps());
        assert.strictEqual(code, 0, everything());
        assert.ok(
            acc.writes.some(
                w => w.startsWith("RemoveThingFromThingGroup") && w.endsWith(quarantineGroupOf(s)),
            ),
        );
        assert.ok(!acc.writes.some(w => w === `DeleteThingGroup ${quarantineGroupOf(s)}`));
        assert.ok(emptyAccount(acc));
    });

    it("exits 1 when an expected reaction does not come within --timeout", async () => {
        const s = small();
        stackReacts(s);
        h.cloudwatch.on(DescribeAlarmHistoryCommand).resolves({});
        const code = await drill(h.ctx, target(s), { ...OPTIONS, timeoutSeconds: 90 }, deps());
        assert.strictEqual(code, 1);
        assert.match(everything(), /MISSING alarm/);
        assert.match(everything(), /not everything expected happened within 90 s/);
        assert.ok(emptyAccount(acc));
    });

    for (const call of [
        "DescribeEndpoint",
        "CreateThingGroup",
        "CreateThing",
        "AddThingToThingGroup",
        "CreateKeysAndCertificate",
        "CreatePolicy",
        "AttachPolicy",
        "AttachThingPrincipal",
    ]) {
        it(`cleans up after set-up fails at ${call}`, async () => {
            acc.failOn(call);
            const code = await drill(h.ctx, target(small()), OPTIONS, deps());
            assert.strictEqual(code, 1);
            assert.match(everything(), new RegExp(`error: iot:${call} in eu-west-1`));
            assert.ok(
                emptyAccount(acc),
                `left: ${[...acc.groups.keys(), ...acc.things.keys(), ...acc.policies.keys()]}`,
            );
            assert.strictEqual(broker.log.connections.length, 0);
        });
    }

    it("cleans up when the device cannot connect", async () => {
        const code = await drill(
            h.ctx,
            target(small()),
            OPTIONS,
            deps({ broker: { port: 1, ca: broker.ca } }),
        );
        assert.strictEqual(code, 1);
        assert.match(everything(), /could not connect to 127.0.0.1:1 after 10 attempts/);
        assert.ok(emptyAccount(acc));
    });

    it("cleans up when the misbehaviour fails midway", async () => {
        let opened = 0;
        const failing: typeof openLink = async (...args) => {
            const link = await openLink(...args);
            if (++opened < 5) return link;
            return { ...link, publish: async () => Promise.reject(new Error("link broke")) };
        };
        const code = await drill(h.ctx, target(small()), OPTIONS, deps({ open: failing }));
        assert.strictEqual(code, 1);
        assert.match(everything(), /error: .*link broke/);
        assert.ok(emptyAccount(acc));
    });

    it("cleans up when the watch fails", async () => {
        h.iot.on(ListActiveViolationsCommand).rejects(awsFailure("AccessDeniedException", "no"));
        const code = await drill(h.ctx, target(small()), OPTIONS, deps());
        assert.strictEqual(code, 1);
        assert.match(everything(), /iot:ListActiveViolations/);
        assert.ok(emptyAccount(acc));
    });

    it("on Ctrl-C stops misbehaving at once, cleans up and exits 1", async () => {
        let opened = 0;
        const interrupting: typeof openLink = async (...args) => {
            if (++opened === 3) process.emit("SIGINT");
            return openLink(...args);
        };
        const listeners = process.listenerCount("SIGINT");
        const code = await drill(
            h.ctx,
            target(small()),
            OPTIONS,
            deps({
                open: interrupting,
                onInterrupt: handler => {
                    process.on("SIGINT", handler);
                    return () => process.off("SIGINT", handler);
                },
            }),
        );
        assert.strictEqual(code, 1);
        assert.match(everything(), /interrupted: stopping the drill and cleaning up/);
        assert.ok(emptyAccount(acc));
        assert.strictEqual(opened, 3, "no connection after the interrupt");
        assert.strictEqual(process.listenerCount("SIGINT"), listeners, "the handler is removed");
        assert.strictEqual(h.cloudwatch.calls().length, 0, "no watching after an interrupt");
    });

    it("says what clean-up could not remove, and --cleanup removes it later; nothing else", async () => {
        const s = small();
        stackReacts(s);
        acc.failOn("DeleteThing");
        assert.strictEqual(await drill(h.ctx, target(s), OPTIONS, deps()), 1);
        assert.match(everything(), /run 'npm run ops -- drill --cleanup --stack dev'/);
        assert.strictEqual(acc.things.size, 1);
        // Someone else's resources with drill-like names but not this stack's marker.
        acc.groups.set("iot-defender-dev-drill-theirs", {
            tags: { IotDefenderDrill: "other/dev" },
        });
        acc.things.set("iot-defender-dev-drill-theirs", {
            attributes: { iotDefenderDrill: "other/dev" },
            groups: new Set(),
        });
        acc.policies.set("iot-defender-dev-drill-theirs", { document: "{}", tags: {} });

        h.out.length = 0;
        const code = await drill(h.ctx, target(s), { ...OPTIONS, cleanup: true }, deps());
        assert.strictEqual(code, 0, everything());
        assert.match(h.out.join("\n"), /thing {8}iot-defender-dev-drill-20/);
        assert.deepStrictEqual([...acc.things.keys()], ["iot-defender-dev-drill-theirs"]);
        assert.deepStrictEqual([...acc.groups.keys()], ["iot-defender-dev-drill-theirs"]);
        assert.deepStrictEqual([...acc.policies.keys()], ["iot-defender-dev-drill-theirs"]);
    });

    it("--cleanup --dry-run lists leftovers and removes nothing", async () => {
        acc.groups.set("iot-defender-dev-drill-x", {
            tags: { IotDefenderDrill: "iot-defender/dev" },
        });
        const code = await drill(
            h.ctx,
            target(small()),
            { ...OPTIONS, cleanup: true, dryRun: true },
            deps(),
        );
        assert.strictEqual(code, 0);
        assert.match(h.out.join("\n"), /thing group {2}iot-defender-dev-drill-x/);
        assert.ok(acc.groups.has("iot-defender-dev-drill-x"));
        assert.deepStrictEqual(acc.writes, []);
    });
});
