/**
 * The real stack files: dev and prod load with their values, Pulumi.yaml matches the schema, and a
 * missing or broken stack file is named.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { DEFAULT_RULE_BEHAVIORS, settingsSchema } from "../../components/config/schema";
import { PROJECT_ROOT, readStackConfig, stackNames } from "../../components/config/stackFile";
import { AUDIT_CHECK_NAMES } from "../../components/facts";
import { assertProblem, configProblems, stackSettings } from "../harness";

describe("stack configuration", () => {
    describe("the real stack files", () => {
        it("has a dev and a prod stack", () => {
            assert.deepStrictEqual(stackNames(), ["dev", "multi", "prod"]);
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
                /No stack file Pulumi\.staging\.yaml; stacks here: dev, multi, prod/,
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
});
