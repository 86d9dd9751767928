/**
 * Each stack's own settings as built: dev follows the recipe, prod is strict; preview, an
 * audit-only stack, and a config error that stops the build.
 */
import * as assert from "assert";
import { AccountAudit } from "../components/iot/audit/resource";
import { buildOffline, editJson, Json, regionOutputs, TEST_ACCOUNT_ID, UNKNOWN } from "./harness";
import type { OfflineBuild } from "../tools/offline/build";
import { ALARM, builtStacks, PROFILE } from "./stackBuilds";

describe("the stack (dev and prod built offline in one run)", () => {
    const built: Record<string, OfflineBuild> = {};
    before(async () => {
        Object.assign(built, await builtStacks());
    });

    it("dev follows the recipe: weekly audit on Monday, one recipient, all registered things", () => {
        const { engine } = built.dev;
        const [audit] = Object.values(
            engine.ofType(AccountAudit.__pulumiType)[0].inputs.scheduledAudits,
        ) as { frequency: string; dayOfWeek?: string; targetCheckNames: string[] }[];
        assert.deepStrictEqual([audit.frequency, audit.dayOfWeek], ["WEEKLY", "MON"]);
        const recipeChecks = [
            "CA_CERTIFICATE_EXPIRING_CHECK",
            "DEVICE_CERTIFICATE_EXPIRING_CHECK",
            "DEVICE_CERTIFICATE_SHARED_CHECK",
            "IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
            "CONFLICTING_CLIENT_IDS_CHECK",
        ];
        for (const check of recipeChecks)
            assert.ok(
                audit.targetCheckNames.includes(check),
                `weekly audit lacks the recipe's ${check}`,
            );
        assert.deepStrictEqual(
            engine
                .ofType("aws:sns/topicSubscription:TopicSubscription")
                .map(t => t.inputs.protocol)
                .sort(),
            ["email", "lambda"],
        );
        for (const p of engine.ofType(PROFILE))
            assert.deepStrictEqual(p.inputs.targets, [
                `arn:aws:iot:eu-west-1:${TEST_ACCOUNT_ID}:all/registered-things`,
            ]);
    });

    it("prod is strict: every check, daily audit, certificate thresholds, HIGH confidence, several recipients, thing groups", () => {
        const { engine } = built.prod;
        const configuration = engine.ofType(AccountAudit.__pulumiType)[0];
        assert.strictEqual(Object.keys(configuration.inputs.auditCheckConfigurations).length, 17);
        assert.deepStrictEqual(
            configuration.inputs.auditCheckConfigurations.DEVICE_CERTIFICATE_AGE_CHECK,
            { enabled: true, configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "180" } },
        );
        assert.ok(
            Object.values(configuration.inputs.scheduledAudits).some(
                a => (a as { frequency: string }).frequency === "DAILY",
            ),
        );
        const ml = engine.ofType(PROFILE).find(p => p.name.endsWith("-ml"))!;
        assert.ok(
            ml.inputs.behaviors.every(
                (b: Json) => b.criteria.mlDetectionConfig.confidenceLevel === "HIGH",
            ),
        );
        assert.strictEqual(
            engine
                .ofType("aws:sns/topicSubscription:TopicSubscription")
                .filter(t => t.inputs.protocol === "email").length,
            3,
        );
        const groupArns = (...groups: string[]) =>
            groups.map(g => `arn:aws:iot:eu-west-1:${TEST_ACCOUNT_ID}:thinggroup/${g}`);
        assert.deepStrictEqual(
            engine.ofType(PROFILE).map(p => [p.inputs.securityProfileName, p.inputs.targets]),
            [
                ["iot-defender-prod-rules", groupArns("production-gateways", "production-sensors")],
                ["iot-defender-prod-ml", groupArns("production-gateways", "production-sensors")],
                ["iot-defender-prod-gateways-connections", groupArns("production-gateways")],
            ],
        );
    });

    it("builds in preview mode: computed ARNs stay unknown, nothing hangs, the same resources are planned", async () => {
        const preview = await buildOffline("prod", { preview: true });
        assert.strictEqual(regionOutputs(preview).alertTopicArn, UNKNOWN);
        assert.deepStrictEqual(
            preview.engine.resources.map(r => `${r.type}::${r.name}`).sort(),
            built.prod.engine.resources.map(r => `${r.type}::${r.name}`).sort(),
        );
    });

    it("detect disabled: a clean audit-only stack (no profiles, no violation alarms, audit intact)", async () => {
        const built = await buildOffline("prod", {
            edit: v => {
                editJson(v, "detect", d => {
                    d.enabled = false;
                });
                // Detect responses with Detect off are a config error: they would never run.
                editJson(v, "remediation", r => {
                    delete r.violationResponses;
                });
            },
        });
        const { engine } = built;
        assert.deepStrictEqual(engine.ofType(PROFILE), []);
        assert.deepStrictEqual(
            engine.resources.filter(r => r.type === "iot-defender:detect:Detect"),
            [],
        );
        assert.deepStrictEqual(
            engine
                .ofType(ALARM)
                .map(a => a.inputs.metricName ?? "query")
                .sort(),
            ["ApproximateNumberOfMessagesVisible", "Errors", "query"],
        );
        assert.strictEqual(engine.ofType(AccountAudit.__pulumiType).length, 1);
        assert.strictEqual(built.outputs.detectEnabled, false);
        assert.deepStrictEqual(regionOutputs(built).securityProfileNames, []);
        const dashboard = JSON.parse(
            engine.ofType("aws:cloudwatch/dashboard:Dashboard")[0].inputs.dashboardBody,
        );
        assert.ok(!JSON.stringify(dashboard).includes("Violations"));
    });

    it("a config error stops the build before any resource is registered", async () => {
        let engineResources = -1;
        await assert.rejects(
            buildOffline("dev", {
                edit: v =>
                    editJson(v, "detect", d => {
                        d.engine = "device-defender";
                        d.ml = { metrics: ["aws:source-ip-address"] };
                    }),
            }).then(b => {
                engineResources = b.engine.resources.length;
            }),
            /iot-defender:detect\.ml\.metrics\[0\]/,
        );
        assert.strictEqual(engineResources, -1);
    });
});
