/** SecurityProfile provider check: the behaviors (limits, metrics, operators, values, durations, ML Detect, dimensions). */
import * as assert from "assert";
import type { Behavior } from "@aws-sdk/client-iot";
import { LIMITS } from "../../../components/facts";
import { useIotMock } from "../support";
import {
    messagesSent,
    sourceIp,
    mlAuthFailures,
    withInputs,
    failuresOf,
    assertFailure,
    behaviorAt0,
} from "./fixtures";

describe("SecurityProfile dynamic resource", () => {
    useIotMock();

    describe("check", () => {
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
    });
});
