/**
 * What the dimension does of its own: its checks, and its topic filters compared as a set. What it
 * shares with the other named resources: test/iot/namedResource.spec.ts.
 */
import * as assert from "assert";
import {
    CreateDimensionCommand,
    DescribeDimensionCommand,
    ListTagsForResourceCommand,
} from "@aws-sdk/client-iot";
import { LIMITS } from "../../components/facts";
import { UNKNOWN } from "../../components/iot/inputs";
import { dimensionProvider as provider } from "../../components/iot/dimension";
import { ARN, NAME, described, inputs, state, withInputs } from "./dimensions";
import { alreadyExists, checking, useIotMock } from "./support";

const { failuresOf, assertFailure } = checking(provider, inputs);
const reordered = withInputs({ stringValues: [...inputs.stringValues].reverse() });

describe("Dimension dynamic resource", () => {
    const mock = useIotMock();

    describe("check", () => {
        it("accepts a topic filter dimension with MQTT wildcards", async () => {
            assert.deepStrictEqual(await failuresOf(inputs), []);
        });

        it("names the name, type, values and tags when they break the API rules", async () => {
            await assertFailure(withInputs({ name: "with space" }), "name");
            await assertFailure(withInputs({ type: "CLIENT_ID" }), "type", /TOPIC_FILTER/);
            await assertFailure(withInputs({ stringValues: [] }), "stringValues", /1 to 100/);
            await assertFailure(
                withInputs({
                    stringValues: Array.from(
                        { length: LIMITS.dimensionValues + 1 },
                        (_, i) => `t/${i}`,
                    ),
                }),
                "stringValues",
            );
            await assertFailure(withInputs({ stringValues: ["ok", ""] }), "stringValues[1]");
            await assertFailure(withInputs({ stringValues: ["t".repeat(257)] }), "stringValues[0]");
            await assertFailure(
                withInputs({
                    tags: [
                        { Key: "a", Value: "1" },
                        { Key: "a", Value: "2" },
                    ],
                }),
                "tags[1].Key",
                /more than once/,
            );
        });

        it("tolerates values unknown during preview", async () => {
            assert.deepStrictEqual(
                await failuresOf({
                    region: UNKNOWN,
                    name: UNKNOWN,
                    type: UNKNOWN,
                    stringValues: UNKNOWN,
                    tags: UNKNOWN,
                }),
                [],
            );
            assert.deepStrictEqual(
                await failuresOf(withInputs({ stringValues: [UNKNOWN, "t/#"] })),
                [],
            );
        });
    });

    describe("diff", () => {
        it("compares topic filters as a set: another order is no change", async () => {
            assert.strictEqual((await provider.diff!(NAME, state(), reordered)).changes, false);
        });
    });

    describe("create", () => {
        it("adopts an existing dimension whose topic filters come back in another order", async () => {
            mock.iot.on(CreateDimensionCommand).rejects(alreadyExists());
            mock.iot
                .on(DescribeDimensionCommand)
                .resolves(described({ stringValues: reordered.stringValues }));
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            const result = await provider.create(inputs);
            assert.deepStrictEqual(result.outs, { ...inputs, arn: ARN });
        });
    });

    describe("update", () => {
        it("makes no UpdateDimension call when only the order of the topic filters changed", async () => {
            const result = await provider.update!(NAME, state(), reordered);
            assert.strictEqual(mock.iot.calls().length, 0);
            assert.deepStrictEqual(result.outs, { ...reordered, arn: ARN });
        });
    });

    describe("read", () => {
        it("keeps the stored order when AWS returns the same topic filters in another order, so refresh shows no change", async () => {
            mock.iot
                .on(DescribeDimensionCommand)
                .resolves(described({ stringValues: reordered.stringValues }));
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            const result = await provider.read!(NAME, state());
            assert.deepStrictEqual(result.props!.stringValues, inputs.stringValues);
            assert.strictEqual((await provider.diff!(NAME, result.props!, inputs)).changes, false);
        });
    });
});
