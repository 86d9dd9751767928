/**
 * The drill plan: per monitored behaviour, a misbehaviour just over its threshold inside its
 * window, what the stack should do about it, and why a behaviour cannot be drilled.
 */
import * as assert from "assert";
import { Settings } from "../../../components/config/load";
import { stackInventory } from "../../../components/inventory";
import { describePlan } from "../../../tools/ops/drill/describe";
import { drillNames, newRunId, planDrill, ruleStep } from "../../../tools/ops/drill/plan";
import { devicePolicy } from "../../../tools/ops/drill/setup";
import { editJson, onDeviceDefender, stackSettings } from "../../harness";
import { target } from "../fixture";

const quarantineGroupOf = (s: Settings) => stackInventory(s).remediation!.quarantineGroup;
const rulesProfileOf = (s: Settings) =>
    stackInventory(s).detect.deviceDefender!.profiles.find(p => p.kind === "rules")!;

const RUN = "20261201T083000-00ff";
const plan = (s: Settings) => planDrill(target(s), RUN);
/** Dev's values on the Device Defender engine (dev itself runs the logs engine). */
const dev = stackSettings("dev", onDeviceDefender);
const prod = stackSettings("prod");

describe("drill plan", () => {
    it("names everything after the stack's drill prefix and the run, recognisably", () => {
        assert.strictEqual(
            newRunId(new Date("2026-12-01T08:30:00Z"), () => 0.5),
            "20261201T083000-8000",
        );
        const n = drillNames(stackInventory(dev).baseName, RUN);
        assert.strictEqual(n.thing, `iot-defender-dev-drill-${RUN}`);
        assert.strictEqual(n.thingGroup, n.thing);
        assert.strictEqual(n.policy, n.thing);
        assert.strictEqual(n.topicPrefix, `iot-defender-dev/drill/${RUN}`);
        assert.ok(!n.forbiddenTopic.startsWith(`${n.topicPrefix}/`));
    });

    it("trips each of dev's rule behaviours just over its threshold", () => {
        const p = plan(dev);
        const step = (m: string) => p.steps.find(s => s.misbehaviour === m)!;
        assert.deepStrictEqual(
            p.steps.map(s => s.misbehaviour),
            [
                "connection-burst",
                "forbidden-publish",
                "message-burst",
                "oversized-message",
                "disconnect-churn",
            ],
        );
        assert.strictEqual(step("message-burst").events, 101, "ExcessiveMessages: > 100 in 300 s");
        assert.strictEqual(step("forbidden-publish").events, 6, "AuthorizationFailures: > 5");
        assert.strictEqual(
            step("oversized-message").payloadBytes,
            1025,
            "LargeMessageSize: > 1024 B",
        );
        assert.strictEqual(step("oversized-message").events, 1);
        assert.strictEqual(step("connection-burst").events, 21, "UnusualConnectionAttempts: > 20");
        // The ML profile's disconnects have no threshold: a bounded burst, watched only.
        assert.strictEqual(step("disconnect-churn").events, 30);
        const ml = p.behaviours.find(b => b.name === "ml-num-disconnects")!;
        assert.deepStrictEqual(ml.expect, {
            signal: false,
            alarm: undefined,
            response: false,
            quarantineGroup: undefined,
        });
        assert.ok(p.skipped.some(b => b.metric === "aws:num-messages-received"));
    });

    it("expects a violation, the profile's alarm and the responder's dry-run in dev; no quarantine", () => {
        const s = stackSettings("dev", v => {
            onDeviceDefender(v);
            editJson(v, "detect", d => (d.alarm = { threshold: 1 }));
        });
        const b = plan(s).behaviours.find(x => x.name === "AuthorizationFailures")!;
        assert.deepStrictEqual(b.expect, {
            signal: true,
            alarm: rulesProfileOf(s).alarm.name,
            response: true,
            quarantineGroup: undefined,
        });
    });

    it("drops an alarm the drill cannot reach (dev: 5 violations per period, 4 rules) with a note", () => {
        const p = plan(dev);
        assert.ok(p.behaviours.every(b => b.expect.alarm === undefined));
        assert.match(
            p.notes[0],
            /needs 5 violations in 300 s; the drill trips 4 in iot-defender-dev-rules/,
        );
    });

    it("expects quarantine where authorization failures are mapped to it and the responder acts (prod)", () => {
        const p = plan(prod);
        const auth = p.behaviours.find(
            b => b.metric === "aws:num-authorization-failures" && !b.ml,
        )!;
        assert.strictEqual(auth.expect.quarantineGroup, quarantineGroupOf(prod));
        const conn = p.behaviours.find(b => b.metric === "aws:num-connection-attempts" && !b.ml);
        assert.strictEqual(conn?.expect.quarantineGroup, undefined, "notify-only");
    });

    it("expects no response from a suppressed behaviour, nor without remediation", () => {
        const suppressed = stackSettings("dev", v => {
            onDeviceDefender(v);
            editJson(v, "detect", d => (d.rules.behaviors[0].suppressAlerts = true));
        });
        assert.strictEqual(plan(suppressed).behaviours[0].expect.response, false);
        const none = stackSettings("dev", v => {
            onDeviceDefender(v);
            editJson(v, "remediation", r => (r.enabled = false));
        });
        assert.ok(plan(none).behaviours.every(b => !b.expect.response));
        assert.strictEqual(plan(none).responderFunction, undefined);
    });

    it("says why a behaviour cannot be drilled", () => {
        const base = { name: "b", operator: "greater-than" as const, suppressAlerts: false };
        const count = { ...base, metric: "aws:num-messages-sent", durationSeconds: 300 };
        assert.match(
            String(ruleStep({ ...count, operator: "less-than", threshold: 5 })),
            /only too much/,
        );
        assert.match(String(ruleStep({ ...count, statistic: "p90" })), /statistical/);
        assert.match(String(ruleStep({ ...count, threshold: 5000 })), /bound of 500 events/);
        assert.match(
            String(ruleStep({ ...count, threshold: 5, dimension: { name: "d", operator: "IN" } })),
            /topic filters/,
        );
        assert.match(
            String(
                ruleStep({
                    ...base,
                    metric: "aws:num-connection-attempts",
                    threshold: 400,
                    durationSeconds: 300,
                }),
            ),
            /do not fit in 300 s/,
        );
        assert.match(
            String(ruleStep({ ...base, metric: "aws:message-byte-size", threshold: 200_000 })),
            /131072 B message limit/,
        );
        assert.match(
            String(ruleStep({ ...base, metric: "aws:source-ip-address", cidrs: ["10.0.0.0/8"] })),
            /cannot move/,
        );
        assert.deepStrictEqual(
            ruleStep({
                ...count,
                operator: "greater-than-equals",
                threshold: 7,
                consecutiveDatapointsToAlarm: 2,
            }),
            {
                events: 7,
                payloadBytes: 16,
                rounds: 2,
                windowSeconds: 300,
            },
        );
    });

    it("puts the drill group under a targeted group when the profiles target groups only", () => {
        const s = stackSettings("dev", v => {
            onDeviceDefender(v);
            editJson(v, "detect", d => (d.targets = { thingGroups: ["fleet-a", "fleet-b"] }));
        });
        assert.strictEqual(plan(s).parentGroup, "fleet-a");
        assert.strictEqual(plan(dev).parentGroup, undefined);
    });

    it("tags what it creates with the stack's ownership tags and the drill marker", () => {
        const p = plan(dev);
        assert.strictEqual(p.marker, `${dev.project}/dev`);
        assert.strictEqual(p.tags.IotDefenderDrill, p.marker);
        assert.strictEqual(p.tags.IotDefenderDrillRun, RUN);
        assert.strictEqual(p.tags.Stack, "dev");
        assert.notStrictEqual(p.tags.ManagedBy, "pulumi", "not a Pulumi resource");
    });

    it("gives the device a policy: connect as its own thing, publish only under the drill prefix", () => {
        const n = drillNames(stackInventory(dev).baseName, RUN);
        const doc = devicePolicy(n, "arn:aws-cn:iot:cn-north-1:123456789012:thing/x");
        assert.deepStrictEqual(doc.Statement, [
            {
                Effect: "Allow",
                Action: "iot:Connect",
                Resource:
                    "arn:aws-cn:iot:cn-north-1:123456789012:client/${iot:Connection.Thing.ThingName}",
                Condition: { Bool: { "iot:Connection.Thing.IsAttached": "true" } },
            },
            {
                Effect: "Allow",
                Action: "iot:Publish",
                Resource: `arn:aws-cn:iot:cn-north-1:123456789012:topic/${n.topicPrefix}/*`,
            },
        ]);
    });

    it("prints what would be created, sent and expected", () => {
        const text = describePlan(plan(prod), "eu-west-1").join("\n");
        assert.match(text, /thing group {2}iot-defender-prod-drill-/);
        assert.match(
            text,
            /forbidden publishes: 2 messages to iot-defender-prod\/drill-forbidden\//,
        );
        assert.match(text, /thing in iot-defender-prod-quarantine/);
        assert.match(text, /not drilled:/);
    });
});
