import * as assert from "assert";
import {
    AttachSecurityProfileCommand,
    CreateSecurityProfileCommand,
    DeleteSecurityProfileCommand,
    DescribeSecurityProfileCommand,
    DetachSecurityProfileCommand,
    ListTagsForResourceCommand,
    ListTargetsForSecurityProfileCommand,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateSecurityProfileCommand,
} from "@aws-sdk/client-iot";
import type { Behavior } from "@aws-sdk/client-iot";
import { DYNAMIC_TYPES, LIMITS } from "../../components/facts";
import { UNKNOWN } from "../../components/iot/kit";
import { RETRY } from "../../components/aws/calls";
import {
    SecurityProfile,
    SecurityProfileInputs,
    SecurityProfileOutputs,
    securityProfileProvider as provider,
} from "../../components/iot/securityProfile";
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
const ACCOUNT = "123456789012";
const NAME = "fleet-rules";
const ARN = `arn:aws:iot:${REGION}:${ACCOUNT}:securityprofile/${NAME}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/dd-publisher`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:dd-alerts`;
const group = (name: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:thinggroup/${name}`;
const ALL_REGISTERED = `arn:aws:iot:${REGION}:${ACCOUNT}:all/registered-things`;

const messagesSent: Behavior = {
    name: "messages-sent",
    metric: "aws:num-messages-sent",
    criteria: {
        comparisonOperator: "greater-than",
        value: { count: 100 },
        durationSeconds: 300,
        consecutiveDatapointsToAlarm: 2,
        consecutiveDatapointsToClear: 2,
    },
};
const sourceIp: Behavior = {
    name: "source-ip",
    metric: "aws:source-ip-address",
    criteria: { comparisonOperator: "not-in-cidr-set", value: { cidrs: ["10.0.0.0/8"] } },
};
const mlAuthFailures: Behavior = {
    name: "ml-auth-failures",
    metric: "aws:num-authorization-failures",
    criteria: {
        mlDetectionConfig: { confidenceLevel: "HIGH" },
        consecutiveDatapointsToAlarm: 1,
        consecutiveDatapointsToClear: 1,
    },
};

const inputs: SecurityProfileInputs = {
    region: REGION,
    securityProfileName: NAME,
    securityProfileDescription: "Rules for the fleet",
    behaviors: [messagesSent, sourceIp],
    alertTargets: { SNS: { alertTargetArn: TOPIC, roleArn: ROLE } },
    additionalMetricsToRetainV2: [{ metric: "aws:num-disconnects" }],
    metricsExportConfig: { mqttTopic: "$aws/rules/dd-export", roleArn: ROLE },
    tags: [...OWNER_TAGS, { Key: "env", Value: "test" }, { Key: "team", Value: "iot" }],
    targets: [group("fleet"), ALL_REGISTERED],
};
/** State after a create: inputs, outputs and the serialized provider Pulumi stores with them. */
const state = (over: Partial<SecurityProfileOutputs> = {}): SecurityProfileOutputs =>
    ({
        ...inputs,
        arn: ARN,
        version: 3,
        __provider: "serialized-provider",
        ...over,
    }) as SecurityProfileOutputs;
const withInputs = (over: Partial<SecurityProfileInputs>): SecurityProfileInputs => ({
    ...inputs,
    ...over,
});
const without = (...keys: (keyof SecurityProfileInputs)[]): SecurityProfileInputs => {
    const copy: Record<string, unknown> = { ...inputs };
    for (const k of keys) delete copy[k];
    return copy as unknown as SecurityProfileInputs;
};
/** What DescribeSecurityProfile returns for a profile defined by `inputs`. */
const described = (over: Record<string, unknown> = {}) => ({
    securityProfileName: NAME,
    securityProfileArn: ARN,
    securityProfileDescription: inputs.securityProfileDescription,
    behaviors: inputs.behaviors,
    alertTargets: inputs.alertTargets,
    additionalMetricsToRetainV2: inputs.additionalMetricsToRetainV2,
    metricsExportConfig: inputs.metricsExportConfig,
    version: 1,
    ...over,
});

async function failuresOf(news: unknown): Promise<{ property: string; reason: string }[]> {
    const result = await provider.check!(inputs, news as SecurityProfileInputs);
    return result.failures ?? [];
}
async function assertFailure(news: unknown, property: string, fragment?: RegExp): Promise<void> {
    const failures = await failuresOf(news);
    const hit = failures.find(f => f.property === property);
    assert.ok(hit, `expected a failure on ${property}; got ${JSON.stringify(failures)}`);
    if (fragment) assert.match(hit.reason, fragment);
}
const behaviorAt0 = (b: Record<string, unknown>) =>
    withInputs({ behaviors: [b as unknown as Behavior] });
/** `inputs.behaviors` as DescribeSecurityProfile may return them: AWS's defaults filled in (1 datapoint, alerts not suppressed). */
const withAwsDefaults: Behavior[] = [
    { ...messagesSent, suppressAlerts: false },
    {
        ...sourceIp,
        criteria: {
            ...sourceIp.criteria,
            consecutiveDatapointsToAlarm: 1,
            consecutiveDatapointsToClear: 1,
        },
        suppressAlerts: false,
    },
];
/** The rule behaviors the stack builds (components/behaviors.ts): no datapoints unless configured, suppressAlerts always sent. */
const asBuilt: Behavior[] = [messagesSent, { ...sourceIp, suppressAlerts: false }];

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

        it(`rejects more than ${LIMITS.behaviorsPerProfile} behaviors`, async () => {
            const many = Array.from({ length: LIMITS.behaviorsPerProfile + 1 }, (_, i) => ({
                ...messagesSent,
                name: `b${i}`,
            }));
            await assertFailure(withInputs({ behaviors: many }), "behaviors", /at most 100/);
            assert.deepStrictEqual(await failuresOf(withInputs({ behaviors: many.slice(1) })), []);
        });

        it("rejects two behaviors with the same name", async () => {
            await assertFailure(
                withInputs({ behaviors: [messagesSent, { ...sourceIp, name: messagesSent.name }] }),
                "behaviors[1].name",
                /unique/,
            );
        });

        it("rejects an unknown built-in metric, and accepts a custom metric name", async () => {
            await assertFailure(
                behaviorAt0({ ...messagesSent, metric: "aws:num-messages-sent-typo" }),
                "behaviors[0].metric",
                /not a Device Defender metric/,
            );
            const custom = {
                name: "temp",
                metric: "cpu-temperature",
                criteria: {
                    comparisonOperator: "greater-than",
                    value: { number: 80.5 },
                    durationSeconds: 300,
                },
            };
            const tokens = {
                name: "firmware",
                metric: "firmware-version",
                criteria: { comparisonOperator: "not-in-set", value: { strings: ["1.2.3"] } },
            };
            assert.deepStrictEqual(
                await failuresOf(withInputs({ behaviors: [custom, tokens] as Behavior[] })),
                [],
            );
        });

        it("rejects an operator that does not fit the metric's value kind", async () => {
            await assertFailure(
                behaviorAt0({
                    ...messagesSent,
                    criteria: { ...messagesSent.criteria, comparisonOperator: "in-cidr-set" },
                }),
                "behaviors[0].criteria.comparisonOperator",
                /greater-than/,
            );
            await assertFailure(
                behaviorAt0({
                    ...sourceIp,
                    criteria: { ...sourceIp.criteria, comparisonOperator: "greater-than" },
                }),
                "behaviors[0].criteria.comparisonOperator",
                /in-cidr-set/,
            );
            await assertFailure(
                behaviorAt0({
                    name: "f",
                    metric: "firmware",
                    criteria: { comparisonOperator: "in-port-set", value: { strings: ["a"] } },
                }),
                "behaviors[0].criteria.comparisonOperator",
            );
        });

        it("rejects a value field that does not fit the metric's value kind", async () => {
            await assertFailure(
                behaviorAt0({
                    ...messagesSent,
                    criteria: { ...messagesSent.criteria, value: { cidrs: ["10.0.0.0/8"] } },
                }),
                "behaviors[0].criteria.value",
                /count/,
            );
            await assertFailure(
                behaviorAt0({
                    ...messagesSent,
                    criteria: { ...messagesSent.criteria, value: { count: -1 } },
                }),
                "behaviors[0].criteria.value.count",
            );
            await assertFailure(
                behaviorAt0({
                    ...sourceIp,
                    criteria: { ...sourceIp.criteria, value: { cidrs: ["not an ip"] } },
                }),
                "behaviors[0].criteria.value.cidrs[0]",
            );
            const ports = {
                name: "tcp",
                metric: "aws:listening-tcp-ports",
                criteria: { comparisonOperator: "in-port-set", value: { ports: [22, 70000] } },
            };
            await assertFailure(behaviorAt0(ports), "behaviors[0].criteria.value.ports[1]");
            await assertFailure(
                behaviorAt0({
                    ...messagesSent,
                    criteria: { comparisonOperator: "greater-than", durationSeconds: 300 },
                }),
                "behaviors[0].criteria.value",
                /required/,
            );
        });

        it("requires durationSeconds from the allowed set, only where the metric takes one", async () => {
            await assertFailure(
                behaviorAt0({
                    ...messagesSent,
                    criteria: { ...messagesSent.criteria, durationSeconds: 120 },
                }),
                "behaviors[0].criteria.durationSeconds",
                /300, 600/,
            );
            const { durationSeconds: _omit, ...noDuration } = messagesSent.criteria!;
            await assertFailure(
                behaviorAt0({ ...messagesSent, criteria: noDuration }),
                "behaviors[0].criteria.durationSeconds",
                /required/,
            );
            await assertFailure(
                behaviorAt0({
                    ...sourceIp,
                    criteria: { ...sourceIp.criteria, durationSeconds: 300 },
                }),
                "behaviors[0].criteria.durationSeconds",
                /does not apply/,
            );
            const byteSize = {
                name: "size",
                metric: "aws:message-byte-size",
                criteria: {
                    comparisonOperator: "greater-than",
                    value: { count: 1024 },
                    durationSeconds: 300,
                },
            };
            await assertFailure(behaviorAt0(byteSize), "behaviors[0].criteria.durationSeconds");
            const statistical = {
                name: "size",
                metric: "aws:message-byte-size",
                criteria: {
                    comparisonOperator: "greater-than",
                    statisticalThreshold: { statistic: "p90" },
                    durationSeconds: 300,
                },
            };
            assert.deepStrictEqual(await failuresOf(behaviorAt0(statistical)), []);
            const list = {
                name: "fw",
                metric: "firmware",
                criteria: {
                    comparisonOperator: "in-set",
                    value: { strings: ["1"] },
                    durationSeconds: 300,
                },
            };
            await assertFailure(
                behaviorAt0(list),
                "behaviors[0].criteria.durationSeconds",
                /list-valued/,
            );
        });

        it("requires durationSeconds with a statisticalThreshold, naming the field, whatever the metric", async () => {
            for (const metric of [
                "aws:message-byte-size",
                "aws:num-messages-sent",
                "cpu-temperature",
            ]) {
                const statistical = {
                    name: "stat",
                    metric,
                    criteria: {
                        comparisonOperator: "greater-than",
                        statisticalThreshold: { statistic: "p90" },
                    },
                };
                const failures = await failuresOf(behaviorAt0(statistical));
                assert.deepStrictEqual(
                    failures.map(f => f.property),
                    ["behaviors[0].criteria.durationSeconds"],
                    `${metric}: ${JSON.stringify(failures)}`,
                );
                assert.match(
                    failures[0].reason,
                    /behaviors\[0\]\.criteria\.durationSeconds is required with statisticalThreshold \(one of 300, 600, 900, 1800, 3600\)/,
                );
            }
        });

        it("keeps consecutive datapoints within 1-10 and statistics within the API's percentiles", async () => {
            await assertFailure(
                behaviorAt0({
                    ...messagesSent,
                    criteria: { ...messagesSent.criteria, consecutiveDatapointsToAlarm: 0 },
                }),
                "behaviors[0].criteria.consecutiveDatapointsToAlarm",
                /1 to 10/,
            );
            await assertFailure(
                behaviorAt0({
                    ...messagesSent,
                    criteria: { ...messagesSent.criteria, consecutiveDatapointsToClear: 11 },
                }),
                "behaviors[0].criteria.consecutiveDatapointsToClear",
            );
            await assertFailure(
                behaviorAt0({
                    ...messagesSent,
                    criteria: {
                        comparisonOperator: "greater-than",
                        statisticalThreshold: { statistic: "Average" },
                        durationSeconds: 300,
                    },
                }),
                "behaviors[0].criteria.statisticalThreshold.statistic",
                /p90/,
            );
        });

        it("checks ML Detect behaviors: a known confidence level, an ML-capable metric, and no operator, value or statistic", async () => {
            await assertFailure(
                behaviorAt0({
                    ...mlAuthFailures,
                    criteria: { mlDetectionConfig: { confidenceLevel: "VERY_HIGH" } },
                }),
                "behaviors[0].criteria.mlDetectionConfig.confidenceLevel",
                /LOW, MEDIUM, HIGH/,
            );
            await assertFailure(
                behaviorAt0({ ...mlAuthFailures, metric: "aws:source-ip-address" }),
                "behaviors[0].criteria.mlDetectionConfig",
                /not supported by ML Detect/,
            );
            for (const key of [
                "comparisonOperator",
                "value",
                "statisticalThreshold",
                "durationSeconds",
            ]) {
                const extra = {
                    comparisonOperator: "greater-than",
                    value: { count: 1 },
                    statisticalThreshold: { statistic: "p90" },
                    durationSeconds: 300,
                } as Record<string, unknown>;
                await assertFailure(
                    behaviorAt0({
                        ...mlAuthFailures,
                        criteria: { ...mlAuthFailures.criteria, [key]: extra[key] },
                    }),
                    `behaviors[0].criteria.${key}`,
                    /ML Detect/,
                );
            }
        });

        it("rejects durationSeconds on an ML Detect behavior, even an allowed value, with one failure naming it", async () => {
            const failures = await failuresOf(
                behaviorAt0({
                    ...mlAuthFailures,
                    criteria: { ...mlAuthFailures.criteria, durationSeconds: 300 },
                }),
            );
            assert.deepStrictEqual(
                failures.map(f => f.property),
                ["behaviors[0].criteria.durationSeconds"],
            );
            assert.match(
                failures[0].reason,
                /durationSeconds must not be set on an ML Detect behavior \(mlDetectionConfig\); got 300/,
            );
        });

        it("checks metric dimensions: valid operator, and not on metrics or custom metrics that cannot take one", async () => {
            const scoped = {
                ...messagesSent,
                metricDimension: { dimensionName: "topics", operator: "IN" },
            };
            assert.deepStrictEqual(await failuresOf(behaviorAt0(scoped)), []);
            await assertFailure(
                behaviorAt0({
                    ...scoped,
                    metricDimension: { dimensionName: "topics", operator: "MAYBE" },
                }),
                "behaviors[0].metricDimension.operator",
            );
            await assertFailure(
                behaviorAt0({
                    name: "d",
                    metric: "aws:num-disconnects",
                    metricDimension: { dimensionName: "t" },
                    criteria: {
                        comparisonOperator: "greater-than",
                        value: { count: 1 },
                        durationSeconds: 300,
                    },
                }),
                "behaviors[0].metricDimension",
                /cannot be scoped/,
            );
            await assertFailure(
                withInputs({
                    additionalMetricsToRetainV2: [
                        { metric: "cpu-temperature", metricDimension: { dimensionName: "t" } },
                    ],
                }),
                "additionalMetricsToRetainV2[0].metricDimension",
                /custom metric/,
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

        it("refuses an existing profile with a different definition, saying how to resolve it", async () => {
            mock.iot.on(CreateSecurityProfileCommand).rejects(alreadyExists("security profile"));
            mock.iot
                .on(DescribeSecurityProfileCommand)
                .resolves(described({ behaviors: [sourceIp] }));
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
