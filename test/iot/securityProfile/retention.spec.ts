/**
 * SecurityProfile provider: metrics to retain (additionalMetricsToRetainV2) and the metrics export
 * (metricsExportConfig), in the API's member names, updated in place, against the in-memory
 * account of test/fakes/iotAccount.ts, which refuses what the API model refuses.
 */
import * as assert from "assert";
import type { MetricToRetain } from "@aws-sdk/client-iot";
import { FakeIotAccount } from "../../fakes/iotAccount";
import { securityProfileProvider as provider } from "../../../components/iot/securityProfile";
import type { SecurityProfileInputs } from "../../../components/iot/securityProfile";
import { ACCOUNT, ARN, NAME, REGION, ROLE, TOPIC, group, messagesSent } from "./fixtures";

const EXPORT_ROLE = `arn:aws:iam::${ACCOUNT}:role/dd-export`;
const retained: MetricToRetain[] = [
    { metric: "aws:num-disconnects", exportMetric: true },
    { metric: "aws:num-messages-sent", metricDimension: { dimensionName: "telemetry" } },
];
const profile = (over: Partial<SecurityProfileInputs> = {}): SecurityProfileInputs => ({
    region: REGION,
    securityProfileName: NAME,
    behaviors: [messagesSent],
    alertTargets: { SNS: { alertTargetArn: TOPIC, roleArn: ROLE } },
    additionalMetricsToRetainV2: retained,
    metricsExportConfig: { mqttTopic: "$aws/rules/dd_export/fleet", roleArn: EXPORT_ROLE },
    targets: [group("fleet")],
    ...over,
});

/** The state a create of these inputs leaves. */
const stateOf = (ins: SecurityProfileInputs) => ({ ...ins, arn: ARN, version: 1 });

describe("SecurityProfile: metrics to retain and metrics export", () => {
    let account: FakeIotAccount;
    beforeEach(() => {
        account = new FakeIotAccount(ACCOUNT, REGION);
        account.dimensions.set("telemetry", {
            type: "TOPIC_FILTER",
            stringValues: ["telemetry/#"],
            arn: `arn:aws:iot:${REGION}:${ACCOUNT}:dimension/telemetry`,
            created: new Date(),
            modified: new Date(),
        });
    });
    afterEach(() => account.restore());

    it("creates them with the API's member names, and reads them back as written", async () => {
        const created = await provider.create!(profile());
        const live = account.profiles.get(NAME)!.def;
        assert.deepStrictEqual(live.additionalMetricsToRetainV2, retained);
        assert.deepStrictEqual(live.metricsExportConfig, profile().metricsExportConfig);
        const read = await provider.read!(NAME, created.outs);
        assert.deepStrictEqual(read.props?.additionalMetricsToRetainV2, retained);
        assert.deepStrictEqual(read.props?.metricsExportConfig, profile().metricsExportConfig);
        const again = await provider.diff!(NAME, read.props as never, profile());
        assert.strictEqual(again.changes, false);
    });

    it("AWS's defaults (exportMetric false, operator IN) are no change", async () => {
        const written = profile({
            additionalMetricsToRetainV2: [
                { metric: "aws:num-disconnects", exportMetric: false },
                {
                    metric: "aws:num-messages-sent",
                    metricDimension: { dimensionName: "telemetry", operator: "IN" },
                },
            ],
        });
        const result = await provider.diff!(
            NAME,
            stateOf(
                profile({
                    additionalMetricsToRetainV2: [
                        retained[1],
                        { metric: "aws:num-disconnects" },
                    ].reverse(),
                }),
            ),
            written,
        );
        assert.strictEqual(result.changes, false);
    });

    it("a changed topic, role or metric list is an update in place, never a replacement", async () => {
        for (const news of [
            profile({ metricsExportConfig: { mqttTopic: "dd/metrics", roleArn: EXPORT_ROLE } }),
            profile({
                metricsExportConfig: {
                    mqttTopic: "$aws/rules/dd_export/fleet",
                    roleArn: `${EXPORT_ROLE}-2`,
                },
            }),
            profile({ additionalMetricsToRetainV2: [retained[0]] }),
            profile({
                additionalMetricsToRetainV2: [{ ...retained[0], exportMetric: false }, retained[1]],
            }),
            profile({ metricsExportConfig: undefined }),
        ]) {
            const result = await provider.diff!(NAME, stateOf(profile()), news);
            assert.deepStrictEqual(
                [result.changes, result.replaces, result.deleteBeforeReplace ?? false],
                [true, [], false],
                JSON.stringify(news),
            );
        }
    });

    it("updates the topic with one UpdateSecurityProfile call and clears the export with its delete flag", async () => {
        const created = await provider.create!(profile());
        account.mock.resetHistory();
        const moved = profile({
            metricsExportConfig: { mqttTopic: "dd/metrics", roleArn: EXPORT_ROLE },
        });
        const updated = await provider.update!(NAME, created.outs!, moved);
        assert.deepStrictEqual(account.calls(), ["UpdateSecurityProfile"]);
        assert.deepStrictEqual(
            account.profiles.get(NAME)!.def.metricsExportConfig,
            moved.metricsExportConfig,
        );

        account.mock.resetHistory();
        const dropped = profile({
            metricsExportConfig: undefined,
            additionalMetricsToRetainV2: undefined,
        });
        await provider.update!(NAME, updated.outs!, dropped);
        assert.deepStrictEqual(account.calls(), ["UpdateSecurityProfile"]);
        const def = account.profiles.get(NAME)!.def;
        assert.ok(
            !("metricsExportConfig" in def) && !("additionalMetricsToRetainV2" in def),
            JSON.stringify(def),
        );
        assert.strictEqual(account.profiles.get(NAME)!.version, 3);
    });

    describe("the fake refuses what the API model refuses", () => {
        for (const [what, over, message] of [
            [
                "a metric to retain without a metric",
                { additionalMetricsToRetainV2: [{} as MetricToRetain] },
                /\.metric is required/,
            ],
            [
                "a dimension name outside [a-zA-Z0-9:_-]",
                {
                    additionalMetricsToRetainV2: [
                        {
                            metric: "aws:num-messages-sent",
                            metricDimension: { dimensionName: "tele metry" },
                        },
                    ],
                },
                /dimensionName must be 1-128 characters/,
            ],
            [
                "a dimension operator other than IN or NOT_IN",
                {
                    additionalMetricsToRetainV2: [
                        {
                            metric: "aws:num-messages-sent",
                            metricDimension: { dimensionName: "telemetry", operator: "EQUALS" },
                        },
                    ],
                },
                /operator must be one of IN, NOT_IN/,
            ],
            [
                "a topic over 512 characters",
                { metricsExportConfig: { mqttTopic: "t".repeat(513), roleArn: EXPORT_ROLE } },
                /mqttTopic must be 1-512/,
            ],
            [
                "an empty topic",
                { metricsExportConfig: { mqttTopic: "", roleArn: EXPORT_ROLE } },
                /mqttTopic must be 1-512/,
            ],
            [
                "a role ARN under 20 characters",
                { metricsExportConfig: { mqttTopic: "dd/metrics", roleArn: "arn:aws:iam::1:r/x" } },
                /roleArn must be 20-2048/,
            ],
        ] as const)
            it(`on create: ${what}`, async () => {
                await assert.rejects(
                    provider.create!(profile(over as Partial<SecurityProfileInputs>)),
                    (e: Error) =>
                        e.name === "InvalidRequestException" && (message as RegExp).test(e.message),
                );
                assert.strictEqual(account.profiles.size, 0);
            });

        it("an update that sets the export and deletes it at once", async () => {
            await provider.create!(profile());
            const { IoTClient, UpdateSecurityProfileCommand } = await import("@aws-sdk/client-iot");
            await assert.rejects(
                new IoTClient({ region: REGION }).send(
                    new UpdateSecurityProfileCommand({
                        securityProfileName: NAME,
                        metricsExportConfig: { mqttTopic: "dd/metrics", roleArn: EXPORT_ROLE },
                        deleteMetricsExportConfig: true,
                    }),
                ),
                /metricsExportConfig cannot be set when deleteMetricsExportConfig is true/,
            );
        });
    });
});
