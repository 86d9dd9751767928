import * as assert from "assert";
import { BehaviorSpec, behaviorProblems, dimensionProblem } from "../../../components/facts";

const rule = (over: Partial<BehaviorSpec> = {}): BehaviorSpec => ({
    metric: "aws:num-messages-sent",
    ml: false,
    operator: "greater-than",
    values: ["count"],
    hasDuration: true,
    hasDimension: false,
    ...over,
});
const ml = (over: Partial<BehaviorSpec> = {}): BehaviorSpec =>
    rule({ ml: true, confidenceLevel: "HIGH", operator: undefined, values: [], ...over });
const codes = (spec: BehaviorSpec) => behaviorProblems(spec).map(p => `${p.on}:${p.code}`);

describe("behavior rules (one validator for the config schema, the provider's check and the policy pack)", () => {
    it("accepts a static rule, a statistical rule, an ML behavior and a custom metric rule", () => {
        assert.deepStrictEqual(codes(rule()), []);
        assert.deepStrictEqual(codes(rule({ values: ["statistic"] })), []);
        assert.deepStrictEqual(codes(ml({ hasDuration: false })), []);
        assert.deepStrictEqual(
            codes(rule({ metric: "cpu-temperature", customKind: "number", values: ["number"] })),
            [],
        );
    });

    it("knows the metrics: built-in ones, and custom ones by name or, when listed, by declaration", () => {
        assert.deepStrictEqual(codes(rule({ metric: "aws:num-messages-snet" })), [
            "metric:unknown-metric",
        ]);
        const declared = new Map([["cpu-temperature", "number" as const]]);
        assert.deepStrictEqual(
            codes(rule({ metric: "fan-speed", customMetrics: declared, values: ["number"] })),
            ["metric:unknown-metric"],
        );
    });

    it("takes the operators and the one value field of the metric's value kind", () => {
        const p = behaviorProblems(rule({ operator: "in-cidr-set" }));
        assert.deepStrictEqual(p, [
            {
                on: "operator",
                code: "not-for-kind",
                kind: "count",
                allowed: ["less-than", "less-than-equals", "greater-than", "greater-than-equals"],
            },
        ]);
        assert.deepStrictEqual(codes(rule({ operator: undefined })), ["operator:missing"]);
        assert.deepStrictEqual(codes(rule({ values: ["cidrs"] })), ["value:exactly-one"]);
        assert.deepStrictEqual(codes(rule({ values: [] })), ["value:exactly-one"]);
        assert.deepStrictEqual(codes(rule({ values: ["count", "statistic"] })), [
            "value:exactly-one",
        ]);
        const ip = rule({ metric: "aws:source-ip-address", operator: "in-cidr-set" });
        assert.deepStrictEqual(codes({ ...ip, values: ["statistic"], hasDuration: false }), [
            "value:exactly-one",
            "duration:required-with-statistic",
        ]);
    });

    it("asks for durationSeconds as the metric's facts say, and always with a statistic", () => {
        assert.deepStrictEqual(codes(rule({ hasDuration: false })), ["duration:required"]);
        const size = rule({ metric: "aws:message-byte-size" });
        assert.deepStrictEqual(codes(size), ["duration:forbidden"]);
        assert.deepStrictEqual(codes({ ...size, values: ["statistic"] }), []);
        assert.deepStrictEqual(codes({ ...size, values: ["statistic"], hasDuration: false }), [
            "duration:required-with-statistic",
        ]);
        const firmware = rule({
            metric: "firmware",
            customKind: "strings",
            operator: "in-set",
            values: ["strings"],
        });
        assert.deepStrictEqual(codes(firmware), ["duration:list-custom"]);
        assert.deepStrictEqual(codes({ ...firmware, hasDuration: false }), []);
    });

    it("lets only dimension-capable built-in metrics take a dimension, fewer under ML Detect", () => {
        assert.strictEqual(dimensionProblem("aws:num-messages-sent", false), undefined);
        assert.deepStrictEqual(dimensionProblem("aws:num-disconnects", false), {
            on: "dimension",
            code: "metric",
        });
        assert.deepStrictEqual(dimensionProblem("cpu-temperature", false), {
            on: "dimension",
            code: "custom-metric",
        });
        assert.deepStrictEqual(dimensionProblem("aws:source-ip-address", true), {
            on: "dimension",
            code: "ml-metric",
        });
        assert.deepStrictEqual(codes(rule({ hasDimension: true })), []);
    });

    it("holds ML behaviors to a confidence level, an ML-capable metric and no static fields", () => {
        assert.deepStrictEqual(codes(ml({ confidenceLevel: "VERY_HIGH" })), ["ml:confidence"]);
        assert.deepStrictEqual(codes(ml({ metric: "aws:source-ip-address" })), ["ml:metric"]);
        assert.deepStrictEqual(codes(ml({ metric: "cpu-temperature", customKind: "number" })), []);
        assert.deepStrictEqual(codes(ml({ metric: "firmware", customKind: "strings" })), [
            "ml:metric",
        ]);
        assert.deepStrictEqual(behaviorProblems(ml({ statics: ["value", "durationSeconds"] })), [
            { on: "ml", code: "static", fields: ["value", "durationSeconds"] },
        ]);
    });
});
