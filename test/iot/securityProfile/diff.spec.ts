/** SecurityProfile provider diff. */
import * as assert from "assert";
import { UNKNOWN } from "../../../components/iot/inputs";
import { securityProfileProvider as provider } from "../../../components/iot/securityProfile";
import { useIotMock } from "../support";
import {
    NAME,
    ROLE,
    TOPIC,
    group,
    ALL_REGISTERED,
    messagesSent,
    sourceIp,
    inputs,
    state,
    withInputs,
    without,
    withAwsDefaults,
    asBuilt,
} from "./fixtures";

describe("SecurityProfile dynamic resource", () => {
    const mock = useIotMock();

    describe("diff", () => {
        it("reports no change when nothing changed, ignoring __provider, and makes no AWS call", async () => {
            const result = await provider.diff!(
                NAME,
                state({ __provider: "an older serialization" } as never),
                inputs,
            );
            assert.strictEqual(result.changes, false);
            assert.strictEqual(mock.iot.calls().length, 0);
        });

        it("treats target and tag order, and empty lists versus absent ones, as no change", async () => {
            const news = withInputs({
                targets: [ALL_REGISTERED, group("fleet")],
                tags: [...inputs.tags!].reverse(),
            });
            assert.strictEqual((await provider.diff!(NAME, state(), news)).changes, false);
            assert.strictEqual(
                (await provider.diff!(NAME, state({ behaviors: [] }), without("behaviors")))
                    .changes,
                false,
            );
        });

        it("treats AWS's behavior defaults as written: absent datapoints are 1, absent suppressAlerts is false", async () => {
            const refreshed = state({ behaviors: withAwsDefaults });
            assert.strictEqual((await provider.diff!(NAME, refreshed, inputs)).changes, false);
            assert.strictEqual(
                (await provider.diff!(NAME, refreshed, withInputs({ behaviors: asBuilt }))).changes,
                false,
            );
            assert.strictEqual(
                (await provider.diff!(NAME, state(), withInputs({ behaviors: asBuilt }))).changes,
                false,
            );
            const otherDatapoints = [
                messagesSent,
                {
                    ...sourceIp,
                    criteria: { ...sourceIp.criteria, consecutiveDatapointsToAlarm: 2 },
                },
            ];
            assert.strictEqual(
                (await provider.diff!(NAME, refreshed, withInputs({ behaviors: otherDatapoints })))
                    .changes,
                true,
            );
            const suppressed = [messagesSent, { ...sourceIp, suppressAlerts: true }];
            assert.strictEqual(
                (await provider.diff!(NAME, refreshed, withInputs({ behaviors: suppressed })))
                    .changes,
                true,
            );
        });

        it("updates in place for a change of behaviors, alert targets, tags or targets", async () => {
            for (const news of [
                withInputs({
                    behaviors: [
                        {
                            ...messagesSent,
                            criteria: { ...messagesSent.criteria, value: { count: 500 } },
                        },
                        sourceIp,
                    ],
                }),
                withInputs({
                    alertTargets: { SNS: { alertTargetArn: `${TOPIC}-2`, roleArn: ROLE } },
                }),
                withInputs({ tags: [{ Key: "env", Value: "prod" }] }),
                withInputs({ targets: [group("other")] }),
                without("metricsExportConfig"),
            ]) {
                const result = await provider.diff!(NAME, state(), news);
                assert.deepStrictEqual(
                    { changes: result.changes, replaces: result.replaces },
                    { changes: true, replaces: [] },
                );
            }
        });

        it("replaces the profile, deleting it first, when its name or region changes", async () => {
            const renamed = await provider.diff!(
                NAME,
                state(),
                withInputs({ securityProfileName: "fleet-rules-2" }),
            );
            assert.deepStrictEqual(renamed, {
                changes: true,
                replaces: ["securityProfileName"],
                deleteBeforeReplace: true,
            });
            const moved = await provider.diff!(NAME, state(), withInputs({ region: "us-east-1" }));
            assert.deepStrictEqual(moved, {
                changes: true,
                replaces: ["region"],
                deleteBeforeReplace: true,
            });
        });

        it("counts unknown values as changes", async () => {
            const result = await provider.diff!(
                NAME,
                state(),
                withInputs({ targets: UNKNOWN as never }),
            );
            assert.strictEqual(result.changes, true);
            assert.deepStrictEqual(result.replaces, []);
            assert.deepStrictEqual(
                (await provider.diff!(NAME, state(), withInputs({ securityProfileName: UNKNOWN })))
                    .replaces,
                ["securityProfileName"],
            );
        });
    });
});
