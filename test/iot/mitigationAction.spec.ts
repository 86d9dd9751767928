import * as assert from "assert";
import {
    CreateMitigationActionCommand,
    DeleteMitigationActionCommand,
    DescribeMitigationActionCommand,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateMitigationActionCommand,
} from "@aws-sdk/client-iot";
import { DYNAMIC_TYPES } from "../../components/facts";
import { UNKNOWN } from "../../components/iot/inputs";
import { RETRY } from "../../components/aws/calls";
import {
    MitigationAction,
    MitigationActionInputs,
    MitigationActionOutputs,
    mitigationActionProvider as provider,
} from "../../components/iot/mitigationAction";
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
import {
    REGION,
    ACCOUNT,
    NAME,
    ARN,
    ROLE,
    quarantine,
    inputs,
    state,
    withInputs,
    described,
} from "./mitigationActions";

describe("MitigationAction dynamic resource", () => {
    const mock = useIotMock();

    describe("diff", () => {
        it("reports no change when nothing changed (ignoring __provider and tag order), with no AWS call", async () => {
            assert.strictEqual(
                (await provider.diff!(NAME, state({ __provider: "other" } as never), inputs))
                    .changes,
                false,
            );
            assert.strictEqual(mock.iot.calls().length, 0);
        });

        it("updates the role, the parameters (even their type) and tags in place", async () => {
            for (const news of [
                withInputs({ roleArn: `${ROLE}-2` }),
                withInputs({
                    actionParams: {
                        publishFindingToSnsParams: {
                            topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t`,
                        },
                    },
                }),
                withInputs({ tags: [] }),
            ]) {
                const result = await provider.diff!(NAME, state(), news);
                assert.deepStrictEqual([result.changes, result.replaces], [true, []]);
            }
        });

        it("replaces the action, deleting it first, when its name or region changes", async () => {
            assert.deepStrictEqual(
                await provider.diff!(NAME, state(), withInputs({ actionName: "other" })),
                { changes: true, replaces: ["actionName"], deleteBeforeReplace: true },
            );
            assert.deepStrictEqual(
                await provider.diff!(NAME, state(), withInputs({ region: "us-east-1" })),
                { changes: true, replaces: ["region"], deleteBeforeReplace: true },
            );
        });

        it("counts unknown values as changes", async () => {
            assert.strictEqual(
                (await provider.diff!(NAME, state(), withInputs({ roleArn: UNKNOWN }))).changes,
                true,
            );
        });
    });

    describe("create", () => {
        it("creates the action with role, parameters and tags in one call, returning its ARN and id", async () => {
            mock.iot
                .on(CreateMitigationActionCommand)
                .resolves({ actionArn: ARN, actionId: "id-1" });
            const result = await provider.create({
                ...inputs,
                __provider: "serialized",
            } as MitigationActionInputs);
            assert.deepStrictEqual(input(mock.iot, CreateMitigationActionCommand), {
                actionName: NAME,
                roleArn: ROLE,
                actionParams: quarantine,
                tags: inputs.tags,
            });
            assert.deepStrictEqual(callCounts(mock.iot), { CreateMitigationActionCommand: 1 });
            assert.deepStrictEqual(result, {
                id: NAME,
                outs: { ...inputs, arn: ARN, actionId: "id-1" },
            });
        });

        it("adopts an identical existing action and brings its tags in line", async () => {
            mock.iot.on(CreateMitigationActionCommand).rejects(alreadyExists());
            mock.iot.on(DescribeMitigationActionCommand).resolves(described());
            mock.iot
                .on(ListTagsForResourceCommand)
                .resolves({ tags: [...OWNER_TAGS, { Key: "stale", Value: "x" }] });
            mock.iot.on(UntagResourceCommand).resolves({});
            mock.iot.on(TagResourceCommand).resolves({});
            const result = await provider.create(inputs);
            assert.deepStrictEqual(input(mock.iot, UntagResourceCommand), {
                resourceArn: ARN,
                tagKeys: ["stale"],
            });
            assert.deepStrictEqual(input(mock.iot, TagResourceCommand), {
                resourceArn: ARN,
                tags: [{ Key: "env", Value: "test" }],
            });
            assert.deepStrictEqual(result.outs, { ...inputs, arn: ARN, actionId: "id-1" });
        });

        for (const [whose, tags] of Object.entries(FOREIGN_TAGS)) {
            it(`refuses an identical action ${whose}, changing nothing, and says the way out`, async () => {
                mock.iot.on(CreateMitigationActionCommand).rejects(alreadyExists());
                mock.iot.on(DescribeMitigationActionCommand).resolves(described());
                mock.iot.on(ListTagsForResourceCommand).resolves({ tags });
                await assert.rejects(provider.create(inputs), (err: Error) => {
                    assert.match(
                        err.message,
                        /fleet-quarantine already exists in eu-west-1 and is not this stack's/,
                    );
                    assert.match(
                        err.message,
                        /aws iot delete-mitigation-action --action-name fleet-quarantine --region eu-west-1/,
                    );
                    return true;
                });
                assert.deepStrictEqual(writes(mock.iot), []);
            });
        }

        it("refuses an existing action with a different definition, saying how to resolve it", async () => {
            mock.iot.on(CreateMitigationActionCommand).rejects(alreadyExists());
            mock.iot
                .on(DescribeMitigationActionCommand)
                .resolves(described({ roleArn: `${ROLE}-other` }));
            await assert.rejects(
                provider.create(inputs),
                /fleet-quarantine already exists in eu-west-1 with a different definition \(roleArn\).*aws iot delete-mitigation-action --action-name fleet-quarantine/,
            );
        });

        it(`retries throttling, and gives up after ${RETRY.attempts} attempts`, async () => {
            mock.iot
                .on(CreateMitigationActionCommand)
                .rejectsOnce(throttled())
                .resolves({ actionArn: ARN, actionId: "id-1" });
            await provider.create(inputs);
            assert.strictEqual(mock.iot.commandCalls(CreateMitigationActionCommand).length, 2);
            mock.iot.reset();
            mock.iot.on(CreateMitigationActionCommand).rejects(throttled());
            await assert.rejects(
                provider.create(inputs),
                /Create mitigation action fleet-quarantine: ThrottlingException: Rate exceeded \(after 6 attempts\)/,
            );
            assert.strictEqual(
                mock.iot.commandCalls(CreateMitigationActionCommand).length,
                RETRY.attempts,
            );
        });
    });

    describe("update", () => {
        it("sends only the changed parameters, keeping the action in place even when the block type changes", async () => {
            const sns = {
                publishFindingToSnsParams: {
                    topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:findings`,
                },
            };
            mock.iot
                .on(UpdateMitigationActionCommand)
                .resolves({ actionArn: ARN, actionId: "id-1" });
            const result = await provider.update!(NAME, state(), withInputs({ actionParams: sns }));
            assert.deepStrictEqual(callCounts(mock.iot), { UpdateMitigationActionCommand: 1 });
            assert.deepStrictEqual(
                JSON.parse(JSON.stringify(input(mock.iot, UpdateMitigationActionCommand))),
                { actionName: NAME, actionParams: sns },
            );
            assert.deepStrictEqual(result.outs, {
                ...inputs,
                actionParams: sns,
                arn: ARN,
                actionId: "id-1",
            });
        });

        it("changes only tags with tag calls, and makes no call when nothing changed", async () => {
            mock.iot.on(TagResourceCommand).resolves({});
            mock.iot.on(UntagResourceCommand).resolves({});
            await provider.update!(
                NAME,
                state(),
                withInputs({ tags: [{ Key: "owner", Value: "sec" }] }),
            );
            assert.deepStrictEqual(callCounts(mock.iot), {
                UntagResourceCommand: 1,
                TagResourceCommand: 1,
            });
            mock.iot.resetHistory();
            await provider.update!(NAME, state(), inputs);
            assert.strictEqual(mock.iot.calls().length, 0);
        });
    });

    describe("read", () => {
        it("maps the live action and tags back to the inputs, so drift shows", async () => {
            mock.iot
                .on(DescribeMitigationActionCommand)
                .resolves(described({ roleArn: `${ROLE}-console` }));
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            const result = await provider.read!(NAME, state());
            assert.deepStrictEqual(result, {
                id: NAME,
                props: { ...inputs, roleArn: `${ROLE}-console`, arn: ARN, actionId: "id-1" },
            });
            assert.strictEqual((await provider.diff!(NAME, result.props!, inputs)).changes, true);
        });

        it("returns no id when the action is gone", async () => {
            mock.iot.on(DescribeMitigationActionCommand).rejects(notFound());
            assert.deepStrictEqual(await provider.read!(NAME, state()), {});
        });
    });

    describe("delete", () => {
        it("deletes the action in one call, and treats an already deleted action as deleted", async () => {
            mock.iot.on(DeleteMitigationActionCommand).resolves({});
            await provider.delete!(NAME, state());
            assert.deepStrictEqual(input(mock.iot, DeleteMitigationActionCommand), {
                actionName: NAME,
            });
            assert.deepStrictEqual(callCounts(mock.iot), { DeleteMitigationActionCommand: 1 });
            mock.iot.reset();
            mock.iot.on(DeleteMitigationActionCommand).rejects(notFound());
            await provider.delete!(NAME, state());
        });

        it("fails on any other error", async () => {
            mock.iot
                .on(DeleteMitigationActionCommand)
                .rejects(awsError("InvalidRequestException", "in use by a task"));
            await assert.rejects(
                provider.delete!(NAME, state()),
                /Delete mitigation action fleet-quarantine: InvalidRequestException: in use by a task/,
            );
        });
    });

    describe("resource class", () => {
        it(`registers as ${DYNAMIC_TYPES.MitigationAction} under Pulumi mocks, with a provider that serializes and still works`, async () => {
            const {
                resource: action,
                recorded,
                rebuilt,
            } = await registered<MitigationAction, MitigationActionInputs, MitigationActionOutputs>(
                MitigationAction.__pulumiType,
                () => new MitigationAction("quarantine", inputs),
            );
            assert.deepStrictEqual(await readOutput(action.arn), { known: true, value: ARN });
            assert.strictEqual(recorded.type, DYNAMIC_TYPES.MitigationAction);
            assert.deepStrictEqual(
                (await rebuilt.check!(inputs, withInputs({ actionParams: {} }))).failures!.map(
                    f => f.property,
                ),
                ["actionParams"],
            );
            mock.iot.on(DeleteMitigationActionCommand).rejectsOnce(throttled()).rejects(notFound());
            await rebuilt.delete!(NAME, state());
            assert.strictEqual(mock.iot.commandCalls(DeleteMitigationActionCommand).length, 2);
        });
    });
});
