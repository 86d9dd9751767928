/**
 * The pack's config files (tools/offline/policyConfig.ts): levels resolved per policy, then "all",
 * then the policy's own; unknown policies, levels and properties refused; the stacks' files valid.
 */
import * as assert from "assert";
import * as path from "path";
import { AUDIT_CHECK_NAMES } from "../../components/facts";
import { allPolicies } from "../../policies/rules";
import {
    PolicyConfigError,
    PolicyDescription,
    readPackConfig,
    resolvePolicies,
} from "../../tools/offline/policyConfig";

const ROOT = path.join(__dirname, "..", "..");
const configFile = (stack: string) => path.join(ROOT, "policies", `policy-config.${stack}.json`);
/** The rules as the analyzer describes them (name, level, config schema). */
const packPolicies = allPolicies as readonly PolicyDescription[];

describe("policy pack config", () => {
    it('levels: per-policy, then "all", then the policy\'s own', () => {
        const levels = (file: Record<string, unknown>) =>
            Object.fromEntries(resolvePolicies(packPolicies, file).map(r => [r.name, r.level]));
        assert.strictEqual(levels({})["iot-behavior-thresholds"], "advisory");
        assert.strictEqual(levels({})["required-tags"], "mandatory");
        assert.strictEqual(levels({ all: "mandatory" })["iot-behavior-thresholds"], "mandatory");
        assert.strictEqual(
            levels({ all: "mandatory", "iot-behavior-thresholds": "disabled" })[
                "iot-behavior-thresholds"
            ],
            "disabled",
        );
        assert.strictEqual(
            levels({ all: "advisory", "required-tags": { enforcementLevel: "mandatory" } })[
                "required-tags"
            ],
            "mandatory",
        );
    });
    it("rejects unknown policies, levels and properties, and values against the schema", () => {
        assert.throws(
            () => resolvePolicies(packPolicies, { "no-such-policy": "mandatory" }),
            PolicyConfigError,
        );
        assert.throws(
            () => resolvePolicies(packPolicies, { all: "strict" }),
            /all: must be one of/,
        );
        assert.throws(
            () => resolvePolicies(packPolicies, { "required-tags": { tagz: [] } }),
            /required-tags.tagz: not a config property/,
        );
        assert.throws(
            () =>
                resolvePolicies(packPolicies, {
                    "iot-audit-required-checks": { requiredChecks: ["NO_SUCH_CHECK"] },
                }),
            /requiredChecks\[0\] must be one of/,
        );
        assert.throws(
            () => resolvePolicies(packPolicies, { "iot-behavior-thresholds": { maxCount: 1.5 } }),
            /maxCount must be integer/,
        );
    });
    it("the stack config files are valid; prod is all mandatory and requires every audit check", () => {
        for (const stack of ["dev", "prod"])
            resolvePolicies(packPolicies, readPackConfig(configFile(stack)));
        const prod = readPackConfig(configFile("prod"));
        assert.strictEqual(prod.all, "mandatory");
        assert.deepStrictEqual(
            [
                ...(prod["iot-audit-required-checks"] as { requiredChecks: string[] })
                    .requiredChecks,
            ].sort(),
            [...AUDIT_CHECK_NAMES].sort(),
        );
    });
    it("policies have unique names, no reserved name, and never declare enforcementLevel in their config schema", () => {
        const names = allPolicies.map(p => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        assert.ok(!names.includes("all"));
        for (const p of allPolicies) {
            assert.ok(!("enforcementLevel" in (p.configSchema?.properties ?? {})), p.name);
            assert.ok(!(p.configSchema?.required ?? []).includes("enforcementLevel"), p.name);
            assert.ok(
                p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory",
                p.name,
            );
        }
    });
});
