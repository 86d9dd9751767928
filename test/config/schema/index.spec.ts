/**
 * Bad config across the schema (components/config/schema/index.ts, fields.ts): drill settings, tags,
 * names, types, unknown keys, the region, a stack that deploys nothing, every problem at once.
 */
import * as assert from "assert";
import { ConfigError } from "../../../components/config/configError";
import { assertProblem, configProblems, editJson, stackSettings } from "../../harness";

describe("stack configuration", () => {
    describe("rejects bad config, naming the key, the value and what is allowed", () => {
        it("drill settings: off unless a stack opts in; enabled is a boolean, and nothing else is a key", () => {
            assert.strictEqual(stackSettings("prod").drill.enabled, false);
            assert.strictEqual(
                stackSettings("dev", v => editJson(v, "drill", d => (d.enabled = true))).drill
                    .enabled,
                true,
            );
            assertProblem(
                configProblems("dev", v => editJson(v, "drill", d => (d.enabled = "yes"))),
                "iot-defender:drill.enabled",
                '"yes"',
            );
            assertProblem(
                configProblems("dev", v => editJson(v, "drill", d => (d.enable = true))),
                "iot-defender:drill",
                "enable",
            );
        });

        it("a tag key AWS reserves (in any letter case), or with characters tags cannot hold", () => {
            const problems = configProblems("dev", v => {
                v["iot-defender:tags"] = JSON.stringify({ "AWS:team": "x", "cost centre!": "y" });
            });
            assertProblem(problems, "iot-defender:tags.AWS:team", 'must not start with "aws:"');
            assertProblem(problems, "iot-defender:tags.cost centre!", "must match");
        });

        it("a name that does not match the API's regex", () => {
            const problems = configProblems("dev", v => {
                editJson(v, "detect", d => {
                    d.rules.behaviors[0].name = "Excessive Messages";
                    d.targets = { thingGroups: ["group/one"] };
                });
                editJson(v, "audit", a => {
                    a.schedules[0].name = "weekly:mon";
                });
            });
            assertProblem(
                problems,
                "iot-defender:detect.rules.behaviors[0].name",
                "[a-zA-Z0-9:_-]",
                '"Excessive Messages"',
            );
            assertProblem(
                problems,
                "iot-defender:detect.targets.thingGroups[0]",
                "[a-zA-Z0-9:_-]",
                '"group/one"',
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[0].name",
                "[a-zA-Z0-9_-]",
                '"weekly:mon"',
            );
        });

        it("wrong types", () => {
            const problems = configProblems("dev", v => {
                editJson(v, "detect", d => {
                    d.enabled = "yes";
                    d.rules.behaviors[0].threshold = "100";
                });
                v["iot-defender:audit"] = "weekly";
                editJson(v, "alerting", a => {
                    a.emails = "security@example.com";
                });
            });
            assertProblem(
                problems,
                "iot-defender:detect.enabled",
                "must be a boolean, not a string",
                '"yes"',
            );
            assertProblem(
                problems,
                "iot-defender:detect.rules.behaviors[0].threshold",
                "must be a number, not a string",
                '"100"',
            );
            assertProblem(problems, "iot-defender:audit", "YAML structure", '"weekly"');
            assertProblem(
                problems,
                "iot-defender:alerting.emails",
                "must be an array, not a string",
            );
        });

        it("unknown keys, at the top and inside objects (typos must not fall back to defaults)", () => {
            const problems = configProblems("dev", v => {
                v["iot-defender:detcet"] = "{}";
                editJson(v, "detect", d => {
                    d.engine = "device-defender";
                    d.ml = { confidence: "HIGH" };
                });
            });
            assertProblem(problems, "iot-defender:detcet", "not a setting", "detect");
            assertProblem(
                problems,
                "iot-defender:detect.ml",
                "unknown key confidence",
                "confidenceLevel",
            );
        });

        it("a missing or malformed region", () => {
            assertProblem(
                configProblems("dev", v => {
                    delete v["aws:region"];
                }),
                "aws:region",
                "is required",
            );
            assertProblem(
                configProblems("dev", v => {
                    v["aws:region"] = "Europe";
                }),
                "aws:region",
                '"Europe"',
            );
        });

        it("a stack that would deploy nothing", () => {
            const problems = configProblems("dev", v => {
                editJson(v, "audit", a => {
                    a.enabled = false;
                });
                editJson(v, "detect", d => {
                    d.enabled = false;
                });
            });
            assertProblem(problems, "iot-defender:audit.enabled", "deploy nothing");
        });

        it("lists every problem at once, in one ConfigError naming the stack file", () => {
            let error: unknown;
            try {
                stackSettings("dev", v => {
                    editJson(v, "alerting", a => {
                        a.emails = ["bad"];
                    });
                    editJson(v, "detect", d => {
                        d.rules.behaviors[0].durationSeconds = 1;
                        d.engine = "device-defender";
                        d.ml = { metrics: ["aws:listening-tcp-ports"] };
                    });
                    editJson(v, "audit", a => {
                        a.checks = ["NOPE"];
                        a.schedules = [{ name: "x", frequency: "MONTHLY" }];
                    });
                });
            } catch (e) {
                error = e;
            }
            assert.ok(error instanceof ConfigError);
            assert.ok(error.problems.length >= 5, error.message);
            assert.match(
                error.message,
                /^Invalid stack configuration in Pulumi\.dev\.yaml: \d+ problems:/,
            );
        });
    });
});
