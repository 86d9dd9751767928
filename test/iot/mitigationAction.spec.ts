/**
 * What the mitigation action does of its own: its provider check (its name, region and role, and
 * its one parameter block, components/iot/mitigationParams.ts), and a read that tells it from an
 * action of the same name made since (its actionId). What it shares with the other
 * named resources: test/iot/namedResource.spec.ts.
 */
import * as assert from "assert";
import { DescribeMitigationActionCommand, ListTagsForResourceCommand } from "@aws-sdk/client-iot";
import { UNKNOWN } from "../../components/iot/inputs";
import { mitigationActionProvider as provider } from "../../components/iot/mitigationAction";
import { checking, TEST_ACCOUNT, TEST_REGION, useIotMock } from "./support";
import { ROLE, described, quarantine, inputs, state, withInputs } from "./mitigationActions";

const { failuresOf, assertFailure } = checking(provider, inputs);

describe("MitigationAction dynamic resource", () => {
    const mock = useIotMock();

    describe("read", () => {
        it("reads an action of its name with another actionId (deleted and made again since) as gone, not as the stack's", async () => {
            mock.iot
                .on(DescribeMitigationActionCommand)
                .resolves(described({ actionId: "id-2" }) as never);
            mock.iot.on(ListTagsForResourceCommand).resolves({ tags: [] });
            assert.deepStrictEqual(await provider.read!(inputs.actionName, state()), {});
            // The same actionId is the same action.
            mock.iot.on(DescribeMitigationActionCommand).resolves(described() as never);
            assert.strictEqual(
                (await provider.read!(inputs.actionName, state())).id,
                inputs.actionName,
            );
        });
    });

    describe("check", () => {
        it("accepts every kind of parameter block", async () => {
            for (const actionParams of [
                quarantine,
                { updateDeviceCertificateParams: { action: "DEACTIVATE" } },
                { updateCACertificateParams: { action: "DEACTIVATE" } },
                { replaceDefaultPolicyVersionParams: { templateName: "BLANK_POLICY" } },
                { enableIoTLoggingParams: { roleArnForLogging: ROLE, logLevel: "ERROR" } },
                {
                    publishFindingToSnsParams: {
                        topicArn: `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:findings`,
                    },
                },
            ])
                assert.deepStrictEqual(
                    await failuresOf(withInputs({ actionParams: actionParams as never })),
                    [],
                    JSON.stringify(actionParams),
                );
        });

        it("names the action name, region and role when they break the API rules", async () => {
            await assertFailure(
                withInputs({ actionName: "has:colon" }),
                "actionName",
                /a-zA-Z0-9_-/,
            );
            await assertFailure(withInputs({ region: "" }), "region");
            await assertFailure(withInputs({ roleArn: "short" }), "roleArn", /20-2048/);
        });

        it("requires exactly one known parameter block", async () => {
            await assertFailure(withInputs({ actionParams: {} }), "actionParams", /exactly one/);
            await assertFailure(
                withInputs({
                    actionParams: {
                        ...quarantine,
                        updateDeviceCertificateParams: { action: "DEACTIVATE" },
                    },
                }),
                "actionParams",
                /got 2/,
            );
            await assertFailure(
                withInputs({ actionParams: { rebootDeviceParams: {} } as never }),
                "actionParams",
                /unknown blocks rebootDeviceParams/,
            );
        });

        it("checks the fields of each block against the API's enums and limits", async () => {
            await assertFailure(
                withInputs({
                    actionParams: { updateDeviceCertificateParams: { action: "REVOKE" as never } },
                }),
                "actionParams.updateDeviceCertificateParams.action",
                /DEACTIVATE/,
            );
            await assertFailure(
                withInputs({
                    actionParams: {
                        replaceDefaultPolicyVersionParams: { templateName: "EMPTY" as never },
                    },
                }),
                "actionParams.replaceDefaultPolicyVersionParams.templateName",
                /BLANK_POLICY/,
            );
            await assertFailure(
                withInputs({
                    actionParams: {
                        enableIoTLoggingParams: { roleArnForLogging: ROLE, logLevel: "DISABLED" },
                    },
                }),
                "actionParams.enableIoTLoggingParams.logLevel",
                /DEBUG, INFO, ERROR, WARN/,
            );
            await assertFailure(
                withInputs({
                    actionParams: { addThingsToThingGroupParams: { thingGroupNames: [] } },
                }),
                "actionParams.addThingsToThingGroupParams.thingGroupNames",
                /1 to 10/,
            );
            await assertFailure(
                withInputs({
                    actionParams: {
                        addThingsToThingGroupParams: {
                            thingGroupNames: Array.from({ length: 11 }, (_, i) => `g${i}`),
                        },
                    },
                }),
                "actionParams.addThingsToThingGroupParams.thingGroupNames",
            );
            await assertFailure(
                withInputs({
                    actionParams: {
                        addThingsToThingGroupParams: { thingGroupNames: ["bad group"] },
                    },
                }),
                "actionParams.addThingsToThingGroupParams.thingGroupNames[0]",
            );
            await assertFailure(
                withInputs({
                    actionParams: { publishFindingToSnsParams: { topicArn: "t".repeat(351) } },
                }),
                "actionParams.publishFindingToSnsParams.topicArn",
            );
            await assertFailure(
                withInputs({
                    tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "" })),
                }),
                "tags",
            );
        });

        it("tolerates values unknown during preview", async () => {
            for (const news of [
                {
                    region: UNKNOWN,
                    actionName: UNKNOWN,
                    roleArn: UNKNOWN,
                    actionParams: UNKNOWN,
                    tags: UNKNOWN,
                },
                withInputs({ actionParams: { addThingsToThingGroupParams: UNKNOWN as never } }),
                withInputs({
                    actionParams: {
                        addThingsToThingGroupParams: {
                            thingGroupNames: UNKNOWN as never,
                            overrideDynamicGroups: UNKNOWN as never,
                        },
                    },
                }),
                withInputs({
                    actionParams: { addThingsToThingGroupParams: { thingGroupNames: [UNKNOWN] } },
                }),
                withInputs({
                    actionParams: {
                        enableIoTLoggingParams: {
                            roleArnForLogging: UNKNOWN,
                            logLevel: UNKNOWN as never,
                        },
                    },
                }),
                withInputs({ tags: [UNKNOWN as never] }),
            ])
                assert.deepStrictEqual(await failuresOf(news), [], JSON.stringify(news));
        });
    });
});
