import * as assert from "assert";
import {
    CreateDimensionCommand,
    DeleteDimensionCommand,
    DescribeDimensionCommand,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UpdateDimensionCommand,
} from "@aws-sdk/client-iot";
import type { DescribeDimensionResponse } from "@aws-sdk/client-iot";
import { DYNAMIC_TYPES, LIMITS } from "../../components/facts";
import { UNKNOWN } from "../../components/iot/inputs";
import { RETRY } from "../../components/aws/calls";
import {
    Dimension,
    DimensionInputs,
    DimensionOutputs,
    dimensionProvider as provider,
} from "../../components/iot/dimension";
import { readOutput } from "../harness";
import {
    alreadyExists,
    awsError,
    callCounts,
    input,
    notFound,
    throttled,
    registered,
    useIotMock,
    OWNER_TAGS,
    FOREIGN_TAGS,
    writes,
} from "./support";

const REGION = "eu-west-1";
const NAME = "telemetry-topics";
const ARN = `arn:aws:iot:${REGION}:123456789012:dimension/${NAME}`;

const inputs: DimensionInputs = {
    region: REGION,
    name: NAME,
    type: "TOPIC_FILTER",
    stringValues: ["telemetry/#", "devices/${iot:ClientId}/status"],
    tags: [...OWNER_TAGS, { Key: "env", Value: "test" }],
};
const state = (over: Partial<DimensionOutputs> = {}): DimensionOutputs =>
    ({ ...inputs, arn: ARN, __provider: "serialized-provider", ...over }) as DimensionOutputs;
const withInputs = (over: Partial<DimensionInputs>): DimensionInputs => ({ ...inputs, ...over });
const described = (over: Partial<DescribeDimensionResponse> = {}): DescribeDimensionResponse => ({
    name: NAME,
    arn: ARN,
    type: "TOPIC_FILTER",
    stringValues: inputs.stringValues,
    ...over,
});

async function failuresOf(news: unknown) {
    return (await provider.check!(inputs, news as DimensionInputs)).failures ?? [];
}
async function assertFailure(news: unknown, property: string, fragment?: RegExp) {
    const failures = await failuresOf(news);
    const hit = failures.find(f => f.property === property);
    assert.ok(hit, `expected a failure on ${property}; got ${JSON.stringify(failures)}`);
    if (fragment) assert.match(hit.reason, fragment);
}

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
        it("reports no change when nothing changed (ignoring __provider), with no AWS call", async () => {
            assert.strictEqual(
                (await provider.diff!(NAME, state({ __provider: "other" } as never), inputs))
                    .changes,
                false,
            );
            assert.strictEqual(mock.iot.calls().length, 0);
        });

        it("updates the topic filters and tags in place", async () => {
            for (const news of [
                withInputs({ stringValues: ["telemetry/#"] }),
                withInputs({ tags: [{ Key: "env", Value: "prod" }] }),
            ]) {
                const result = await provider.diff!(NAME, state(), news);
                assert.deepStrictEqual([result.changes, result.replaces], [true, []]);
            }
        });

        it("replaces the dimension, deleting it first, when its name, type or region changes", async () => {
            for (const [key, value] of [
                ["name", "other-topics"],
                ["type", "OTHER"],
                ["region", "us-east-1"],
            ] as const) {
                assert.deepStrictEqual(
                    await provider.diff!(NAME, state(), withInputs({ [key]: value })),
                    { changes: true, replaces: [key], deleteBeforeReplace: true },
                );
            }
        });

        it("compares topic filters as a set: another order is no change", async () => {
            const reordered = withInputs({ stringValues: [...inputs.stringValues].reverse() });
            assert.strictEqual((await provider.diff!(NAME, state(), reordered)).changes, false);
        });

        it("counts unknown values as changes", async () => {
            assert.strictEqual(
                (await provider.diff!(NAME, state(), withInputs({ stringValues: [UNKNOWN] })))
                    .changes,
                true,
            );
        });
    });

    describe("create", () => {
        it("creates the dimension in one call, with an idempotency token", async () => {
            mock.iot.on(CreateDimensionCommand).resolves({ name: NAME, arn: ARN });
            const result = await provider.create({
                ...inputs,
                __provider: "serialized",
            } as DimensionInputs);
            const sent = input(mock.iot, CreateDimensionCommand);
            assert.deepStrictEqual(
                { ...sent, clientRequestToken: undefined },
                {
                    name: NAME,
                    type: "TOPIC_FILTER",
                    stringValues: inputs.stringValues,
                    tags: inputs.tags,
                    clientRequestToken: undefined,
                },
            );
            assert.match(sent.clientRequestToken, /^[0-9a-f-]{36}$/);
            assert.deepStrictEqual(callCounts(mock.iot), { CreateDimensionCommand: 1 });
            assert.deepStrictEqual(result, { id: NAME, outs: { ...inputs, arn: ARN } });
        });

        it("adopts an identical existing dimension", async () => {
            mock.iot.on(CreateDimensionCommand).rejects(alreadyExists());
            mock.iot.on(DescribeDimensionCommand).resolves(described());
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: OWNER_TAGS });
            mock.iot.on(TagResourceCommand).resolves({});
            const result = await provider.create(inputs);
            assert.deepStrictEqual(input(mock.iot, TagResourceCommand), {
                resourceArn: ARN,
                tags: [{ Key: "env", Value: "test" }],
            });
            assert.deepStrictEqual(result.outs, { ...inputs, arn: ARN });
        });

        it("adopts an existing dimension whose topic filters come back in another order", async () => {
            mock.iot.on(CreateDimensionCommand).rejects(alreadyExists());
            mock.iot
                .on(DescribeDimensionCommand)
                .resolves(described({ stringValues: [...inputs.stringValues].reverse() }));
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            const result = await provider.create(inputs);
            assert.deepStrictEqual(result.outs, { ...inputs, arn: ARN });
        });

        for (const [whose, tags] of Object.entries(FOREIGN_TAGS)) {
            it(`refuses an identical dimension ${whose}, changing nothing, and says the way out`, async () => {
                mock.iot.on(CreateDimensionCommand).rejects(alreadyExists());
                mock.iot.on(DescribeDimensionCommand).resolves(described());
                mock.iot.on(ListTagsForResourceCommand).resolves({ tags });
                await assert.rejects(provider.create(inputs), (err: Error) => {
                    assert.match(
                        err.message,
                        /telemetry-topics already exists in eu-west-1 and is not this stack's/,
                    );
                    assert.match(
                        err.message,
                        /aws iot delete-dimension --name telemetry-topics --region eu-west-1/,
                    );
                    assert.match(
                        err.message,
                        /aws iot tag-resource .*Key=Project,Value=iot-defender Key=Stack,Value=test/,
                    );
                    return true;
                });
                assert.deepStrictEqual(writes(mock.iot), []);
            });
        }

        it("refuses an existing dimension with other topic filters, saying how to resolve it", async () => {
            mock.iot.on(CreateDimensionCommand).rejects(alreadyExists());
            mock.iot
                .on(DescribeDimensionCommand)
                .resolves(described({ stringValues: ["other/#"] }));
            await assert.rejects(
                provider.create(inputs),
                /telemetry-topics already exists in eu-west-1 with a different definition \(stringValues\).*aws iot delete-dimension --name telemetry-topics/,
            );
        });

        it("sends one idempotency token per create, the same on each of its retries", async () => {
            const arn = { arn: ARN };
            mock.iot.on(CreateDimensionCommand).rejectsOnce(throttled()).resolves(arn);
            await provider.create(inputs);
            mock.iot.on(CreateDimensionCommand).resolves(arn);
            await provider.create(inputs);
            const tokens = mock.iot
                .commandCalls(CreateDimensionCommand)
                .map(c => c.args[0].input.clientRequestToken);
            assert.strictEqual(tokens.length, 3);
            assert.ok(tokens[0], "the create sends a token");
            assert.strictEqual(tokens[1], tokens[0], "its retry sends the same token");
            assert.notStrictEqual(tokens[2], tokens[0], "another create sends another token");
        });

        it(`retries throttling, and gives up after ${RETRY.attempts} attempts`, async () => {
            mock.iot.on(CreateDimensionCommand).rejectsOnce(throttled()).resolves({ arn: ARN });
            await provider.create(inputs);
            assert.strictEqual(mock.iot.commandCalls(CreateDimensionCommand).length, 2);
            mock.iot.reset();
            mock.iot.on(CreateDimensionCommand).rejects(throttled());
            await assert.rejects(
                provider.create(inputs),
                /Create dimension telemetry-topics: ThrottlingException: .*after 6 attempts/,
            );
            assert.strictEqual(
                mock.iot.commandCalls(CreateDimensionCommand).length,
                RETRY.attempts,
            );
        });
    });

    describe("update", () => {
        it("changes the topic filters with one UpdateDimension call", async () => {
            mock.iot.on(UpdateDimensionCommand).resolves({ arn: ARN });
            const result = await provider.update!(
                NAME,
                state(),
                withInputs({ stringValues: ["telemetry/#"] }),
            );
            assert.deepStrictEqual(callCounts(mock.iot), { UpdateDimensionCommand: 1 });
            assert.deepStrictEqual(input(mock.iot, UpdateDimensionCommand), {
                name: NAME,
                stringValues: ["telemetry/#"],
            });
            assert.deepStrictEqual(result.outs, {
                ...inputs,
                stringValues: ["telemetry/#"],
                arn: ARN,
            });
        });

        it("makes no UpdateDimension call when only the order of the topic filters changed", async () => {
            const reordered = withInputs({ stringValues: [...inputs.stringValues].reverse() });
            const result = await provider.update!(NAME, state(), reordered);
            assert.strictEqual(mock.iot.calls().length, 0);
            assert.deepStrictEqual(result.outs, { ...reordered, arn: ARN });
        });

        it("changes only tags with tag calls, and makes no call when nothing changed", async () => {
            mock.iot.on(TagResourceCommand).resolves({});
            await provider.update!(
                NAME,
                state(),
                withInputs({ tags: [...OWNER_TAGS, { Key: "env", Value: "prod" }] }),
            );
            assert.deepStrictEqual(callCounts(mock.iot), { TagResourceCommand: 1 });
            mock.iot.resetHistory();
            await provider.update!(NAME, state(), inputs);
            assert.strictEqual(mock.iot.calls().length, 0);
        });
    });

    describe("read", () => {
        it("maps the live dimension and tags back to the inputs, so drift shows", async () => {
            mock.iot
                .on(DescribeDimensionCommand)
                .resolves(described({ stringValues: ["edited/#"] }));
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            const result = await provider.read!(NAME, state());
            assert.deepStrictEqual(result, {
                id: NAME,
                props: { ...inputs, stringValues: ["edited/#"], arn: ARN },
            });
            assert.strictEqual((await provider.diff!(NAME, result.props!, inputs)).changes, true);
        });

        it("keeps the stored order when AWS returns the same topic filters in another order, so refresh shows no change", async () => {
            mock.iot
                .on(DescribeDimensionCommand)
                .resolves(described({ stringValues: [...inputs.stringValues].reverse() }));
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            const result = await provider.read!(NAME, state());
            assert.deepStrictEqual(result.props!.stringValues, inputs.stringValues);
            assert.strictEqual((await provider.diff!(NAME, result.props!, inputs)).changes, false);
        });

        it("returns no id when the dimension is gone", async () => {
            mock.iot.on(DescribeDimensionCommand).rejects(notFound());
            assert.deepStrictEqual(await provider.read!(NAME, state()), {});
        });
    });

    describe("delete", () => {
        it("deletes the dimension in one call, and treats an already deleted dimension as deleted", async () => {
            mock.iot.on(DeleteDimensionCommand).resolves({});
            await provider.delete!(NAME, state());
            assert.deepStrictEqual(input(mock.iot, DeleteDimensionCommand), { name: NAME });
            assert.deepStrictEqual(callCounts(mock.iot), { DeleteDimensionCommand: 1 });
            mock.iot.reset();
            mock.iot.on(DeleteDimensionCommand).rejects(notFound());
            await provider.delete!(NAME, state());
        });

        it("fails on any other error, such as a dimension still used by a profile", async () => {
            mock.iot
                .on(DeleteDimensionCommand)
                .rejects(awsError("InvalidRequestException", "dimension is referenced"));
            await assert.rejects(
                provider.delete!(NAME, state()),
                /Delete dimension telemetry-topics: InvalidRequestException: dimension is referenced/,
            );
        });
    });

    describe("resource class", () => {
        it(`registers as ${DYNAMIC_TYPES.Dimension} under Pulumi mocks, with a provider that serializes and still works`, async () => {
            const {
                resource: dimension,
                recorded,
                rebuilt,
            } = await registered<Dimension, DimensionInputs, DimensionOutputs>(
                Dimension.__pulumiType,
                () => new Dimension("topics", inputs),
            );
            assert.deepStrictEqual(await readOutput(dimension.arn), { known: true, value: ARN });
            assert.strictEqual(recorded.type, DYNAMIC_TYPES.Dimension);
            assert.deepStrictEqual(
                (await rebuilt.check!(inputs, withInputs({ type: "X" }))).failures!.map(
                    f => f.property,
                ),
                ["type"],
            );
            mock.iot.on(DeleteDimensionCommand).rejects(notFound());
            await rebuilt.delete!(NAME, state());
        });
    });
});
