/**
 * Bad Detect config (components/config/schema/detect.ts, behaviors.ts): metrics, ML, durations,
 * thresholds, operators, targets, profile descriptions.
 */
import { DURATION_SECONDS } from "../../../components/facts";
import { assertProblem, configProblems, editJson } from "../../harness";

describe("stack configuration", () => {
    describe("rejects bad config, naming the key, the value and what is allowed", () => {
        it("an unknown metric", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "detect", d => {
                    d.rules.behaviors[0].metric = "aws:num-messages-snet";
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.rules.behaviors[0].metric",
                '"aws:num-messages-snet"',
                "allowed:",
                "aws:num-messages-sent",
            );
        });

        it("ML on a metric ML Detect does not support", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "detect", d => {
                    d.engine = "device-defender";
                    d.ml = { metrics: ["aws:source-ip-address"] };
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.ml.metrics[0]",
                '"aws:source-ip-address"',
                "not supported by ML Detect",
                "aws:num-disconnects",
            );
        });

        it("durationSeconds outside {300, 600, 900, 1800, 3600}", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "detect", d => {
                    d.rules.behaviors[0].durationSeconds = 120;
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.rules.behaviors[0].durationSeconds",
                "got 120",
                DURATION_SECONDS.join(", "),
            );
        });

        it("durationSeconds missing where the metric requires it, or present where it does not apply", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "detect", d => {
                    delete d.rules.behaviors[0].durationSeconds;
                    d.rules.behaviors[2].durationSeconds = 300;
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.rules.behaviors[0].durationSeconds",
                "is required for aws:num-messages-sent",
                "300",
            );
            assertProblem(
                problems,
                "iot-defender:detect.rules.behaviors[2].durationSeconds",
                "does not apply to aws:message-byte-size",
                "got 300",
            );
        });

        it("a negative threshold", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "detect", d => {
                    d.rules.behaviors[1].threshold = -5;
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.rules.behaviors[1].threshold",
                "at least 0",
                "got -5",
            );
        });

        it("an operator that does not fit the metric's values", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "detect", d => {
                    d.rules.behaviors[0].operator = "in-cidr-set";
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.rules.behaviors[0].operator",
                '"in-cidr-set"',
                "greater-than",
            );
        });

        it("a fractional threshold on a count metric", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "detect", d => {
                    d.rules.behaviors[0].threshold = 1.5;
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.rules.behaviors[0].threshold",
                "whole number",
                "aws:num-messages-sent",
                "got 1.5",
            );
        });

        it("a profile description the API would refuse (a line break)", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "detect", d => {
                    d.rules.description = "line one\nline two";
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.rules.description",
                "printable ASCII",
                'got "line one\\nline two"',
            );
        });

        it("empty targets", () => {
            const problems = configProblems("prod", v =>
                editJson(v, "detect", d => {
                    d.targets = { thingGroups: [] };
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.targets",
                "at least one target",
                "registered-things",
            );
        });

        it("a bad enum value (ML confidence level)", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "detect", d => {
                    d.engine = "device-defender";
                    d.ml = { confidenceLevel: "VERY_HIGH" };
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.ml.confidenceLevel",
                '"VERY_HIGH"',
                "LOW, MEDIUM, HIGH",
            );
        });
    });
});
