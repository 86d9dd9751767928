/**
 * The pack end to end: the real stacks built offline and checked with their policy pack config
 * files, a broken stack rejected, config files validated like the CLI does.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DYNAMIC_TYPES } from "../../components/facts";
import { AWS } from "../../policies/rules/common";
import { allPolicies } from "../../policies/rules";
import { detectPolicies } from "../../policies/rules/detect";
import { profilePolicies } from "../../policies/rules/profileSet";
import { SecurityProfile, SecurityProfileArgs } from "../../components/iot/securityProfile";
import { main, StackBuilder } from "../../tools/offline/check";
import { readPackConfig } from "../../tools/offline/policyConfig";
import { evaluate, Finding, formatFinding } from "../../tools/offline/policyRunner";
import { insightRulesAlarmed } from "../../policies/rules/logs";
import { buildOffline, editJson } from "../harness";

const ROOT = path.join(__dirname, "..", "..");
const configFile = (stack: string) => path.join(ROOT, "policies", `policy-config.${stack}.json`);
const mandatory = (findings: readonly Finding[]) => findings.filter(f => f.level === "mandatory");
const HEADLINE = "iot-security-profile-sns-alert-target";
/** Policies of the other Detect engine than the stack's, which find nothing to check there. */
const otherEngine: Record<string, string[]> = {
    dev: [...detectPolicies, ...profilePolicies].map(p => p.name),
    prod: [insightRulesAlarmed.name],
};

describe("policy pack on the real stacks (offline)", () => {
    for (const stack of ["dev", "prod"]) {
        for (const preview of [false, true]) {
            it(`${stack}${preview ? " in preview" : ""} has no mandatory violation under policy-config.${stack}.json`, async () => {
                const build = await buildOffline(stack, { preview });
                const result = await evaluate(build.engine.resources, {
                    config: readPackConfig(configFile(stack)),
                    preview,
                    stack,
                });
                assert.deepStrictEqual(mandatory(result.findings).map(formatFinding), []);
                // Every policy ran on something: the rules recognise what the program registers.
                const neverApplied = result.policies
                    .map(p => p.name)
                    .filter(name => {
                        const skipped = result.notApplicable.filter(n => n.policy === name).length;
                        return (
                            skipped >=
                            ("validateStack" in allPolicies.find(p => p.name === name)!
                                ? 1
                                : result.resources)
                        );
                    });
                assert.deepStrictEqual(neverApplied, otherEngine[stack]);
            });
        }
    }

    it("in preview, values unknown to a policy become advisory notes, never violations", async () => {
        const build = await buildOffline("prod", { preview: true });
        const result = await evaluate(build.engine.resources, {
            config: { all: "mandatory" },
            preview: true,
        });
        const notes = result.findings.filter(f => f.unknown);
        // Policy documents are objects whose ARNs only are unknown: the resource rules read them,
        // and the stack rules take an unknown ARN for the one resource it depends on. What remains
        // needs the account of the roles, which prod's config does not name (aws:allowedAccountIds),
        // and the logging rules below.
        assert.deepStrictEqual([...new Set(notes.map(f => f.policy))].sort(), [
            "iam-iot-trust-own-account",
            "iot-alert-target-role-can-publish",
            // The mitigation actions' parameter blocks are built from role, group and topic ARNs:
            // the enable-iot-logging action's level and logging role are known at `pulumi up`.
            "iot-logging-not-debug",
            "iot-logging-role-scoped",
            // The export role's ARN (metricsExportConfig.roleArn) is known only once it exists.
            "iot-metrics-export-role-scoped",
        ]);
        assert.deepStrictEqual(
            result.findings.filter(f => f.policy === "sns-topic-kms-encrypted").map(formatFinding),
            [],
            "the topic's key, unknown in preview, counts as set: no note",
        );
        assert.ok(notes.every(f => f.level === "advisory" && f.message.includes("during preview")));
        assert.deepStrictEqual(mandatory(result.findings), []);
    });

    it("the headline rule runs in the preview of a new stack: the alert target map is known, only its ARNs are not", async () => {
        const build = await buildOffline("prod", { preview: true });
        const profiles = build.engine.ofType(DYNAMIC_TYPES.SecurityProfile);
        const passing = await evaluate(build.engine.resources, {
            config: readPackConfig(configFile("prod")),
            preview: true,
        });
        assert.deepStrictEqual(
            passing.findings.filter(f => f.policy === HEADLINE).map(formatFinding),
            [],
            "no violation and no 'can't run' note",
        );
        delete profiles[0].inputs.alertTargets.SNS.roleArn;
        const failing = await evaluate(build.engine.resources, {
            config: readPackConfig(configFile("prod")),
            preview: true,
        });
        assert.deepStrictEqual(mandatory(failing.findings).map(formatFinding), [
            `[mandatory] ${HEADLINE} ${DYNAMIC_TYPES.SecurityProfile} ${profiles[0].name}: alertTargets.SNS.roleArn is missing: Device Defender needs a role to publish to the topic`,
        ]);
    });

    it("the audit notifications rule runs in the preview of a new stack: the notification map is known, only its ARNs are not", async () => {
        const build = await buildOffline("prod", { preview: true });
        const result = await evaluate(build.engine.resources, {
            config: readPackConfig(configFile("prod")),
            preview: true,
        });
        assert.deepStrictEqual(
            result.findings
                .filter(f => f.policy === "iot-audit-notifications-enabled")
                .map(formatFinding),
            [],
            "no violation and no 'can't run' note",
        );
        assert.strictEqual(build.engine.ofType(DYNAMIC_TYPES.AccountAudit).length, 1);
        assert.ok(
            !result.notApplicable.some(
                n =>
                    n.policy === "iot-audit-notifications-enabled" &&
                    n.urn?.includes(DYNAMIC_TYPES.AccountAudit),
            ),
            "the rule ran on the audit configuration",
        );
    });

    it("npm run check rejects a built stack with a security profile that has no alert target: exit 1, the rule and the resource named", async () => {
        // The stack config cannot leave a profile without alert targets (Detect always wires them), so
        // the check's build registers one more profile, a copy of the stack's own without alertTargets,
        // in the same offline engine after the stack.
        const withUnalertedProfile: StackBuilder = async (stack, options) => {
            const build = await buildOffline(stack, options);
            const [profile] = build.engine.ofType(DYNAMIC_TYPES.SecurityProfile);
            const { __provider: _provider, alertTargets: _dropped, ...inputs } = profile.inputs;
            new SecurityProfile("unalerted", {
                ...(inputs as SecurityProfileArgs),
                securityProfileName: "unalerted-profile",
            });
            await build.engine.settle();
            return build;
        };
        const lines: string[] = [];
        assert.strictEqual(await main(["prod"], l => lines.push(l), withUnalertedProfile), 1);
        assert.deepStrictEqual(
            lines.filter(l => l.startsWith("[mandatory]")),
            [
                `[mandatory] ${HEADLINE} ${DYNAMIC_TYPES.SecurityProfile} unalerted: security profile unalerted-profile has no alertTargets: its violations would reach nobody; set alertTargets.SNS = { alertTargetArn, roleArn }`,
            ],
        );
        assert.match(
            lines[lines.length - 1],
            /^policy check prod: \d+ resources, \d+ policies: 1 mandatory, \d+ advisory violation\(s\) - FAILED$/,
        );
    });

    it("the strict (prod) pack requires an audit configuration; dev's does not", async () => {
        const auditOff = (stack: string) =>
            buildOffline(stack, {
                edit: v => {
                    editJson(v, "audit", a => {
                        a.enabled = false;
                    });
                    // Audit responses with Audit off are a config error: they would never run.
                    editJson(v, "remediation", r => {
                        delete r.auditResponses;
                    });
                },
            });
        const prod = await evaluate((await auditOff("prod")).engine.resources, {
            config: readPackConfig(configFile("prod")),
            stack: "prod",
        });
        assert.deepStrictEqual(
            mandatory(prod.findings).map(f => `${f.policy} ${f.name}: ${f.message}`),
            [
                `iot-audit-scheduled prod: the stack has no account audit configuration (${DYNAMIC_TYPES.AccountAudit}), so nothing is audited, and requireAuditConfiguration is on: deploy one (iot-defender:audit.enabled: true)`,
            ],
        );
        const dev = await evaluate((await auditOff("dev")).engine.resources, {
            config: readPackConfig(configFile("dev")),
            stack: "dev",
        });
        assert.deepStrictEqual(mandatory(dev.findings).map(formatFinding), []);
    });

    it("rejects a stack whose alert topic uses the AWS-managed SNS key", async () => {
        const build = await buildOffline("dev", {
            edit: v =>
                editJson(v, "detect", d => {
                    d.enabled = false;
                }),
        });
        const topic = build.engine.ofType(AWS.Topic)[0];
        (topic.inputs as Record<string, unknown>).kmsMasterKeyId = "alias/aws/sns";
        const result = await evaluate(build.engine.resources, {
            config: readPackConfig(configFile("dev")),
        });
        assert.deepStrictEqual(
            mandatory(result.findings).map(f => `${f.policy} ${f.name}`),
            [`sns-topic-kms-encrypted ${topic.name}`],
        );
    });

    it("npm run check: prints violations and a summary, exits 0 on dev and 2 on a bad config file", async () => {
        const lines: string[] = [];
        assert.strictEqual(await main(["dev"], l => lines.push(l)), 0);
        assert.match(
            lines[lines.length - 1],
            /^policy check dev: \d+ resources, \d+ policies: 0 mandatory, \d+ advisory violation\(s\) - passed$/,
        );
        assert.ok(
            lines.slice(1, -1).every(l => l.startsWith("[advisory] ")),
            lines.join("\n"),
        );
        const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pc-")), "bad.json");
        fs.writeFileSync(
            bad,
            JSON.stringify({ "iot-ml-confidence": { minConfidence: "SOMETIMES" } }),
        );
        const out: string[] = [];
        assert.strictEqual(await main(["dev", "--config", bad], l => out.push(l)), 2);
        assert.match(
            out.join("\n"),
            /iot-ml-confidence.minConfidence must be one of "LOW", "MEDIUM", "HIGH"/,
        );
        assert.strictEqual(await main([], () => undefined), 2);
    });

    it("npm run check: a --config file that does not exist is named, exit 2, before anything is built", async () => {
        const out: string[] = [];
        const neverBuilt: StackBuilder = () =>
            assert.fail("a missing config file must stop before building the stack");
        assert.strictEqual(
            await main(["dev", "--config", "nope.json"], l => out.push(l), neverBuilt),
            2,
        );
        assert.ok(
            out.some(l => l.includes("--config: no such file nope.json")),
            out.join("\n"),
        );
    });

    it("npm run check: --config without a file is a one-line usage error (exit 2), never the default file", async () => {
        const neverBuilt: StackBuilder = () =>
            assert.fail("a usage error must stop before building the stack");
        for (const argv of [
            ["dev", "--config"],
            ["dev", "--config", "--preview"],
            ["dev", "--config="],
        ]) {
            const out: string[] = [];
            assert.strictEqual(await main(argv, l => out.push(l), neverBuilt), 2, argv.join(" "));
            assert.strictEqual(out.length, 1, out.join("\n"));
            assert.match(
                out[0],
                /^--config needs a policy pack config file; got .+\. usage: npm run check -- <stack> /,
            );
        }
    });
});
