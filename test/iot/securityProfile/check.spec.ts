/** SecurityProfile provider check: names, description, alert targets, targets, tags, unknowns. */
import * as assert from "assert";
import { UNKNOWN } from "../../../components/iot/inputs";
import { securityProfileProvider as provider } from "../../../components/iot/securityProfile";
import { useIotMock } from "../support";
import {
    REGION,
    ACCOUNT,
    ROLE,
    TOPIC,
    group,
    messagesSent,
    sourceIp,
    mlAuthFailures,
    inputs,
    withInputs,
    failuresOf,
    assertFailure,
} from "./fixtures";

describe("SecurityProfile dynamic resource", () => {
    const mock = useIotMock();

    describe("check", () => {
        it("accepts a complete rules profile and an ML Detect profile without failures", async () => {
            assert.deepStrictEqual(await failuresOf(inputs), []);
            assert.deepStrictEqual(
                await failuresOf(withInputs({ behaviors: [mlAuthFailures] })),
                [],
            );
        });

        it("returns the new inputs unchanged and makes no AWS call", async () => {
            const result = await provider.check!(inputs, inputs);
            assert.strictEqual(result.inputs, inputs);
            assert.strictEqual(mock.iot.calls().length, 0);
        });

        it("names the region and the profile name when they break the API rules", async () => {
            await assertFailure(withInputs({ region: "Europe" }), "region");
            await assertFailure(
                withInputs({ securityProfileName: "has space" }),
                "securityProfileName",
                /a-zA-Z0-9:_-/,
            );
            await assertFailure(
                withInputs({ securityProfileName: "x".repeat(129) }),
                "securityProfileName",
            );
            await assertFailure(
                withInputs({ securityProfileDescription: "d".repeat(1001) }),
                "securityProfileDescription",
            );
        });

        it("allows only printable ASCII and spaces in the description, as the API pattern [\\p{Graph}\\x20]* does", async () => {
            await assertFailure(
                withInputs({ securityProfileDescription: "Rules for\nthe fleet" }),
                "securityProfileDescription",
                /printable ASCII .*got "Rules for\\nthe fleet"/,
            );
            await assertFailure(
                withInputs({ securityProfileDescription: "tab\there" }),
                "securityProfileDescription",
                /no newlines or tabs/,
            );
            assert.deepStrictEqual(
                await failuresOf(
                    withInputs({
                        securityProfileDescription: "Rules (strict): 100 msgs/5 min, ~p90 & more!",
                    }),
                ),
                [],
            );
            assert.deepStrictEqual(
                await failuresOf(withInputs({ securityProfileDescription: "" })),
                [],
            );
        });

        it("allows only the SNS alert target, with both its ARNs", async () => {
            await assertFailure(
                withInputs({ alertTargets: { EMAIL: { alertTargetArn: TOPIC, roleArn: ROLE } } }),
                "alertTargets.EMAIL",
                /"SNS"/,
            );
            await assertFailure(
                withInputs({ alertTargets: { SNS: { alertTargetArn: TOPIC } as never } }),
                "alertTargets.SNS.roleArn",
                /required/,
            );
            await assertFailure(
                withInputs({ alertTargets: { SNS: { roleArn: ROLE } as never } }),
                "alertTargets.SNS.alertTargetArn",
                /required/,
            );
        });

        it("requires target ARNs of thing groups or all-things targets", async () => {
            await assertFailure(
                withInputs({
                    targets: [group("ok"), `arn:aws:iot:${REGION}:${ACCOUNT}:thing/one-device`],
                }),
                "targets[1]",
                /thinggroup/,
            );
        });

        it("rejects more than 50 tags", async () => {
            const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
            await assertFailure(withInputs({ tags }), "tags", /at most 50/);
        });

        it("checks tag keys against the API's TagKey characters and AWS's reserved aws: prefix", async () => {
            await assertFailure(
                withInputs({ tags: [{ Key: "cost#center", Value: "v" }] }),
                "tags[0].Key",
                /letters, digits, spaces and _ \. : \/ = \+ - @; got "cost#center"/,
            );
            for (const reserved of ["aws:createdBy", "AWS:owner", "Aws:x"]) {
                await assertFailure(
                    withInputs({ tags: [{ Key: reserved, Value: "v" }] }),
                    "tags[0].Key",
                    /must not start with "aws:" in any letter case/,
                );
            }
            assert.deepStrictEqual(
                await failuresOf(
                    withInputs({
                        tags: [
                            { Key: "Équipe app:env/tier=1 +@_-.", Value: "v" },
                            { Key: "awsome", Value: "v" },
                        ],
                    }),
                ),
                [],
            );
        });

        it("tolerates values unknown during preview, wherever they are, and still reports known problems", async () => {
            const previews: unknown[] = [
                {
                    region: UNKNOWN,
                    securityProfileName: UNKNOWN,
                    securityProfileDescription: UNKNOWN,
                    behaviors: UNKNOWN,
                    alertTargets: UNKNOWN,
                    additionalMetricsToRetainV2: UNKNOWN,
                    metricsExportConfig: UNKNOWN,
                    tags: UNKNOWN,
                    targets: UNKNOWN,
                },
                withInputs({
                    behaviors: [UNKNOWN as never, messagesSent],
                    targets: [UNKNOWN, group("fleet")],
                    tags: [UNKNOWN as never],
                }),
                withInputs({
                    behaviors: [
                        {
                            name: UNKNOWN,
                            metric: UNKNOWN,
                            metricDimension: UNKNOWN as never,
                            criteria: {
                                comparisonOperator: UNKNOWN as never,
                                value: UNKNOWN as never,
                                durationSeconds: UNKNOWN as never,
                            },
                        },
                    ],
                    alertTargets: { SNS: UNKNOWN as never },
                    metricsExportConfig: { mqttTopic: UNKNOWN, roleArn: UNKNOWN },
                    tags: [{ Key: "env", Value: UNKNOWN }],
                }),
                withInputs({
                    behaviors: [
                        {
                            ...messagesSent,
                            criteria: {
                                ...messagesSent.criteria,
                                value: { count: UNKNOWN as never },
                            },
                        },
                        {
                            ...sourceIp,
                            criteria: { ...sourceIp.criteria, value: { cidrs: UNKNOWN as never } },
                        },
                    ],
                }),
                withInputs({
                    behaviors: [
                        { ...mlAuthFailures, criteria: { mlDetectionConfig: UNKNOWN as never } },
                    ],
                }),
            ];
            for (const news of previews)
                assert.deepStrictEqual(await failuresOf(news), [], JSON.stringify(news));
            await assertFailure(
                { ...inputs, behaviors: UNKNOWN, securityProfileName: "bad name" },
                "securityProfileName",
            );
        });
    });
});
