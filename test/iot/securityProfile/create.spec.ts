/** SecurityProfile provider create, and adoption of a profile that is provably the stack's own. */
import * as assert from "assert";
import {
    AttachSecurityProfileCommand,
    CreateSecurityProfileCommand,
    DescribeSecurityProfileCommand,
    DetachSecurityProfileCommand,
    ListTagsForResourceCommand,
    ListTargetsForSecurityProfileCommand,
    TagResourceCommand,
} from "@aws-sdk/client-iot";
import { RETRY } from "../../../components/aws/calls";
import {
    SecurityProfileInputs,
    securityProfileProvider as provider,
} from "../../../components/iot/securityProfile";
import {
    alreadyExists,
    awsError,
    callCounts,
    input,
    throttled,
    useIotMock,
    OWNER_TAGS,
    FOREIGN_TAGS,
    writes,
} from "../support";
import {
    REGION,
    NAME,
    ARN,
    group,
    ALL_REGISTERED,
    sourceIp,
    inputs,
    withInputs,
    described,
    withAwsDefaults,
    asBuilt,
} from "./fixtures";

describe("SecurityProfile dynamic resource", () => {
    const mock = useIotMock();

    describe("create", () => {
        it("creates the profile with every field, attaches each target, and reads the version: 1 create + 1 attach per target + 1 describe", async () => {
            mock.iot
                .on(CreateSecurityProfileCommand)
                .resolves({ securityProfileName: NAME, securityProfileArn: ARN });
            mock.iot.on(AttachSecurityProfileCommand).resolves({});
            mock.iot.on(DescribeSecurityProfileCommand).resolves(described({ version: 1 }));
            const result = await provider.create({
                ...inputs,
                __provider: "serialized",
            } as SecurityProfileInputs);

            assert.deepStrictEqual(input(mock.iot, CreateSecurityProfileCommand), {
                securityProfileName: NAME,
                securityProfileDescription: inputs.securityProfileDescription,
                behaviors: inputs.behaviors,
                alertTargets: inputs.alertTargets,
                additionalMetricsToRetainV2: inputs.additionalMetricsToRetainV2,
                metricsExportConfig: inputs.metricsExportConfig,
                tags: inputs.tags,
            });
            assert.deepStrictEqual(
                mock.iot.commandCalls(AttachSecurityProfileCommand).map(c => c.args[0].input),
                inputs.targets!.map(t => ({
                    securityProfileName: NAME,
                    securityProfileTargetArn: t,
                })),
            );
            assert.deepStrictEqual(callCounts(mock.iot), {
                CreateSecurityProfileCommand: 1,
                AttachSecurityProfileCommand: 2,
                DescribeSecurityProfileCommand: 1,
            });
            assert.strictEqual(result.id, NAME);
            assert.deepStrictEqual(result.outs, { ...inputs, arn: ARN, version: 1 });
        });

        it("sends no empty or absent fields for a minimal profile", async () => {
            mock.iot.on(CreateSecurityProfileCommand).resolves({ securityProfileArn: ARN });
            mock.iot.on(DescribeSecurityProfileCommand).resolves(described({ version: 1 }));
            await provider.create({
                region: REGION,
                securityProfileName: NAME,
                behaviors: [],
                tags: [],
            });
            assert.deepStrictEqual(
                JSON.parse(JSON.stringify(input(mock.iot, CreateSecurityProfileCommand))),
                { securityProfileName: NAME },
            );
            assert.deepStrictEqual(callCounts(mock.iot), {
                CreateSecurityProfileCommand: 1,
                DescribeSecurityProfileCommand: 1,
            });
        });

        it("adopts an existing profile with the same definition, attaching only the missing targets and fixing tags", async () => {
            mock.iot.on(CreateSecurityProfileCommand).rejects(alreadyExists("security profile"));
            mock.iot.on(DescribeSecurityProfileCommand).resolves(described({ version: 2 }));
            mock.iot
                .on(ListTargetsForSecurityProfileCommand)
                .resolves({ securityProfileTargets: [{ arn: group("fleet") }] });
            mock.iot
                .on(ListTagsForResourceCommand)
                .resolves({ tags: [...OWNER_TAGS, { Key: "env", Value: "test" }] });
            mock.iot.on(AttachSecurityProfileCommand).resolves({});
            mock.iot.on(TagResourceCommand).resolves({});
            const result = await provider.create(inputs);
            assert.strictEqual(mock.iot.commandCalls(DetachSecurityProfileCommand).length, 0);
            assert.deepStrictEqual(
                mock.iot
                    .commandCalls(AttachSecurityProfileCommand)
                    .map(c => c.args[0].input.securityProfileTargetArn),
                [ALL_REGISTERED],
            );
            assert.deepStrictEqual(input(mock.iot, TagResourceCommand), {
                resourceArn: ARN,
                tags: [{ Key: "team", Value: "iot" }],
            });
            assert.deepStrictEqual(result.outs, { ...inputs, arn: ARN, version: 2 });
        });

        it("adopts an existing profile whose behaviors differ only by AWS's filled-in defaults", async () => {
            mock.iot.on(CreateSecurityProfileCommand).rejects(alreadyExists("security profile"));
            mock.iot
                .on(DescribeSecurityProfileCommand)
                .resolves(described({ behaviors: withAwsDefaults, version: 2 }));
            mock.iot
                .on(ListTargetsForSecurityProfileCommand)
                .resolves({ securityProfileTargets: inputs.targets!.map(arn => ({ arn })) });
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            const news = withInputs({ behaviors: asBuilt });
            const result = await provider.create(news);
            assert.deepStrictEqual(result.outs, { ...news, arn: ARN, version: 2 });
            assert.deepStrictEqual(callCounts(mock.iot), {
                CreateSecurityProfileCommand: 1,
                DescribeSecurityProfileCommand: 1,
                ListTargetsForSecurityProfileCommand: 1,
                ListTagsForResourceCommand: 1,
            });
        });

        it("adopting, detaches targets the inputs do not list, as update does", async () => {
            mock.iot.on(CreateSecurityProfileCommand).rejects(alreadyExists("security profile"));
            mock.iot.on(DescribeSecurityProfileCommand).resolves(described({ version: 2 }));
            mock.iot.on(ListTargetsForSecurityProfileCommand).resolves({
                securityProfileTargets: [
                    { arn: group("fleet") },
                    { arn: group("old-canary") },
                    { arn: ALL_REGISTERED },
                ],
            });
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            mock.iot.on(DetachSecurityProfileCommand).resolves({});
            const result = await provider.create(inputs);
            assert.deepStrictEqual(
                mock.iot.commandCalls(DetachSecurityProfileCommand).map(c => c.args[0].input),
                [{ securityProfileName: NAME, securityProfileTargetArn: group("old-canary") }],
            );
            assert.strictEqual(mock.iot.commandCalls(AttachSecurityProfileCommand).length, 0);
            assert.deepStrictEqual(result.outs!.targets, inputs.targets);
        });

        for (const [whose, tags] of Object.entries(FOREIGN_TAGS)) {
            it(`refuses an identical profile ${whose}: no target detached or attached, no tag changed`, async () => {
                mock.iot
                    .on(CreateSecurityProfileCommand)
                    .rejects(alreadyExists("security profile"));
                mock.iot.on(DescribeSecurityProfileCommand).resolves(described({ version: 2 }));
                mock.iot.on(ListTargetsForSecurityProfileCommand).resolves({
                    securityProfileTargets: [{ arn: group("their-fleet") }],
                });
                mock.iot.on(ListTagsForResourceCommand).resolves({ tags });
                await assert.rejects(provider.create(inputs), (err: Error) => {
                    assert.match(
                        err.message,
                        /fleet-rules already exists in eu-west-1 and is not this stack's/,
                    );
                    assert.match(err.message, /destroying this stack would delete it/);
                    assert.match(
                        err.message,
                        /aws iot delete-security-profile --security-profile-name fleet-rules --region eu-west-1/,
                    );
                    return true;
                });
                assert.deepStrictEqual(writes(mock.iot), []);
            });
        }

        it("adopts nothing when the tags it is given carry no Project and Stack", async () => {
            mock.iot.on(CreateSecurityProfileCommand).rejects(alreadyExists("security profile"));
            mock.iot.on(DescribeSecurityProfileCommand).resolves(described({ version: 2 }));
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: [] });
            await assert.rejects(
                provider.create(withInputs({ tags: [] })),
                /tags this stack gives it have no Project or Stack tag/,
            );
            assert.deepStrictEqual(writes(mock.iot), []);
        });

        it("refuses another's profile with a different definition as not this stack's, changing nothing", async () => {
            mock.iot.on(CreateSecurityProfileCommand).rejects(alreadyExists("security profile"));
            mock.iot
                .on(DescribeSecurityProfileCommand)
                .resolves(described({ behaviors: [sourceIp] }));
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: [] });
            await assert.rejects(provider.create(inputs), (err: Error) => {
                assert.match(
                    err.message,
                    /fleet-rules already exists in eu-west-1 and is not this stack's/,
                );
                assert.doesNotMatch(err.message, /different definition/);
                return true;
            });
            assert.deepStrictEqual(writes(mock.iot), []);
        });

        it("refuses an existing profile of this stack's with a different definition, saying how to resolve it", async () => {
            mock.iot.on(CreateSecurityProfileCommand).rejects(alreadyExists("security profile"));
            mock.iot
                .on(DescribeSecurityProfileCommand)
                .resolves(described({ behaviors: [sourceIp] }));
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            await assert.rejects(provider.create(inputs), (err: Error) => {
                assert.match(
                    err.message,
                    /fleet-rules already exists in eu-west-1 with a different definition \(behaviors\)/,
                );
                assert.match(
                    err.message,
                    /aws iot delete-security-profile --security-profile-name fleet-rules/,
                );
                assert.match(err.message, /another name in the stack config/);
                return true;
            });
            assert.strictEqual(mock.iot.commandCalls(AttachSecurityProfileCommand).length, 0);
        });

        it("retries a throttled create after a backoff wait, then succeeds", async () => {
            mock.iot
                .on(CreateSecurityProfileCommand)
                .rejectsOnce(throttled())
                .resolves({ securityProfileArn: ARN });
            mock.iot.on(AttachSecurityProfileCommand).resolves({});
            mock.iot.on(DescribeSecurityProfileCommand).resolves(described());
            await provider.create(inputs);
            assert.strictEqual(mock.iot.commandCalls(CreateSecurityProfileCommand).length, 2);
            assert.strictEqual(mock.sleeps.length, 1);
        });

        it(`gives up after ${RETRY.attempts} throttled attempts, naming the call and the profile`, async () => {
            mock.iot.on(CreateSecurityProfileCommand).rejects(throttled());
            await assert.rejects(
                provider.create(inputs),
                /^ThrottlingException: Create security profile fleet-rules: ThrottlingException: Rate exceeded \(after 6 attempts\)$/,
            );
            assert.strictEqual(
                mock.iot.commandCalls(CreateSecurityProfileCommand).length,
                RETRY.attempts,
            );
            assert.strictEqual(mock.sleeps.length, RETRY.attempts - 1);
        });

        it("surfaces a permanent AWS error at once, with its name and message", async () => {
            mock.iot
                .on(CreateSecurityProfileCommand)
                .rejects(awsError("InvalidRequestException", "Behavior metric is invalid"));
            await assert.rejects(provider.create(inputs), {
                name: "InvalidRequestException",
                message:
                    "Create security profile fleet-rules: InvalidRequestException: Behavior metric is invalid",
            });
            assert.strictEqual(mock.iot.calls().length, 1);
        });
    });
});
