import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { OfflineEngine } from "../../tools/offline/engine";
import { serializeState } from "../../tools/offline/registration";

/** State as the SDK's mock monitor serializes it. */
const bySdk = (state: Record<string, unknown>) => rpc.serializeProperties("", state);

describe("offline engine: answering a registration (registration.ts)", () => {
    before(async () => {
        // serializeProperties reads the runtime's settings (secrets, resource references).
        await new OfflineEngine().install("p", "s", { "aws:region": "eu-west-1" });
    });

    it("serializes plain state exactly as the SDK does", async () => {
        const states: Record<string, unknown>[] = [
            {},
            { name: "a", count: 3, on: true, off: false, none: null, gone: undefined },
            { list: [1, undefined, "x", null, [undefined, { a: undefined }]] },
            { nested: { deep: { deeper: ["a", { b: 1.5, c: -0, d: NaN }] } } },
            { fn: () => 1, inner: { fn: () => 2, keep: "k" }, arr: [() => 3] },
            // A secret and an unknown as the SDK's deserialization leaves them in the mocks' state.
            { secret: { [rpc.specialSigKey]: rpc.specialSecretSig, value: "s3cret" } },
            { unknown: rpc.unknownValue, sparse: [, 1] }, // eslint-disable-line no-sparse-arrays
        ];
        for (const state of states)
            assert.deepStrictEqual(await serializeState(state), await bySdk(state));
    });

    it("leaves anything but plain data to the SDK (assets, resources, outputs, promises, instances)", async () => {
        class Instance {
            readonly field = "f";
        }
        const markedResource = { __pulumiCustomResource: true, urn: "u" };
        const states: Record<string, unknown>[] = [
            { asset: new pulumi.asset.StringAsset("text") },
            { archive: new pulumi.asset.AssetArchive({}) },
            { output: pulumi.output("resolved") },
            { promise: Promise.resolve({ a: 1 }) },
            { instance: new Instance() },
            { deep: [{ marked: markedResource }] },
            { nullProto: Object.assign(Object.create(null), { a: 1 }) },
            { protoKey: JSON.parse('{"__proto__": {"a": 1}}') },
        ];
        for (const state of states) {
            const ours = await serializeState(state);
            const sdk = await bySdk(state);
            assert.deepStrictEqual(ours, sdk, `state ${Object.keys(state)[0]}`);
        }
        // The asset is serialized with its signature: only the SDK knows how.
        const asset = (await serializeState(states[0])).asset as Record<string, unknown>;
        assert.strictEqual(asset[rpc.specialSigKey], rpc.specialAssetSig);
    });

    it("a failure after the answer (here the engine's record) fails the registration, never leaves it pending", async function () {
        this.timeout(10_000);
        for (const protobufAnswers of [false, true]) {
            const engine = new OfflineEngine({ protobufAnswers });
            await engine.install("p", "s", { "aws:region": "eu-west-1" });
            (engine as unknown as { record: () => never }).record = () => {
                throw new Error("record failed");
            };
            class R extends pulumi.CustomResource {}
            new R("t:m:R", "r", {});
            await assert.rejects(
                engine.settle(),
                /record failed/,
                `protobufAnswers: ${protobufAnswers}`,
            );
        }
    });

    it("keeps the mock monitor's record of each resource (registerResourceOutputs reads it)", async () => {
        const engine = new OfflineEngine();
        await engine.install("p", "s", { "aws:region": "eu-west-1" });
        class Component extends pulumi.ComponentResource {
            constructor() {
                super("t:m:Component", "c");
                this.registerOutputs({ out: pulumi.output("v") });
            }
        }
        new Component();
        await engine.settle();
        const monitor = pulumi.runtime.getMonitor() as unknown as {
            resources: Map<string, { state: unknown }>;
        };
        const urn = "urn:pulumi:s::p::t:m:Component::c";
        assert.ok(monitor.resources.has(urn), "the component is in the monitor's record");
    });
});
