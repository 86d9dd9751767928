/** SecurityProfile provider read and delete, and the resource class. */
import * as assert from "assert";
import {
    DeleteSecurityProfileCommand,
    DescribeSecurityProfileCommand,
    ListTagsForResourceCommand,
    ListTargetsForSecurityProfileCommand,
} from "@aws-sdk/client-iot";
import { DYNAMIC_TYPES } from "../../../components/facts";
import {
    SecurityProfile,
    SecurityProfileInputs,
    SecurityProfileOutputs,
    securityProfileProvider as provider,
} from "../../../components/iot/securityProfile";
import { readOutput } from "../../harness";
import { awsError, callCounts, input, notFound, registered, useIotMock } from "../support";
import {
    NAME,
    ARN,
    group,
    ALL_REGISTERED,
    sourceIp,
    inputs,
    state,
    withInputs,
    described,
    withAwsDefaults,
} from "./fixtures";

describe("SecurityProfile dynamic resource", () => {
    const mock = useIotMock();

    describe("read", () => {
        it("maps the live profile, every page of targets and the tags back to the inputs, so drift shows", async () => {
            mock.iot.on(DescribeSecurityProfileCommand).resolves(
                described({
                    behaviors: [sourceIp],
                    securityProfileDescription: "edited in console",
                    version: 7,
                }),
            );
            mock.iot
                .on(ListTargetsForSecurityProfileCommand)
                .resolvesOnce({
                    securityProfileTargets: [{ arn: group("extra") }, { arn: ALL_REGISTERED }],
                    nextToken: "page-2",
                })
                .resolves({ securityProfileTargets: [{ arn: group("fleet") }] });
            mock.iot.on(ListTagsForResourceCommand).resolves({
                tags: [
                    { Key: "team", Value: "iot" },
                    { Key: "env", Value: "changed" },
                ],
            });
            const result = await provider.read!(NAME, state());
            assert.strictEqual(result.id, NAME);
            assert.deepStrictEqual(result.props, {
                ...inputs,
                securityProfileDescription: "edited in console",
                behaviors: [sourceIp],
                targets: [group("fleet"), ALL_REGISTERED, group("extra")],
                tags: [
                    { Key: "env", Value: "changed" },
                    { Key: "team", Value: "iot" },
                ],
                arn: ARN,
                version: 7,
            });
            assert.strictEqual(
                input(mock.iot, ListTargetsForSecurityProfileCommand, 1).nextToken,
                "page-2",
            );
            assert.deepStrictEqual(callCounts(mock.iot), {
                DescribeSecurityProfileCommand: 1,
                ListTargetsForSecurityProfileCommand: 2,
                ListTagsForResourceCommand: 1,
            });
            const drift = await provider.diff!(NAME, result.props!, inputs);
            assert.strictEqual(drift.changes, true);
        });

        it("keeps the stored behaviors when the live ones differ only by AWS's filled-in defaults, so refresh shows no drift", async () => {
            mock.iot
                .on(DescribeSecurityProfileCommand)
                .resolves(described({ behaviors: withAwsDefaults, version: 3 }));
            mock.iot
                .on(ListTargetsForSecurityProfileCommand)
                .resolves({ securityProfileTargets: inputs.targets!.map(arn => ({ arn })) });
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: inputs.tags });
            const result = await provider.read!(NAME, state());
            assert.deepStrictEqual(result.props, { ...inputs, arn: ARN, version: 3 });
            assert.strictEqual((await provider.diff!(NAME, result.props!, inputs)).changes, false);
        });

        it("reports fields removed on AWS as absent", async () => {
            mock.iot
                .on(DescribeSecurityProfileCommand)
                .resolves(described({ alertTargets: undefined, metricsExportConfig: undefined }));
            mock.iot
                .on(ListTargetsForSecurityProfileCommand)
                .resolves({ securityProfileTargets: [] });
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: [] });
            const props = (await provider.read!(NAME, state())).props!;
            assert.strictEqual(props.alertTargets, undefined);
            assert.strictEqual(props.metricsExportConfig, undefined);
            assert.strictEqual(props.targets, undefined);
            assert.strictEqual(props.tags, undefined);
        });

        it("returns no id when the profile is gone, so refresh drops it from state", async () => {
            mock.iot.on(DescribeSecurityProfileCommand).rejects(notFound("security profile"));
            assert.deepStrictEqual(await provider.read!(NAME, state()), {});
        });
    });

    describe("delete", () => {
        it("deletes the profile by name alone, without detaching targets or a version lock: one call", async () => {
            mock.iot.on(DeleteSecurityProfileCommand).resolves({});
            await provider.delete!(NAME, state());
            assert.deepStrictEqual(callCounts(mock.iot), { DeleteSecurityProfileCommand: 1 });
            assert.deepStrictEqual(input(mock.iot, DeleteSecurityProfileCommand), {
                securityProfileName: NAME,
            });
        });

        it("treats an already deleted profile as deleted", async () => {
            mock.iot.on(DeleteSecurityProfileCommand).rejects(notFound("security profile"));
            await provider.delete!(NAME, state());
        });

        it("fails on any other error", async () => {
            mock.iot
                .on(DeleteSecurityProfileCommand)
                .rejects(awsError("InvalidRequestException", "nope"));
            await assert.rejects(
                provider.delete!(NAME, state()),
                /Delete security profile fleet-rules: InvalidRequestException: nope/,
            );
        });
    });

    describe("resource class", () => {
        it(`registers as ${DYNAMIC_TYPES.SecurityProfile} under Pulumi mocks, with a provider that serializes and still works`, async () => {
            const {
                resource: profile,
                recorded,
                rebuilt,
            } = await registered<SecurityProfile, SecurityProfileInputs, SecurityProfileOutputs>(
                SecurityProfile.__pulumiType,
                () => new SecurityProfile("rules", inputs),
            );
            assert.deepStrictEqual(await readOutput(profile.arn), { known: true, value: ARN });
            assert.deepStrictEqual(await readOutput(profile.targets), {
                known: true,
                value: inputs.targets,
            });
            assert.strictEqual(recorded.type, DYNAMIC_TYPES.SecurityProfile);
            assert.strictEqual(recorded.inputs.securityProfileName, NAME);

            const checked = await rebuilt.check!(
                inputs,
                withInputs({ securityProfileName: "bad name" }),
            );
            assert.deepStrictEqual(
                checked.failures!.map(f => f.property),
                ["securityProfileName"],
            );
            mock.iot.on(DeleteSecurityProfileCommand).rejects(notFound());
            await rebuilt.delete!(NAME, state());
            assert.strictEqual(mock.iot.commandCalls(DeleteSecurityProfileCommand).length, 1);
        });
    });
});
