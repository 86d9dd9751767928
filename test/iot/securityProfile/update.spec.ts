/** SecurityProfile provider update: definition fields, version conflicts, targets and tags. */
import * as assert from "assert";
import {
    AttachSecurityProfileCommand,
    DescribeSecurityProfileCommand,
    DetachSecurityProfileCommand,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateSecurityProfileCommand,
} from "@aws-sdk/client-iot";
import { securityProfileProvider as provider } from "../../../components/iot/securityProfile";
import {
    awsError,
    callCounts,
    input,
    notFound,
    throttled,
    useIotMock,
    OWNER_TAGS,
} from "../support";
import {
    NAME,
    ARN,
    group,
    ALL_REGISTERED,
    messagesSent,
    sourceIp,
    inputs,
    state,
    withInputs,
    without,
    described,
    withAwsDefaults,
} from "./fixtures";

describe("SecurityProfile dynamic resource", () => {
    const mock = useIotMock();

    describe("update", () => {
        it("changes one behavior with exactly one UpdateSecurityProfile call, locked on the known version", async () => {
            const changed = [
                { ...messagesSent, criteria: { ...messagesSent.criteria, value: { count: 500 } } },
                sourceIp,
            ];
            mock.iot
                .on(UpdateSecurityProfileCommand)
                .resolves({ securityProfileArn: ARN, version: 4 });
            const result = await provider.update!(
                NAME,
                state(),
                withInputs({ behaviors: changed }),
            );
            assert.deepStrictEqual(callCounts(mock.iot), { UpdateSecurityProfileCommand: 1 });
            assert.deepStrictEqual(
                JSON.parse(JSON.stringify(input(mock.iot, UpdateSecurityProfileCommand))),
                { securityProfileName: NAME, expectedVersion: 3, behaviors: changed },
            );
            assert.deepStrictEqual(result.outs, {
                ...inputs,
                behaviors: changed,
                arn: ARN,
                version: 4,
            });
        });

        it("really removes fields cleared from the config, with the delete flags and never the field alongside", async () => {
            mock.iot.on(UpdateSecurityProfileCommand).resolves({ version: 4 });
            await provider.update!(
                NAME,
                state(),
                without(
                    "securityProfileDescription",
                    "behaviors",
                    "alertTargets",
                    "additionalMetricsToRetainV2",
                    "metricsExportConfig",
                ),
            );
            assert.deepStrictEqual(
                JSON.parse(JSON.stringify(input(mock.iot, UpdateSecurityProfileCommand))),
                {
                    securityProfileName: NAME,
                    expectedVersion: 3,
                    securityProfileDescription: "",
                    deleteBehaviors: true,
                    deleteAlertTargets: true,
                    deleteAdditionalMetricsToRetain: true,
                    deleteMetricsExportConfig: true,
                },
            );
        });

        it("treats an emptied behavior list as a removal", async () => {
            mock.iot.on(UpdateSecurityProfileCommand).resolves({ version: 4 });
            await provider.update!(NAME, state(), withInputs({ behaviors: [] }));
            const sent = input(mock.iot, UpdateSecurityProfileCommand);
            assert.strictEqual(sent.deleteBehaviors, true);
            assert.strictEqual(sent.behaviors, undefined);
        });

        it("attaches and detaches only the set difference of targets, without updating the profile", async () => {
            mock.iot.on(AttachSecurityProfileCommand).resolves({});
            mock.iot.on(DetachSecurityProfileCommand).resolves({});
            const result = await provider.update!(
                NAME,
                state(),
                withInputs({ targets: [ALL_REGISTERED, group("canary")] }),
            );
            assert.deepStrictEqual(callCounts(mock.iot), {
                DetachSecurityProfileCommand: 1,
                AttachSecurityProfileCommand: 1,
            });
            assert.deepStrictEqual(input(mock.iot, DetachSecurityProfileCommand), {
                securityProfileName: NAME,
                securityProfileTargetArn: group("fleet"),
            });
            assert.deepStrictEqual(input(mock.iot, AttachSecurityProfileCommand), {
                securityProfileName: NAME,
                securityProfileTargetArn: group("canary"),
            });
            assert.strictEqual(result.outs!.version, 3);
        });

        it("fails an update that only detaches targets from a profile deleted outside Pulumi, as any update of it fails", async () => {
            mock.iot.on(DetachSecurityProfileCommand).rejects(notFound("security profile"));
            mock.iot.on(DescribeSecurityProfileCommand).rejects(notFound("security profile"));
            await assert.rejects(
                provider.update!(NAME, state(), withInputs({ targets: [ALL_REGISTERED] })),
                /Detach security profile fleet-rules from .*thinggroup\/fleet: ResourceNotFoundException/,
            );
        });

        it("still succeeds when a target to detach is already detached (the profile exists)", async () => {
            mock.iot.on(DetachSecurityProfileCommand).rejects(notFound("target"));
            mock.iot.on(DescribeSecurityProfileCommand).resolves(described({ version: 3 }));
            const result = await provider.update!(
                NAME,
                state(),
                withInputs({ targets: [ALL_REGISTERED] }),
            );
            assert.deepStrictEqual(result.outs!.targets, [ALL_REGISTERED]);
            assert.deepStrictEqual(callCounts(mock.iot), {
                DetachSecurityProfileCommand: 1,
                DescribeSecurityProfileCommand: 1,
            });
        });

        it("tags and untags only what changed, and makes no tag call when only the order changed", async () => {
            mock.iot.on(TagResourceCommand).resolves({});
            mock.iot.on(UntagResourceCommand).resolves({});
            await provider.update!(
                NAME,
                state(),
                withInputs({
                    tags: [
                        ...OWNER_TAGS,
                        { Key: "env", Value: "prod" },
                        { Key: "owner", Value: "sec" },
                    ],
                }),
            );
            assert.deepStrictEqual(callCounts(mock.iot), {
                UntagResourceCommand: 1,
                TagResourceCommand: 1,
            });
            assert.deepStrictEqual(input(mock.iot, UntagResourceCommand), {
                resourceArn: ARN,
                tagKeys: ["team"],
            });
            assert.deepStrictEqual(input(mock.iot, TagResourceCommand), {
                resourceArn: ARN,
                tags: [
                    { Key: "env", Value: "prod" },
                    { Key: "owner", Value: "sec" },
                ],
            });
            mock.iot.resetHistory();
            await provider.update!(
                NAME,
                state(),
                withInputs({ tags: [...inputs.tags!].reverse() }),
            );
            assert.strictEqual(mock.iot.calls().length, 0);
        });

        it("explains a version conflict when the live profile is not the one wanted: changed outside Pulumi, run pulumi refresh", async () => {
            mock.iot
                .on(UpdateSecurityProfileCommand)
                .rejects(
                    awsError("VersionConflictException", "The version is not the latest", 409),
                );
            mock.iot
                .on(DescribeSecurityProfileCommand)
                .resolves(
                    described({ securityProfileDescription: "edited in console", version: 5 }),
                );
            await assert.rejects(
                provider.update!(NAME, state(), withInputs({ securityProfileDescription: "new" })),
                /Security profile fleet-rules was changed outside Pulumi \(its version is no longer 3 but 5, and it differs from this stack's definition in securityProfileDescription\)\. Run `pulumi refresh` to read its current state, then `pulumi up` again/,
            );
            assert.deepStrictEqual(callCounts(mock.iot), {
                UpdateSecurityProfileCommand: 1,
                DescribeSecurityProfileCommand: 1,
            });
        });

        it("still fails on a version conflict when the live definition is the old one (the version moved, the definition did not)", async () => {
            mock.iot
                .on(UpdateSecurityProfileCommand)
                .rejects(
                    awsError("VersionConflictException", "The version is not the latest", 409),
                );
            mock.iot.on(DescribeSecurityProfileCommand).resolves(described({ version: 4 }));
            await assert.rejects(
                provider.update!(NAME, state(), withInputs({ securityProfileDescription: "new" })),
                /changed outside Pulumi \(its version is no longer 3 but 4/,
            );
            assert.strictEqual(mock.iot.commandCalls(AttachSecurityProfileCommand).length, 0);
        });

        it("after an update applied but a later attach failed, the next update goes on from the live version (no second profile change)", async () => {
            const stricter = [
                { ...messagesSent, criteria: { ...messagesSent.criteria, value: { count: 50 } } },
                sourceIp,
            ];
            const news = withInputs({
                behaviors: stricter,
                targets: [...inputs.targets!, group("canary")],
            });
            mock.iot
                .on(UpdateSecurityProfileCommand)
                .resolvesOnce({ securityProfileArn: ARN, version: 4 })
                .rejects(
                    awsError("VersionConflictException", "The version is not the latest", 409),
                );
            mock.iot
                .on(AttachSecurityProfileCommand)
                .rejects(
                    awsError(
                        "LimitExceededException",
                        "A target may have at most 5 security profiles",
                        400,
                    ),
                );
            await assert.rejects(
                provider.update!(NAME, state(), news),
                /Attach security profile fleet-rules to .*canary: LimitExceededException/,
            );

            // Pulumi kept the old state (version 3); the user drops the canary group and runs again.
            mock.iot
                .on(DescribeSecurityProfileCommand)
                .resolves(described({ behaviors: stricter, version: 4 }));
            const fixed = withInputs({ behaviors: stricter });
            const result = await provider.update!(NAME, state(), fixed);
            assert.deepStrictEqual(result.outs, { ...fixed, arn: ARN, version: 4 });
            assert.deepStrictEqual(
                callCounts(mock.iot),
                {
                    UpdateSecurityProfileCommand: 2,
                    AttachSecurityProfileCommand: 1,
                    DescribeSecurityProfileCommand: 1,
                },
                "the second run: one update (a conflict) and one describe",
            );
            assert.strictEqual(input(mock.iot, UpdateSecurityProfileCommand, 1).expectedVersion, 3);
        });

        it("recognises its own update when a retried call (after a 5xx) meets the version the first attempt made", async () => {
            mock.iot
                .on(UpdateSecurityProfileCommand)
                .rejectsOnce(awsError("InternalFailureException", "Internal failure", 500))
                .rejects(
                    awsError("VersionConflictException", "The version is not the latest", 409),
                );
            mock.iot.on(DescribeSecurityProfileCommand).resolves(
                described({
                    securityProfileDescription: "new",
                    behaviors: withAwsDefaults,
                    version: 4,
                }),
            );
            mock.iot.on(TagResourceCommand).resolves({});
            const news = withInputs({
                securityProfileDescription: "new",
                tags: [...inputs.tags!, { Key: "owner", Value: "sec" }],
            });
            const result = await provider.update!(NAME, state(), news);
            assert.strictEqual(result.outs!.version, 4);
            assert.deepStrictEqual(
                mock.iot
                    .commandCalls(UpdateSecurityProfileCommand)
                    .map(c => c.args[0].input.expectedVersion),
                [3, 3],
            );
            assert.deepStrictEqual(callCounts(mock.iot), {
                UpdateSecurityProfileCommand: 2,
                DescribeSecurityProfileCommand: 1,
                TagResourceCommand: 1,
            });
            assert.strictEqual(mock.sleeps.length, 1, "one backoff wait before the retry");
        });

        it("sends behaviors as written, without the defaults it compares with", async () => {
            mock.iot
                .on(UpdateSecurityProfileCommand)
                .resolves({ securityProfileArn: ARN, version: 4 });
            const changed = [
                { ...messagesSent, criteria: { ...messagesSent.criteria, value: { count: 500 } } },
                { ...sourceIp, suppressAlerts: false },
            ];
            await provider.update!(
                NAME,
                state({ behaviors: withAwsDefaults }),
                withInputs({ behaviors: changed }),
            );
            assert.deepStrictEqual(
                JSON.parse(JSON.stringify(input(mock.iot, UpdateSecurityProfileCommand).behaviors)),
                changed,
            );
        });

        it("retries a throttled update and keeps the optimistic lock on every attempt", async () => {
            mock.iot
                .on(UpdateSecurityProfileCommand)
                .rejectsOnce(throttled())
                .resolves({ version: 4 });
            const result = await provider.update!(
                NAME,
                state(),
                withInputs({ securityProfileDescription: "new" }),
            );
            assert.deepStrictEqual(
                mock.iot
                    .commandCalls(UpdateSecurityProfileCommand)
                    .map(c => c.args[0].input.expectedVersion),
                [3, 3],
            );
            assert.strictEqual(result.outs!.version, 4);
        });

        it("makes no AWS call when nothing changed", async () => {
            await provider.update!(NAME, state(), inputs);
            assert.strictEqual(mock.iot.calls().length, 0);
        });
    });
});
