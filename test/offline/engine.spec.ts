import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../components/config/configError";
import { buildOffline, OfflineEngine, readOutput } from "../harness";

describe("offline engine (test harness)", () => {
    it("records each resource with type, name, inputs and parent", async () => {
        const { engine } = await buildOffline("dev");
        const provider = engine.ofType("pulumi:providers:aws")[0];
        assert.strictEqual(provider.name, "iot-defender-dev");
        assert.strictEqual(provider.inputs.region, "eu-west-1");
        assert.strictEqual(provider.parent, undefined);
    });

    it("computes ARNs in each service's real format, so policies built from them read as on AWS", async () => {
        const { engine } = await buildOffline("dev");
        const arnOf = (type: string, name?: RegExp) =>
            engine.resources.find(
                r => r.type === type && (!name || name.test(r.inputs.name ?? "")),
            )!.state.arn as string;
        assert.match(
            arnOf("aws:cloudwatch/logGroup:LogGroup", /^\/aws\/lambda\//),
            /^arn:aws:logs:eu-west-1:\d{12}:log-group:\/aws\/lambda\/[\w-]+$/,
        );
        assert.match(arnOf("aws:sns/topic:Topic"), /^arn:aws:sns:eu-west-1:\d{12}:[\w-]+$/);
        assert.match(arnOf("aws:iam/role:Role"), /^arn:aws:iam::\d{12}:role\/[\w-]+$/);
        assert.match(
            arnOf("aws:cloudwatch/metricAlarm:MetricAlarm"),
            /^arn:aws:cloudwatch:eu-west-1:\d{12}:alarm:[\w-]+$/,
        );
    });

    it("fails the build when a registration fails silently (here: a provider Pulumi cannot serialize)", async () => {
        const engine = new OfflineEngine();
        await engine.install("p", "s", { "aws:region": "eu-west-1" });
        // Pulumi's closure serializer mistakes an object with a `default` key for an `import *` result.
        const captured = { threshold: { default: 30, min: 1 } };
        const provider = {
            async create() {
                return { id: String(captured.threshold.min) };
            },
        };
        class Unserializable extends pulumi.dynamic.Resource {}
        new Unserializable(provider, "unserializable", {});
        await assert.rejects(engine.settle(), /registration\(s\) failed; first: .*serializ/);
    });

    it("a build that fails on its config leaves no unhandledRejection listener behind", async () => {
        const before = process.listeners("unhandledRejection").length;
        for (let i = 0; i < 3; i++) {
            await assert.rejects(
                buildOffline("dev", { edit: v => void (v["iot-defender:environment"] = "Bad!") }),
                ConfigError,
            );
        }
        assert.strictEqual(process.listeners("unhandledRejection").length, before);
    });

    it("records aliases as URNs: a URN as given, an alias spec filled in from the resource itself", async () => {
        const engine = new OfflineEngine();
        await engine.install("p", "s", { "aws:region": "eu-west-1" });
        const parent = new pulumi.ComponentResource("t:m:Parent", "parent");
        const other = new pulumi.ComponentResource("t:m:Other", "other");
        const child = new pulumi.ComponentResource(
            "t:m:Child",
            "child",
            {},
            {
                parent,
                aliases: [
                    "urn:pulumi:s::p::t:m:Old::given",
                    { name: "renamed" },
                    { parent: other },
                    { name: "top", parent: undefined },
                    { type: "t:m:Was", stack: "s2", project: "p2", parent: undefined },
                ],
            },
        );
        await readOutput(child.urn);
        await engine.settle();
        assert.deepStrictEqual(engine.byName("child").aliases, [
            "urn:pulumi:s::p::t:m:Old::given",
            "urn:pulumi:s::p::t:m:Parent$t:m:Child::renamed",
            "urn:pulumi:s::p::t:m:Other$t:m:Child::child",
            "urn:pulumi:s::p::t:m:Child::top",
            "urn:pulumi:s2::p2::t:m:Was::child",
        ]);
    });

    it("fails on invokes it does not know", () => {
        const engine = new OfflineEngine();
        assert.throws(
            () => engine.call({ token: "aws:ec2/getAmi:getAmi", inputs: {} }),
            /unmocked invoke aws:ec2\/getAmi:getAmi/,
        );
    });

    it("reads known outputs, reports unknown ones in preview, and never hangs", async () => {
        await new OfflineEngine({ preview: true }).install("p", "s", { "aws:region": "eu-west-1" });
        assert.deepStrictEqual(await readOutput(pulumi.output("x")), { known: true, value: "x" });
        const unknown = pulumi
            .output("x")
            .apply(v =>
                pulumi.runtime.isDryRun() ? (pulumi as unknown as { unknown: unknown }).unknown : v,
            );
        const result = await readOutput(unknown as pulumi.Output<string>);
        assert.deepStrictEqual(result, { known: false });
        const never = new (
            pulumi.Output as unknown as new (...args: unknown[]) => pulumi.Output<string>
        )(
            new Set(),
            new Promise(() => undefined),
            new Promise(() => undefined),
            Promise.resolve(false),
            Promise.resolve([]),
        );
        await assert.rejects(readOutput(never, 50), /did not settle within 50 ms/);
    });
});
