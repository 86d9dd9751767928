/**
 * The misbehaviours against a local TLS MQTT broker that enforces the drill's own IoT policy:
 * the right number of connections, denied publishes and message sizes per behaviour, paced,
 * bounded in time, and stopped on interruption.
 */
import * as assert from "assert";
import {
    misbehave,
    MisbehaveOptions,
    Stopped,
    StepResult,
} from "../../../tools/ops/drill/misbehave";
import { DrillPlan, planDrill } from "../../../tools/ops/drill/plan";
import { devicePolicy } from "../../../tools/ops/drill/setup";
import { stackSettings } from "../../harness";
import { target } from "../fixture";
import { startBroker, TEST_ARN_BASE, TestBroker, testPki } from "./broker";

const dev = planDrill(target(stackSettings("dev")), "20261201T083000-0001");
const prod = planDrill(target(stackSettings("prod")), "20261201T083000-0002");
const only = (plan: DrillPlan, misbehaviour: string): DrillPlan => ({
    ...plan,
    steps: plan.steps.filter(s => s.misbehaviour === misbehaviour),
});

describe("drill misbehaviour (local MQTT broker over TLS)", function () {
    this.timeout(60_000);
    let broker: TestBroker;
    let clock: number;
    let sleeps: number[];

    before(async () => {
        broker = await startBroker();
    });
    after(() => broker.close());

    /** Options against the broker with a fake clock that only `sleep` moves. */
    async function options(
        plan: DrillPlan,
        extra: Partial<MisbehaveOptions> = {},
    ): Promise<MisbehaveOptions> {
        const pki = await testPki();
        broker.policy = devicePolicy(plan.names, `${TEST_ARN_BASE}:thing/${plan.names.thing}`);
        broker.thingName = plan.names.thing;
        for (const list of [
            broker.log.connections,
            broker.log.refused,
            broker.log.published,
            broker.log.denied,
        ])
            list.length = 0;
        broker.log.cleanDisconnects = broker.log.abruptDisconnects = 0;
        clock = Date.parse("2026-12-01T08:30:00Z");
        sleeps = [];
        return {
            broker: { host: "127.0.0.1", port: broker.port, ca: broker.ca },
            credentials: { certificatePem: pki.deviceCert, privateKey: pki.deviceKey },
            now: () => new Date(clock),
            sleep: async ms => {
                sleeps.push(ms);
                clock += ms;
            },
            aborted: () => false,
            deadline: new Date(clock + 3600_000),
            progress: () => undefined,
            pace: { connectIntervalMs: 0, publishIntervalMs: 0 },
            ...extra,
        };
    }
    /** Lets the broker see the last closes. */
    const settle = () => new Promise(resolve => setTimeout(resolve, 100));
    const run = async (
        plan: DrillPlan,
        extra: Partial<MisbehaveOptions> = {},
    ): Promise<StepResult> => {
        const [result] = await misbehave(plan, await options(plan, extra));
        await settle();
        return result;
    };

    it("connection burst: threshold + 1 connections as the thing, each closed with DISCONNECT", async () => {
        const r = await run(only(dev, "connection-burst"));
        assert.strictEqual(r.connections, 21);
        assert.deepStrictEqual(broker.log.connections, Array(21).fill(dev.names.thing));
        assert.strictEqual(broker.log.cleanDisconnects, 21);
        assert.strictEqual(broker.log.published.length + broker.log.denied.length, 0);
    });

    it("forbidden publishes: each denied by the policy, costing its connection", async () => {
        const r = await run(only(dev, "forbidden-publish"));
        assert.strictEqual(r.denied, 6);
        assert.strictEqual(r.accepted, 0);
        assert.strictEqual(broker.log.connections.length, 6);
        assert.deepStrictEqual(
            broker.log.denied.map(d => d.topic),
            Array(6).fill(dev.names.forbiddenTopic),
        );
        assert.strictEqual(broker.log.published.length, 0);
    });

    it("message burst: threshold + 1 small messages under the drill prefix on one connection", async () => {
        const r = await run(only(dev, "message-burst"));
        assert.strictEqual(r.accepted, 101);
        assert.strictEqual(broker.log.connections.length, 1);
        assert.strictEqual(broker.log.published.length, 101);
        assert.ok(broker.log.published.every(p => p.topic.startsWith(`${dev.names.topicPrefix}/`)));
        assert.strictEqual(broker.log.denied.length, 0);
    });

    it("oversized message: one message of threshold + 1 bytes", async () => {
        const r = await run(only(dev, "oversized-message"));
        assert.deepStrictEqual(r.sizes, [1025]);
        assert.deepStrictEqual(
            broker.log.published.map(p => p.size),
            [1025],
        );
    });

    it("disconnect churn: connections dropped without DISCONNECT", async () => {
        const r = await run(only(prod, "disconnect-churn"));
        assert.strictEqual(r.connections, 11, "prod's Disconnects: > 10 in 900 s");
        assert.strictEqual(broker.log.abruptDisconnects, 11);
        assert.strictEqual(broker.log.cleanDisconnects, 0);
    });

    it("repeats a burst once per window for consecutive datapoints (prod: 2 rounds of 51)", async () => {
        const r = await run(only(prod, "message-burst"));
        assert.strictEqual(r.accepted, 102);
        assert.deepStrictEqual(sleeps, [300_000]);
    });

    it("paces connections one per 1.1 s and publishes one per 50 ms", async () => {
        await run(only(dev, "connection-burst"), {
            pace: { connectIntervalMs: 1100, publishIntervalMs: 50 },
        });
        assert.deepStrictEqual(sleeps, Array(20).fill(1100));
        await run(only(dev, "oversized-message"), {
            pace: { connectIntervalMs: 1100, publishIntervalMs: 50 },
        });
        assert.deepStrictEqual(sleeps, [50]);
    });

    it("stops at its deadline", async () => {
        const plan = only(dev, "connection-burst");
        const o = await options(plan, { pace: { connectIntervalMs: 1100, publishIntervalMs: 0 } });
        await assert.rejects(misbehave(plan, { ...o, deadline: new Date(clock + 5000) }), Stopped);
        await settle();
        assert.strictEqual(broker.log.connections.length, 5);
    });

    it("stops between two events when interrupted", async () => {
        const plan = only(dev, "message-burst");
        let published = 0;
        const o = await options(plan);
        const interrupted = misbehave(plan, {
            ...o,
            aborted: () => broker.log.published.length >= 10,
            progress: () => published++,
        });
        await assert.rejects(interrupted, /interrupted/);
        await settle();
        assert.strictEqual(broker.log.published.length, 10);
        assert.strictEqual(
            broker.log.cleanDisconnects,
            1,
            "the connection is closed on the way out",
        );
        assert.strictEqual(published, 0);
    });

    it("a policy that lets the forbidden topic through shows as accepted publishes", async () => {
        const plan = only(dev, "forbidden-publish");
        const o = await options(plan);
        broker.policy = { Statement: [{ Effect: "Allow", Action: "iot:*", Resource: "*" }] };
        const [r] = await misbehave(plan, o);
        assert.strictEqual(r.accepted, 6);
        assert.strictEqual(r.denied, 0);
    });
});
