import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError } from "../../components/config/errors";
import { DEFAULT_RULE_BEHAVIORS, settingsSchema } from "../../components/config/schema";
import { PROJECT_ROOT, readStackConfig, stackNames } from "../../components/config/stackFile";
import { AUDIT_CHECK_NAMES, DURATION_SECONDS } from "../../components/facts";
import { assertProblem, configProblems, editJson, Json, stackSettings } from "../harness";

describe("stack configuration", () => {
    describe("the real stack files", () => {
        it("has a dev and a prod stack", () => {
            assert.deepStrictEqual(stackNames(), ["dev", "prod"]);
        });

        it("loads dev with the recipe's values", () => {
            const dev = stackSettings("dev");
            assert.strictEqual(dev.environment, "dev");
            assert.strictEqual(dev.region, "eu-west-1");
            assert.deepStrictEqual(dev.alerting.emails, ["iot-security-dev@example.com"]);
            assert.deepStrictEqual(
                dev.audit.schedules.map(s => [s.frequency, s.dayOfWeek]),
                [["WEEKLY", "MON"]],
            );
            assert.deepStrictEqual(
                dev.detect.rules.behaviors.map(b => [b.name, b.threshold, b.durationSeconds]),
                DEFAULT_RULE_BEHAVIORS.map(b => [b.name, b.threshold, b.durationSeconds]),
            );
            assert.strictEqual(dev.namePrefix, "iot-defender", "Pulumi.yaml default applied");
        });

        it("loads prod: every check, daily audit, certificate thresholds, HIGH confidence, thing groups", () => {
            const prod = stackSettings("prod");
            assert.deepStrictEqual([...prod.audit.checks].sort(), [...AUDIT_CHECK_NAMES].sort());
            assert.ok(prod.audit.schedules.some(s => s.frequency === "DAILY"));
            assert.deepStrictEqual(prod.audit.checkThresholds, {
                DEVICE_CERTIFICATE_AGE_CHECK: 180,
                DEVICE_CERTIFICATE_EXPIRING_CHECK: 60,
            });
            assert.strictEqual(prod.detect.ml.confidenceLevel, "HIGH");
            assert.ok(prod.alerting.emails.length >= 2);
            assert.deepStrictEqual(prod.detect.targets.thingGroups, [
                "production-gateways",
                "production-sensors",
            ]);
            assert.strictEqual(prod.detect.targets.allThings, undefined);
        });

        it("prod is stricter than dev on every shared behavior", () => {
            const dev = stackSettings("dev"),
                prod = stackSettings("prod");
            for (const b of dev.detect.rules.behaviors) {
                const p = prod.detect.rules.behaviors.find(x => x.name === b.name);
                assert.ok(
                    p && p.threshold! <= b.threshold!,
                    `${b.name}: prod ${p?.threshold} vs dev ${b.threshold}`,
                );
            }
        });

        it("Pulumi.yaml declares every scalar key with a description, and its defaults match the schema's", () => {
            const project = parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8"));
            const declared = project.config as Record<
                string,
                { type: string; description: string; default?: unknown }
            >;
            assert.deepStrictEqual(Object.keys(declared).sort(), [
                "environment",
                "namePrefix",
                "owner",
            ]);
            for (const [key, decl] of Object.entries(declared)) {
                assert.strictEqual(decl.type, "string", key);
                assert.ok(decl.description.length > 10, key);
            }
            const defaults = settingsSchema.parse({
                environment: "x",
                alerting: { emails: ["a@example.com"] },
            });
            assert.strictEqual(defaults.namePrefix, declared.namePrefix.default);
            assert.strictEqual(defaults.owner, declared.owner.default);
            // Declared without a default, the CLI refuses a stack that does not set it; so does the loader.
            assert.strictEqual(declared.environment.default, undefined);
            assert.match(declared.environment.description, /Required/);
        });

        it("requires environment, as the CLI does for a key declared without a default", () => {
            assertProblem(
                configProblems("prod", v => {
                    delete v["iot-defender:environment"];
                }),
                "iot-defender:environment",
                "is required",
            );
        });

        it("fills every optional setting with a default", () => {
            const s = stackSettings("dev", v => {
                for (const k of Object.keys(v))
                    if (
                        ![
                            "aws:region",
                            "iot-defender:environment",
                            "iot-defender:alerting",
                        ].includes(k)
                    )
                        delete v[k];
            });
            assert.deepStrictEqual(s.audit.checks, AUDIT_CHECK_NAMES);
            assert.strictEqual(s.detect.enabled, true);
            assert.deepStrictEqual(s.detect.targets, {
                allThings: "registered-things",
                thingGroups: [],
            });
            // A new stack gets the logs engine; without message-level logs it defaults to the recipe's
            // behaviours that ERROR logs and lifecycle events see (test/config/logsEngine.spec.ts).
            assert.strictEqual(s.detect.engine, "logs");
            assert.strictEqual(s.detect.rules.behaviors.length, 2);
            assert.strictEqual(s.detect.ml.confidenceLevel, "HIGH");
            assert.strictEqual(s.audit.adoptExisting, false);
        });

        it("refuses a missing stack file, naming the stacks that exist", () => {
            assert.throws(
                () => readStackConfig("staging"),
                /No stack file Pulumi\.staging\.yaml; stacks here: dev, prod/,
            );
        });

        it("names the stack file that is not valid YAML", () => {
            const root = fs.mkdtempSync(path.join(os.tmpdir(), "iot-defender-yaml-"));
            try {
                fs.copyFileSync(
                    path.join(PROJECT_ROOT, "Pulumi.yaml"),
                    path.join(root, "Pulumi.yaml"),
                );
                fs.writeFileSync(
                    path.join(root, "Pulumi.broken.yaml"),
                    "config:\n  iot-defender:alerting: {emails: [a@example.com}\n",
                );
                assert.throws(
                    () => readStackConfig("broken", root),
                    /^Error: Pulumi\.broken\.yaml: /,
                );
            } finally {
                fs.rmSync(root, { recursive: true, force: true });
            }
        });
    });

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

        it("a bad email address", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "alerting", a => {
                    a.emails = ["security-at-example.com"];
                }),
            );
            assertProblem(
                problems,
                "iot-defender:alerting.emails[0]",
                "not a valid email",
                "allowed: an address like security@example.com",
                '"security-at-example.com"',
            );
        });

        it("an HTTPS endpoint that is not an https URL", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "alerting", a => {
                    a.httpsEndpoint = "http://hooks.example.com/iot";
                }),
            );
            assertProblem(
                problems,
                "iot-defender:alerting.httpsEndpoint",
                "allowed: an https:// URL",
                '"http://hooks.example.com/iot"',
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

        it("a tag key AWS reserves (in any letter case), or with characters tags cannot hold", () => {
            const problems = configProblems("dev", v => {
                v["iot-defender:tags"] = JSON.stringify({ "AWS:team": "x", "cost centre!": "y" });
            });
            assertProblem(problems, "iot-defender:tags.AWS:team", 'must not start with "aws:"');
            assertProblem(problems, "iot-defender:tags.cost centre!", "must match");
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

        it("a day of month of the wrong type", () => {
            const problems = configProblems("prod", v =>
                editJson(v, "audit", a => {
                    a.schedules.find((s: Json) => s.frequency === "MONTHLY").dayOfMonth = true;
                }),
            );
            const key = problems
                .find(p => p.includes(".dayOfMonth:"))!
                .split(":")
                .slice(0, 2)
                .join(":");
            assertProblem(problems, key, 'must be "1".."31" or "LAST"', "got true");
        });

        it("no alert recipient at all", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "alerting", a => {
                    a.emails = [];
                }),
            );
            assertProblem(
                problems,
                "iot-defender:alerting.emails",
                "no alert recipient",
                "httpsEndpoint",
                "sqsQueueArn",
            );
        });

        it("a MONTHLY audit without a day of the month, and a WEEKLY one with one", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "audit", a => {
                    a.schedules = [
                        { name: "monthly", frequency: "MONTHLY" },
                        { name: "weekly", frequency: "WEEKLY", dayOfWeek: "MON", dayOfMonth: "3" },
                    ];
                }),
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[0].dayOfMonth",
                "required when frequency is MONTHLY",
                '"LAST"',
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[1].dayOfMonth",
                "must not be set when frequency is WEEKLY",
                'got "3"',
            );
        });

        it("a bad day of the month or of the week", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "audit", a => {
                    a.schedules = [
                        { name: "m", frequency: "MONTHLY", dayOfMonth: 32 },
                        { name: "w", frequency: "BIWEEKLY", dayOfWeek: "MONDAY" },
                    ];
                }),
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[0].dayOfMonth",
                '"1".."31" or "LAST"',
                "32",
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[1].dayOfWeek",
                '"MONDAY"',
                "MON, TUE",
            );
        });

        it("an unknown audit check, and a schedule running a check that is not enabled", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "audit", a => {
                    a.checks.push("DEVICE_CERT_APPROACHING_EXPIRATION_CHECK");
                    a.schedules[0].checks.push(
                        "INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK",
                    );
                }),
            );
            assertProblem(
                problems,
                "iot-defender:audit.checks[14]",
                '"DEVICE_CERT_APPROACHING_EXPIRATION_CHECK"',
                "DEVICE_CERTIFICATE_EXPIRING_CHECK",
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[0].checks[6]",
                "not enabled in audit.checks",
                "INTERMEDIATE_CA_REVOKED",
            );
        });

        it("a certificate threshold out of range or on a check without one", () => {
            const problems = configProblems("prod", v =>
                editJson(v, "audit", a => {
                    a.checkThresholds = {
                        DEVICE_CERTIFICATE_AGE_CHECK: 10,
                        LOGGING_DISABLED_CHECK: 30,
                    };
                }),
            );
            assertProblem(
                problems,
                "iot-defender:audit.checkThresholds.DEVICE_CERTIFICATE_AGE_CHECK",
                "between 30 and 3652",
                "got 10",
            );
            assertProblem(
                problems,
                "iot-defender:audit.checkThresholds.LOGGING_DISABLED_CHECK",
                "not a check with a threshold",
                "DEVICE_CERTIFICATE_EXPIRING_CHECK",
            );
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
