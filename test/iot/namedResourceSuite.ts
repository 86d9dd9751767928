/**
 * What every named Device Defender resource (custom metric, dimension, mitigation action) does the
 * same way, through the one provider shell (components/iot/namedResource.ts), as a suite each of
 * them runs with its own fixtures: diff, create (adopting only the stack's own), retries, update
 * and tag sync, read and drift, delete, and the resource class under Pulumi.
 */
import * as assert from "assert";
import type * as pulumi from "@pulumi/pulumi";
import {
    ListTagsForResourceCommand,
    TagResourceCommand,
    UntagResourceCommand,
} from "@aws-sdk/client-iot";
import { RETRY } from "../../components/aws/calls";
import { readOutput } from "../harness";
import {
    alreadyExists,
    awsError,
    callCounts,
    FOREIGN_TAGS,
    input,
    IotMock,
    notFound,
    ENV_TAG,
    OWNER_TAGS,
    registered,
    throttled,
    useIotMock,
    writes,
} from "./support";
import { Command, NamedSubject } from "./namedSubject";

type IotCommand = Parameters<IotMock["on"]>[0];

/** `text` as a regular expression that matches it literally. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The shared behaviour of a named resource, run for `s`. */
export function namedResourceSuite(s: NamedSubject): void {
    const { provider, name, arn, inputs, state, withInputs, commands, noun } = s;
    const outs = (over: object = {}) => ({ ...inputs, ...over, ...s.ids });
    const { region } = inputs;
    const answer = s.answer as never;

    describe(`${s.title} dynamic resource`, () => {
        const mock = useIotMock();
        const on = (command: Command) => mock.iot.on(command as unknown as IotCommand);
        const callsOf = (command: Command) =>
            mock.iot.commandCalls(command as unknown as IotCommand);

        describe("diff", () => {
            it("reports no change when nothing changed (ignoring __provider and tag order), with no AWS call", async () => {
                for (const olds of [
                    state({ __provider: "other" }),
                    state({ tags: [...inputs.tags!].reverse() }),
                ]) {
                    assert.strictEqual((await provider.diff!(name, olds, inputs)).changes, false);
                }
                assert.strictEqual(mock.iot.calls().length, 0);
            });

            it(`updates the ${s.inPlace.words} in place`, async () => {
                for (const news of s.inPlace.changes) {
                    const result = await provider.diff!(name, state(), news);
                    assert.deepStrictEqual([result.changes, result.replaces], [true, []]);
                }
            });

            it(`replaces the ${noun}, deleting it first, when its ${s.replacing.words} changes`, async () => {
                for (const [key, value] of s.replacing.changes) {
                    assert.deepStrictEqual(
                        await provider.diff!(name, state(), withInputs({ [key]: value })),
                        { changes: true, replaces: [key], deleteBeforeReplace: true },
                    );
                }
            });

            it("counts unknown values as changes", async () => {
                assert.strictEqual(
                    (await provider.diff!(name, state(), s.unknownChange)).changes,
                    true,
                );
            });
        });

        describe("create", () => {
            const token = s.clientToken
                ? ", with an idempotency token"
                : " (its API takes no idempotency token)";
            it(`creates the ${noun} in one call${token}, and outputs its ${Object.keys(s.ids).join(" and ")}`, async () => {
                on(commands.create).resolves(answer);
                const result = await provider.create({ ...inputs, __provider: "serialized" });
                const sent = input(mock.iot, commands.create as never);
                assert.deepStrictEqual(
                    { ...sent, clientRequestToken: undefined },
                    { ...s.created, clientRequestToken: undefined },
                );
                if (s.clientToken)
                    assert.match(sent.clientRequestToken as string, /^[0-9a-f-]{36}$/);
                else assert.ok(!("clientRequestToken" in sent), "no token is sent");
                assert.deepStrictEqual(callCounts(mock.iot), { [commands.create.name]: 1 });
                assert.deepStrictEqual(result, { id: name, outs: outs() });
            });

            it(`adopts an identical existing ${noun} of this stack's, already tagged as wanted, with one Describe and one ListTags call`, async () => {
                on(commands.create).rejects(alreadyExists());
                on(commands.describe).resolves(s.described() as never);
                mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
                const result = await provider.create(inputs);
                assert.deepStrictEqual(result.outs, outs());
                assert.deepStrictEqual(callCounts(mock.iot), {
                    [commands.create.name]: 1,
                    [commands.describe.name]: 1,
                    ListTagsForResourceCommand: 1,
                });
            });

            it(`adopts an identical existing ${noun} of this stack's and brings its tags in line`, async () => {
                on(commands.create).rejects(alreadyExists());
                on(commands.describe).resolves(s.described() as never);
                mock.iot
                    .on(ListTagsForResourceCommand)
                    .resolves({ tags: [...OWNER_TAGS, { Key: "stale", Value: "x" }] });
                mock.iot.on(UntagResourceCommand).resolves({});
                mock.iot.on(TagResourceCommand).resolves({});
                const result = await provider.create(inputs);
                assert.deepStrictEqual(input(mock.iot, UntagResourceCommand), {
                    resourceArn: arn,
                    tagKeys: ["stale"],
                });
                assert.deepStrictEqual(input(mock.iot, TagResourceCommand), {
                    resourceArn: arn,
                    tags: [ENV_TAG],
                });
                assert.deepStrictEqual(result.outs, outs());
            });

            for (const [whose, tags] of Object.entries(FOREIGN_TAGS)) {
                it(`refuses an identical ${noun} ${whose}, changing nothing, and says the way out`, async () => {
                    on(commands.create).rejects(alreadyExists());
                    on(commands.describe).resolves(s.described() as never);
                    mock.iot.on(ListTagsForResourceCommand).resolves({ tags });
                    await assert.rejects(provider.create(inputs), (err: Error) => {
                        assert.ok(
                            err.message.startsWith(
                                `${s.kind[0].toUpperCase()}${s.kind.slice(1)} ${name} already exists in ${region} and is not this stack's`,
                            ),
                            err.message,
                        );
                        assert.match(err.message, /not Project=iot-defender, Stack=test/);
                        assert.ok(
                            err.message.includes(`\`${s.cliDelete} --region ${region}\``),
                            err.message,
                        );
                        assert.match(err.message, /another name in the stack config/);
                        assert.match(
                            err.message,
                            /aws iot tag-resource .*Key=Project,Value=iot-defender Key=Stack,Value=test/,
                        );
                        return true;
                    });
                    assert.deepStrictEqual(writes(mock.iot), []);
                });
            }

            it(`refuses a foreign ${noun} with a different definition as not this stack's, changing nothing`, async () => {
                on(commands.create).rejects(alreadyExists());
                on(commands.describe).resolves(s.described(s.otherDefinition.described) as never);
                mock.iot.on(ListTagsForResourceCommand).resolves({ tags: [] });
                await assert.rejects(provider.create(inputs), (err: Error) => {
                    assert.match(err.message, /already exists in .* and is not this stack's/);
                    assert.doesNotMatch(err.message, /different definition/);
                    return true;
                });
                assert.deepStrictEqual(writes(mock.iot), []);
            });

            it(`refuses an existing ${noun} of this stack's with a different definition, naming what differs and how to resolve it`, async () => {
                on(commands.create).rejects(alreadyExists());
                on(commands.describe).resolves(s.described(s.otherDefinition.described) as never);
                mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
                const refusal = `${name} already exists in ${region} with a different definition (${s.otherDefinition.fields})`;
                await assert.rejects(
                    provider.create(inputs),
                    new RegExp(`${escaped(refusal)}.*${escaped(s.cliDelete)}`),
                );
                assert.deepStrictEqual(writes(mock.iot), []);
            });

            if (s.clientToken) {
                it("sends one idempotency token per create, the same on each of its retries", async () => {
                    on(commands.create).rejectsOnce(throttled()).resolves(answer);
                    await provider.create(inputs);
                    on(commands.create).resolves(answer);
                    await provider.create(inputs);
                    const tokens = callsOf(commands.create).map(
                        c =>
                            (c.args[0].input as { clientRequestToken?: string }).clientRequestToken,
                    );
                    assert.strictEqual(tokens.length, 3);
                    assert.ok(tokens[0], "the create sends a token");
                    assert.strictEqual(tokens[1], tokens[0], "its retry sends the same token");
                    assert.notStrictEqual(
                        tokens[2],
                        tokens[0],
                        "another create sends another token",
                    );
                });
            }

            it(`retries throttling, and gives up after ${RETRY.attempts} attempts`, async () => {
                on(commands.create).rejectsOnce(throttled()).resolves(answer);
                await provider.create(inputs);
                assert.strictEqual(callsOf(commands.create).length, 2);
                assert.strictEqual(mock.sleeps.length, 1);
                mock.iot.reset();
                on(commands.create).rejects(throttled());
                await assert.rejects(provider.create(inputs), (err: Error) => {
                    assert.strictEqual(
                        err.message,
                        `Create ${s.kind} ${name}: ThrottlingException: Rate exceeded (after ${RETRY.attempts} attempts)`,
                    );
                    return true;
                });
                assert.strictEqual(callsOf(commands.create).length, RETRY.attempts);
            });
        });

        describe("update", () => {
            it(s.update.title, async () => {
                on(commands.update).resolves(answer);
                const result = await provider.update!(name, state(), s.update.news);
                assert.deepStrictEqual(callCounts(mock.iot), { [commands.update.name]: 1 });
                assert.deepStrictEqual(input(mock.iot, commands.update as never), s.update.sent);
                assert.deepStrictEqual(result.outs, { ...s.update.news, ...s.ids });
            });

            it(`keeps the stored ${Object.keys(s.ids).join(" and ")} when Update answers without them`, async () => {
                on(commands.update).resolves({} as never);
                const result = await provider.update!(name, state(), s.update.news);
                assert.deepStrictEqual(result.outs, { ...s.update.news, ...s.ids });
            });

            it("changes only tags with tag calls, and makes no call when nothing changed", async () => {
                mock.iot.on(UntagResourceCommand).resolves({});
                mock.iot.on(TagResourceCommand).resolves({});
                const envProd = { Key: "env", Value: "prod" };
                const owner = { Key: "owner", Value: "sec" };
                for (const [tags, expected] of [
                    [OWNER_TAGS, { UntagResourceCommand: { resourceArn: arn, tagKeys: ["env"] } }],
                    [
                        [...OWNER_TAGS, envProd],
                        { TagResourceCommand: { resourceArn: arn, tags: [envProd] } },
                    ],
                    [
                        [...OWNER_TAGS, owner],
                        {
                            UntagResourceCommand: { resourceArn: arn, tagKeys: ["env"] },
                            TagResourceCommand: { resourceArn: arn, tags: [owner] },
                        },
                    ],
                ] as const) {
                    mock.iot.resetHistory();
                    const result = await provider.update!(name, state(), withInputs({ tags }));
                    const sent = Object.fromEntries(
                        mock.iot.calls().map(c => {
                            const command = c.args[0] as { input: object };
                            return [command.constructor.name, command.input];
                        }),
                    );
                    assert.deepStrictEqual(sent, expected);
                    assert.deepStrictEqual(result.outs, outs({ tags }));
                }
                mock.iot.resetHistory();
                await provider.update!(name, state(), inputs);
                assert.strictEqual(mock.iot.calls().length, 0);
            });
        });

        describe("read", () => {
            it(`maps the live ${noun} and tags back to the inputs, so drift shows`, async () => {
                on(commands.describe).resolves(s.described(s.drift.described) as never);
                mock.iot.on(ListTagsForResourceCommand).resolves({ tags: s.drift.tags });
                const result = await provider.read!(name, state());
                assert.deepStrictEqual(result, { id: name, props: s.drift.props });
                assert.strictEqual(
                    (await provider.diff!(name, result.props!, inputs)).changes,
                    true,
                );
            });

            it("reads no tags as an empty list where the state had tags (so their removal shows), and as none where it had none", async () => {
                on(commands.describe).resolves(s.described() as never);
                mock.iot.on(ListTagsForResourceCommand).resolves({ tags: [] });
                const read = await provider.read!(name, state());
                assert.deepStrictEqual(read.props!.tags, []);
                assert.strictEqual((await provider.diff!(name, read.props!, inputs)).changes, true);
                const untagged = await provider.read!(name, state({ tags: undefined }));
                assert.ok(!("tags" in untagged.props!), "no tags field");
            });

            it(`returns no id when the ${noun} is gone`, async () => {
                on(commands.describe).rejects(notFound());
                assert.deepStrictEqual(await provider.read!(name, state()), {});
            });
        });

        describe("delete", () => {
            it(`deletes the ${noun} in one call, and treats an already deleted ${noun} as deleted`, async () => {
                on(commands.delete).resolves({});
                await provider.delete!(name, state());
                assert.deepStrictEqual(input(mock.iot, commands.delete as never), s.deleted);
                assert.deepStrictEqual(callCounts(mock.iot), { [commands.delete.name]: 1 });
                mock.iot.reset();
                on(commands.delete).rejects(notFound());
                await provider.delete!(name, state());
            });

            it("fails on any other error", async () => {
                on(commands.delete).rejects(awsError("InvalidRequestException", s.deleteRefusal));
                await assert.rejects(provider.delete!(name, state()), (err: Error) => {
                    assert.strictEqual(
                        err.message,
                        `Delete ${s.kind} ${name}: InvalidRequestException: ${s.deleteRefusal}`,
                    );
                    return true;
                });
            });
        });

        describe("resource class", () => {
            it(`registers as ${s.type} under Pulumi mocks, with a provider that serializes and still works`, async () => {
                const { resource, recorded, rebuilt } = await registered<
                    { arn: pulumi.Output<string> },
                    object,
                    object
                >(s.type, s.register);
                assert.deepStrictEqual(await readOutput(resource.arn), { known: true, value: arn });
                assert.strictEqual(recorded.type, s.type);
                assert.deepStrictEqual(
                    (await rebuilt.check!(inputs, s.badInput.news)).failures!.map(f => f.property),
                    [s.badInput.property],
                );
                on(commands.delete).rejectsOnce(throttled()).rejects(notFound());
                await rebuilt.delete!(name, state());
                assert.strictEqual(callsOf(commands.delete).length, 2);
            });
        });
    });
}
