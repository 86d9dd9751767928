/**
 * The engine choice: one behaviour vocabulary, two engines. What the logs engine cannot observe is a
 * config error naming the metric, the engine and what it supports.
 */
import * as assert from "assert";
import { DEFAULT_RULE_BEHAVIORS, settingsSchema } from "../../components/config/schema";
import { LOGS_METRIC_NAMES } from "../../components/facts";
import { assertProblem, configProblems, editJson, stackSettings } from "../harness";

const behavior = (i: number) => `iot-defender:detect.rules.behaviors[${i}]`;
const minimal = { environment: "x", alerting: { emails: ["a@example.com"] } };

describe("detect.engine and the logs engine's config", () => {
    it("a new stack gets the logs engine; prod keeps Device Defender; dev runs the recipe's four behaviours on logs", () => {
        assert.strictEqual(settingsSchema.parse(minimal).detect.engine, "logs");
        assert.strictEqual(stackSettings("prod").detect.engine, "device-defender");
        const dev = stackSettings("dev");
        assert.strictEqual(dev.detect.engine, "logs");
        assert.deepStrictEqual(
            dev.detect.rules.behaviors.map(b => b.metric),
            DEFAULT_RULE_BEHAVIORS.map(b => b.metric),
        );
        assert.deepStrictEqual(
            [dev.detect.logs.messageLevel, dev.detect.logs.logLevel],
            [true, "INFO"],
        );
    });

    it("every behaviour of the recipe is observable by the logs engine at message level", () => {
        for (const b of DEFAULT_RULE_BEHAVIORS)
            assert.ok(LOGS_METRIC_NAMES.includes(b.metric), b.metric);
    });

    it("without message-level logs, the recipe's message behaviours are a clear error naming the key that enables them", () => {
        const problems = configProblems("dev", v =>
            editJson(v, "detect", d => {
                d.logs.messageLevel = false;
                d.logs.logLevel = "ERROR";
            }),
        );
        assertProblem(
            problems,
            `${behavior(0)}.metric`,
            "aws:num-messages-sent",
            "detect.logs.messageLevel: true",
        );
        assertProblem(
            problems,
            `${behavior(2)}.metric`,
            "aws:message-byte-size",
            "detect.logs.messageLevel: true",
        );
        assert.strictEqual(problems.length, 2, problems.join("\n"));
    });

    it("with no behaviours listed and no message-level logs, defaults to the recipe's behaviours ERROR logs can see", () => {
        const s = settingsSchema.parse(minimal);
        assert.deepStrictEqual(
            s.detect.rules.behaviors.map(b => b.name),
            ["AuthorizationFailures", "UnusualConnectionAttempts"],
        );
        const dd = settingsSchema.parse({ ...minimal, detect: { engine: "device-defender" } });
        assert.strictEqual(dd.detect.rules.behaviors.length, 4);
        const all = settingsSchema.parse({
            ...minimal,
            detect: { logs: { messageLevel: true, logLevel: "INFO" } },
        });
        assert.strictEqual(all.detect.rules.behaviors.length, 4);
    });

    it("a metric the logs engine cannot observe names the metric, the engine and what it supports", () => {
        const problems = configProblems("dev", v =>
            editJson(v, "detect", d => {
                d.rules.behaviors[1] = {
                    name: "Ports",
                    metric: "aws:listening-tcp-ports",
                    operator: "not-in-port-set",
                    ports: [22],
                };
            }),
        );
        assertProblem(
            problems,
            `${behavior(1)}.metric`,
            '"aws:listening-tcp-ports"',
            "the logs engine",
            "allowed: aws:num-authorization-failures",
            "detect.engine: device-defender",
        );
    });

    it("detect.ml with the logs engine points at anomaly detection", () => {
        const problems = configProblems("dev", v =>
            editJson(v, "detect", d => {
                d.ml = { confidenceLevel: "HIGH" };
            }),
        );
        assertProblem(
            problems,
            "iot-defender:detect.ml",
            "detect.logs.anomalyDetection",
            "anomaly detection",
        );
        // The same key is Device Defender's ML Detect on that engine.
        stackSettings("dev", v =>
            editJson(v, "detect", d => {
                d.engine = "device-defender";
                d.ml = { confidenceLevel: "HIGH" };
            }),
        );
    });

    it("what only Device Defender does is an error on the logs engine: percentiles, topic dimensions, suppressed alerts, thing groups, lower bounds on counts", () => {
        const problems = configProblems("dev", v =>
            editJson(v, "detect", d => {
                d.rules.behaviors[1] = {
                    ...d.rules.behaviors[1],
                    threshold: undefined,
                    statistic: "p90",
                    suppressAlerts: true,
                };
                d.rules.behaviors[3].operator = "less-than";
                d.rules.behaviors[3].consecutiveDatapointsToClear = 2;
                d.targets = { thingGroups: ["sensors"] };
            }),
        );
        assertProblem(problems, `${behavior(1)}.statistic`, "not supported by the logs engine");
        assertProblem(
            problems,
            `${behavior(1)}.suppressAlerts`,
            "not supported by the logs engine",
        );
        assertProblem(
            problems,
            `${behavior(3)}.operator`,
            '"less-than"',
            "allowed: greater-than, greater-than-equals",
        );
        assertProblem(problems, `${behavior(3)}.consecutiveDatapointsToClear`, "not supported");
        assertProblem(problems, "iot-defender:detect.targets.thingGroups", "the logs engine");
    });

    it("message level needs INFO or DEBUG logging; a bad level or retention is named", () => {
        const problems = configProblems("dev", v =>
            editJson(v, "detect", d => {
                d.logs.logLevel = "WARN";
                d.logs.retentionDays = 31;
            }),
        );
        assertProblem(problems, "iot-defender:detect.logs.logLevel", '"WARN"', "INFO or DEBUG");
        assertProblem(
            problems,
            "iot-defender:detect.logs.retentionDays",
            "got 31",
            "1, 3, 5, 7, 14, 30",
        );
        assertProblem(
            configProblems("dev", v =>
                editJson(v, "detect", d => {
                    d.engine = "aws-iot";
                }),
            ),
            "iot-defender:detect.engine",
            '"aws-iot"',
            "logs",
        );
    });
});
