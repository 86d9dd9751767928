import * as assert from "assert";
import {
    CreateCustomMetricCommand,
    DeleteCustomMetricCommand,
    DescribeCustomMetricCommand,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateCustomMetricCommand,
} from "@aws-sdk/client-iot";
import type { DescribeCustomMetricResponse } from "@aws-sdk/client-iot";
import { CUSTOM_METRIC_TYPES, DYNAMIC_TYPES } from "../../components/facts";
import { UNKNOWN } from "../../components/iot/inputs";
import { RETRY } from "../../components/aws/calls";
import {
    CustomMetric,
    CustomMetricInputs,
    CustomMetricOutputs,
    customMetricProvider as provider,
} from "../../components/iot/customMetric";
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
const NAME = "cpu-temperature";
const ARN = `arn:aws:iot:${REGION}:123456789012:custommetric/${NAME}`;

const inputs: CustomMetricInputs = {
    region: REGION,
    metricName: NAME,
    metricType: "number",
    displayName: "CPU temperature",
    tags: [...OWNER_TAGS, { Key: "env", Value: "test" }],
};
const state = (over: Partial<CustomMetricOutputs> = {}): CustomMetricOutputs =>
    ({ ...inputs, arn: ARN, __provider: "serialized-provider", ...over }) as CustomMetricOutputs;
const withInputs = (over: Partial<CustomMetricInputs>): CustomMetricInputs => ({
    ...inputs,
    ...over,
});
const described = (
    over: Partial<DescribeCustomMetricResponse> = {},
): DescribeCustomMetricResponse => ({
    metricName: NAME,
    metricArn: ARN,
    metricType: "number",
    displayName: "CPU temperature",
    ...over,
});

async function failuresOf(news: unknown) {
    return (await provider.check!(inputs, news as CustomMetricInputs)).failures ?? [];
}
async function assertFailure(news: unknown, property: string, fragment?: RegExp) {
    const failures = await failuresOf(news);
    const hit = failures.find(f => f.property === property);
    assert.ok(hit, `expected a failure on ${property}; got ${JSON.stringify(failures)}`);
    if (fragment) assert.match(hit.reason, fragment);
}

describe("CustomMetric dynamic resource", () => {
    const mock = useIotMock();

    describe("check", () => {
        it("accepts every custom metric type", async () => {
            for (const metricType of Object.keys(CUSTOM_METRIC_TYPES)) {
                assert.deepStrictEqual(
                    await failuresOf(withInputs({ metricType: metricType as never })),
                    [],
                );
            }
        });

        it("names the metric name, type, display name and tags when they break the API rules", async () => {
            await assertFailure(
                withInputs({ metricName: "aws:cpu" }),
                "metricName",
                /must not start with "aws:"/,
            );
            await assertFailure(withInputs({ metricName: "cpu temp" }), "metricName");
            await assertFailure(
                withInputs({ metricType: "float" as never }),
                "metricType",
                /number, number-list, string-list, ip-address-list/,
            );
            await assertFailure(withInputs({ displayName: "d".repeat(129) }), "displayName");
            await assertFailure(withInputs({ tags: [{ Key: "", Value: "x" }] }), "tags[0].Key");
        });

        it("tolerates values unknown during preview", async () => {
            assert.deepStrictEqual(
                await failuresOf({
                    region: UNKNOWN,
                    metricName: UNKNOWN,
                    metricType: UNKNOWN,
                    displayName: UNKNOWN,
                    tags: UNKNOWN,
                }),
                [],
            );
            assert.deepStrictEqual(
                await failuresOf(withInputs({ tags: [{ Key: UNKNOWN, Value: UNKNOWN }] })),
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

        it("updates the display name and tags in place", async () => {
            const result = await provider.diff!(
                NAME,
                state(),
                withInputs({ displayName: "Temperature" }),
            );
            assert.deepStrictEqual([result.changes, result.replaces], [true, []]);
            assert.deepStrictEqual(
                (await provider.diff!(NAME, state(), withInputs({ tags: undefined }))).replaces,
                [],
            );
        });

        it("replaces the metric, deleting it first, when its name, type or region changes", async () => {
            for (const [key, value] of [
                ["metricName", "gpu-temperature"],
                ["metricType", "number-list"],
                ["region", "us-east-1"],
            ] as const) {
                assert.deepStrictEqual(
                    await provider.diff!(NAME, state(), withInputs({ [key]: value })),
                    { changes: true, replaces: [key], deleteBeforeReplace: true },
                );
            }
        });

        it("counts unknown values as changes", async () => {
            assert.strictEqual(
                (await provider.diff!(NAME, state(), withInputs({ displayName: UNKNOWN }))).changes,
                true,
            );
        });
    });

    describe("create", () => {
        it("creates the metric in one call, with an idempotency token", async () => {
            mock.iot.on(CreateCustomMetricCommand).resolves({ metricName: NAME, metricArn: ARN });
            const result = await provider.create({
                ...inputs,
                __provider: "serialized",
            } as CustomMetricInputs);
            const sent = input(mock.iot, CreateCustomMetricCommand);
            assert.deepStrictEqual(
                { ...sent, clientRequestToken: undefined },
                {
                    metricName: NAME,
                    metricType: "number",
                    displayName: "CPU temperature",
                    tags: inputs.tags,
                    clientRequestToken: undefined,
                },
            );
            assert.match(sent.clientRequestToken, /^[0-9a-f-]{36}$/);
            assert.deepStrictEqual(callCounts(mock.iot), { CreateCustomMetricCommand: 1 });
            assert.deepStrictEqual(result, { id: NAME, outs: { ...inputs, arn: ARN } });
        });

        it("adopts an identical existing metric", async () => {
            mock.iot.on(CreateCustomMetricCommand).rejects(alreadyExists());
            mock.iot.on(DescribeCustomMetricCommand).resolves(described());
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            const result = await provider.create(inputs);
            assert.deepStrictEqual(result.outs, { ...inputs, arn: ARN });
            assert.deepStrictEqual(callCounts(mock.iot), {
                CreateCustomMetricCommand: 1,
                DescribeCustomMetricCommand: 1,
                ListTagsForResourceCommand: 1,
            });
        });

        for (const [whose, tags] of Object.entries(FOREIGN_TAGS)) {
            it(`refuses an identical metric ${whose}, changing nothing, and says the way out`, async () => {
                mock.iot.on(CreateCustomMetricCommand).rejects(alreadyExists());
                mock.iot.on(DescribeCustomMetricCommand).resolves(described());
                mock.iot.on(ListTagsForResourceCommand).resolves({ tags });
                await assert.rejects(provider.create(inputs), (err: Error) => {
                    assert.match(
                        err.message,
                        /cpu-temperature already exists in eu-west-1 and is not this stack's/,
                    );
                    assert.match(err.message, /not Project=iot-defender, Stack=test/);
                    assert.match(
                        err.message,
                        /aws iot delete-custom-metric --metric-name cpu-temperature --region eu-west-1/,
                    );
                    assert.match(err.message, /another name in the stack config/);
                    return true;
                });
                assert.deepStrictEqual(writes(mock.iot), []);
            });
        }

        it("refuses an existing metric of another type, saying how to resolve it", async () => {
            mock.iot.on(CreateCustomMetricCommand).rejects(alreadyExists());
            mock.iot
                .on(DescribeCustomMetricCommand)
                .resolves(described({ metricType: "string-list" }));
            await assert.rejects(
                provider.create(inputs),
                /cpu-temperature already exists in eu-west-1 with a different definition \(metricType\).*aws iot delete-custom-metric --metric-name cpu-temperature/,
            );
        });

        it("sends one idempotency token per create, the same on each of its retries", async () => {
            const arn = { metricArn: ARN };
            mock.iot.on(CreateCustomMetricCommand).rejectsOnce(throttled()).resolves(arn);
            await provider.create(inputs);
            mock.iot.on(CreateCustomMetricCommand).resolves(arn);
            await provider.create(inputs);
            const tokens = mock.iot
                .commandCalls(CreateCustomMetricCommand)
                .map(c => c.args[0].input.clientRequestToken);
            assert.strictEqual(tokens.length, 3);
            assert.ok(tokens[0], "the create sends a token");
            assert.strictEqual(tokens[1], tokens[0], "its retry sends the same token");
            assert.notStrictEqual(tokens[2], tokens[0], "another create sends another token");
        });

        it(`retries throttling, and gives up after ${RETRY.attempts} attempts`, async () => {
            mock.iot
                .on(CreateCustomMetricCommand)
                .rejectsOnce(throttled())
                .resolves({ metricArn: ARN });
            await provider.create(inputs);
            assert.strictEqual(mock.iot.commandCalls(CreateCustomMetricCommand).length, 2);
            assert.strictEqual(mock.sleeps.length, 1);
            mock.iot.reset();
            mock.iot.on(CreateCustomMetricCommand).rejects(throttled());
            await assert.rejects(
                provider.create(inputs),
                /Create custom metric cpu-temperature: ThrottlingException: .*after 6 attempts/,
            );
            assert.strictEqual(
                mock.iot.commandCalls(CreateCustomMetricCommand).length,
                RETRY.attempts,
            );
        });
    });

    describe("update", () => {
        it("changes the display name with one UpdateCustomMetric call", async () => {
            mock.iot.on(UpdateCustomMetricCommand).resolves({ metricArn: ARN });
            const result = await provider.update!(
                NAME,
                state(),
                withInputs({ displayName: "Temperature" }),
            );
            assert.deepStrictEqual(callCounts(mock.iot), { UpdateCustomMetricCommand: 1 });
            assert.deepStrictEqual(input(mock.iot, UpdateCustomMetricCommand), {
                metricName: NAME,
                displayName: "Temperature",
            });
            assert.deepStrictEqual(result.outs, {
                ...inputs,
                displayName: "Temperature",
                arn: ARN,
            });
        });

        it("removes a cleared display name by sending an empty one (the API requires the field)", async () => {
            mock.iot.on(UpdateCustomMetricCommand).resolves({ metricArn: ARN });
            await provider.update!(NAME, state(), withInputs({ displayName: undefined }));
            assert.deepStrictEqual(input(mock.iot, UpdateCustomMetricCommand), {
                metricName: NAME,
                displayName: "",
            });
        });

        it("changes only tags with tag calls, and makes no call when nothing changed", async () => {
            mock.iot.on(UntagResourceCommand).resolves({});
            mock.iot.on(TagResourceCommand).resolves({});
            await provider.update!(NAME, state(), withInputs({ tags: OWNER_TAGS }));
            assert.deepStrictEqual(callCounts(mock.iot), { UntagResourceCommand: 1 });
            assert.deepStrictEqual(input(mock.iot, UntagResourceCommand), {
                resourceArn: ARN,
                tagKeys: ["env"],
            });
            mock.iot.resetHistory();
            await provider.update!(NAME, state(), inputs);
            assert.strictEqual(mock.iot.calls().length, 0);
        });
    });

    describe("read", () => {
        it("maps the live metric and tags back to the inputs, so drift shows", async () => {
            mock.iot.on(DescribeCustomMetricCommand).resolves(described({ displayName: "" }));
            mock.iot
                .on(ListTagsForResourceCommand)
                .resolves({ tags: [{ Key: "env", Value: "prod" }] });
            const result = await provider.read!(NAME, state());
            assert.deepStrictEqual(result, {
                id: NAME,
                props: {
                    region: REGION,
                    metricName: NAME,
                    metricType: "number",
                    tags: [{ Key: "env", Value: "prod" }],
                    arn: ARN,
                },
            });
            assert.strictEqual((await provider.diff!(NAME, result.props!, inputs)).changes, true);
        });

        it("returns no id when the metric is gone", async () => {
            mock.iot.on(DescribeCustomMetricCommand).rejects(notFound());
            assert.deepStrictEqual(await provider.read!(NAME, state()), {});
        });
    });

    describe("delete", () => {
        it("deletes the metric in one call, and treats an already deleted metric as deleted", async () => {
            mock.iot.on(DeleteCustomMetricCommand).resolves({});
            await provider.delete!(NAME, state());
            assert.deepStrictEqual(input(mock.iot, DeleteCustomMetricCommand), {
                metricName: NAME,
            });
            assert.deepStrictEqual(callCounts(mock.iot), { DeleteCustomMetricCommand: 1 });
            mock.iot.reset();
            mock.iot.on(DeleteCustomMetricCommand).rejects(notFound());
            await provider.delete!(NAME, state());
        });

        it("fails on any other error", async () => {
            mock.iot
                .on(DeleteCustomMetricCommand)
                .rejects(awsError("InvalidRequestException", "nope"));
            await assert.rejects(
                provider.delete!(NAME, state()),
                /Delete custom metric cpu-temperature: InvalidRequestException: nope/,
            );
        });
    });

    describe("resource class", () => {
        it(`registers as ${DYNAMIC_TYPES.CustomMetric} under Pulumi mocks, with a provider that serializes and still works`, async () => {
            const {
                resource: metric,
                recorded,
                rebuilt,
            } = await registered<CustomMetric, CustomMetricInputs, CustomMetricOutputs>(
                CustomMetric.__pulumiType,
                () => new CustomMetric("cpu", inputs),
            );
            assert.deepStrictEqual(await readOutput(metric.arn), { known: true, value: ARN });
            assert.strictEqual(recorded.type, DYNAMIC_TYPES.CustomMetric);
            assert.deepStrictEqual(
                (await rebuilt.check!(inputs, withInputs({ metricName: "aws:x" }))).failures!.map(
                    f => f.property,
                ),
                ["metricName"],
            );
            mock.iot.on(DeleteCustomMetricCommand).rejects(notFound());
            await rebuilt.delete!(NAME, state());
        });
    });
});
