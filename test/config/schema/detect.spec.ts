/**
 * Bad Detect config (components/config/schema/detect.ts, behaviors.ts): metrics, ML, durations,
 * thresholds, operators, targets, profile descriptions.
 */
import { DURATION_SECONDS } from "../../../components/facts";
import * as assert from "assert";
import { assertProblem, configProblems, editJson, stackSettings } from "../../harness";

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

        it("an alarm looking back further than CloudWatch allows: 1 day under hour-long periods, 7 days otherwise", () => {
            const withAlarm =
                (periodSeconds: number, evaluationPeriods: number) => (v: Record<string, string>) =>
                    editJson(v, "detect", d => {
                        d.alarm = { periodSeconds, evaluationPeriods };
                    });
            const key = "iot-defender:detect.alarm.evaluationPeriods";
            assertProblem(
                configProblems("prod", withAlarm(1800, 49)),
                key,
                "times periodSeconds 1800 is 88200 s, past the 86400 s CloudWatch allows",
                "allowed: at most 48 periods of 1800 s",
                "got 49",
            );
            assertProblem(
                configProblems("prod", withAlarm(86400, 8)),
                key,
                "past the 604800 s",
                "allowed: at most 7 periods of 86400 s",
                "got 8",
            );
            assert.deepStrictEqual(stackSettings("prod", withAlarm(1800, 48)).detect.alarm, {
                threshold: 1,
                periodSeconds: 1800,
                evaluationPeriods: 48,
            });
            assert.strictEqual(
                stackSettings("prod", withAlarm(86400, 7)).detect.alarm.evaluationPeriods,
                7,
            );
        });

        it("a named profile's alarm looking back further than CloudWatch allows", () => {
            const problems = configProblems("prod", v =>
                editJson(v, "detect", d => {
                    d.profiles[0].alarm = { periodSeconds: 3000, evaluationPeriods: 29 };
                }),
            );
            assertProblem(
                problems,
                "iot-defender:detect.profiles[0].alarm.evaluationPeriods",
                "past the 86400 s",
                "at most 28 periods of 3000 s",
                "got 29",
            );
        });
    });
});
