/**
 * The pack reads its config defensively: whatever `Configure` handed the analyzer (the CLI checks
 * the schemas first, but not every engine, service or hand-written config does), a malformed,
 * misspelt or hollowing value stops the rule with an error naming the key, the value and what is
 * allowed; it never runs weakened. Each case calls the rule as the analyzer does, with the config as
 * `getConfig()` returns it.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as assert from "assert";
import { DYNAMIC_TYPES } from "../../components/facts";
import { alertTargetRole } from "../../policies/rules/alerting";
import { auditRequiredChecks } from "../../policies/rules/audit";
import { AWS } from "../../policies/rules/common";
import { behaviorThresholds } from "../../policies/rules/behaviors";
import { iamNoWildcards } from "../../policies/rules/iam";
import { requiredTags } from "../../policies/rules/tags";
import { NotApplicable, policyDoc, resourceArgs } from "./helpers";

/** Runs a resource rule with `config` as getConfig() returns it; the error it throws, if any. */
function failure(
    policy: ResourceValidationPolicy,
    type: string,
    props: Record<string, unknown>,
    config: unknown,
): string | undefined {
    const args = { ...resourceArgs(policy, type, props), getConfig: () => config as never };
    const validate = policy.validateResource as (a: typeof args, r: () => void) => void;
    try {
        validate(args, () => undefined);
        return undefined;
    } catch (e) {
        return e instanceof NotApplicable ? undefined : (e as Error).message;
    }
}

const role = { assumeRolePolicy: "{}", inlinePolicies: [] };
const rolePolicy = {
    role: "r",
    policy: policyDoc({ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "*" }),
};

/** Hostile or malformed configs, each with the rule, a resource it applies to and what the error must say. */
const HOSTILE: readonly {
    what: string;
    policy: ResourceValidationPolicy;
    type: string;
    props: Record<string, unknown>;
    config: unknown;
    says: string;
}[] = [
    {
        what: "requiredTags as one string instead of a list",
        policy: requiredTags,
        type: AWS.Topic,
        props: {},
        config: { requiredTags: "Project" },
        says: 'requiredTags must be an array; got "Project"',
    },
    {
        what: "requiredTags emptied",
        policy: requiredTags,
        type: AWS.Topic,
        props: {},
        config: { requiredTags: [] },
        says: "requiredTags must list at least 1 item(s) (to enforce none, disable the policy); got []",
    },
    {
        what: "a blank tag key",
        policy: requiredTags,
        type: AWS.Topic,
        props: {},
        config: { requiredTags: ["Project", ""] },
        says: 'requiredTags[1] must not be empty; got ""',
    },
    {
        what: "a misspelt key (its stricter intent would be ignored)",
        policy: behaviorThresholds,
        type: DYNAMIC_TYPES.SecurityProfile,
        props: { behaviors: [] },
        config: { maxcount: 10 },
        says: "maxcount is not a config key of this policy (keys: maxCount, maxCountByMetric, maxConsecutiveDatapointsToAlarm)",
    },
    {
        what: "a count threshold as text",
        policy: behaviorThresholds,
        type: DYNAMIC_TYPES.SecurityProfile,
        props: { behaviors: [] },
        config: { maxCount: "100" },
        says: 'maxCount must be a whole number; got "100"',
    },
    {
        what: "a negative per-metric threshold",
        policy: behaviorThresholds,
        type: DYNAMIC_TYPES.SecurityProfile,
        props: { behaviors: [] },
        config: { maxCountByMetric: { "aws:num-messages-sent": -1 } },
        says: "maxCountByMetric.aws:num-messages-sent must be at least 0; got -1",
    },
    {
        what: "requiredChecks emptied",
        policy: auditRequiredChecks,
        type: DYNAMIC_TYPES.AccountAudit,
        props: {},
        config: { requiredChecks: [] },
        says: "requiredChecks must list at least 1 item(s)",
    },
    {
        what: "a required check that does not exist",
        policy: auditRequiredChecks,
        type: DYNAMIC_TYPES.AccountAudit,
        props: {},
        config: { requiredChecks: ["LOGGING_DISABLED_CHECK", "NO_SUCH_CHECK"] },
        says: 'requiredChecks[1] must be one of "',
    },
    {
        what: "a whole service exempted on any resource (iam:*)",
        policy: iamNoWildcards,
        type: AWS.RolePolicy,
        props: rolePolicy,
        config: { allowedActionsOnAnyResource: ["iam:*"] },
        says: 'allowedActionsOnAnyResource "iam:*" would exempt every action of its service',
    },
    {
        what: "a privileged write exempted (iam:PutRolePolicy)",
        policy: iamNoWildcards,
        type: AWS.RolePolicy,
        props: rolePolicy,
        config: { allowedActionsOnAnyResource: ["iam:PutRolePolicy"] },
        says: 'allowedActionsOnAnyResource "iam:PutRolePolicy" would exempt',
    },
    {
        what: "IAM no longer privileged",
        policy: iamNoWildcards,
        type: AWS.Role,
        props: role,
        config: { privilegedServices: ["organizations"] },
        says: 'privilegedServices must include "iam"',
    },
    {
        what: "AdministratorAccess no longer forbidden",
        policy: iamNoWildcards,
        type: AWS.Role,
        props: role,
        config: { forbiddenManagedPolicies: [] },
        says: 'forbiddenManagedPolicies must include "AdministratorAccess"; got []',
    },
    {
        what: "the whole config is not an object",
        policy: requiredTags,
        type: AWS.Topic,
        props: {},
        config: ["Project"],
        says: 'invalid policy config: must be an object; got ["Project"]',
    },
];

describe("policy config as the pack reads it (getConfig)", () => {
    for (const h of HOSTILE) {
        it(`${h.what}: an error naming the key and value, not a weaker rule`, () => {
            const message = failure(h.policy, h.type, h.props, h.config);
            assert.ok(
                message?.includes(h.says),
                `expected ${JSON.stringify(h.says)}; got ${message}`,
            );
        });
    }

    it("a stack rule checks its config too", () => {
        const args = {
            resources: [],
            stackTags: new Map(),
            getConfig: () => ({ requireTopicInStack: "no" }) as never,
            notApplicable: (): never => {
                throw new Error("not applicable");
            },
        };
        assert.throws(
            () => (alertTargetRole as StackValidationPolicy).validateStack(args, () => undefined),
            /requireTopicInStack must be a boolean; got "no"/,
        );
    });

    it("valid configs, within the schema and the rule's point, pass", () => {
        assert.strictEqual(
            failure(iamNoWildcards, AWS.Role, role, {
                allowedActionsOnAnyResource: ["iot:Start*MitigationActionsTask", "iam:Get*"],
                privilegedServices: ["iam", "organizations", "sts"],
                forbiddenManagedPolicies: ["AdministratorAccess"],
            }),
            undefined,
        );
        assert.strictEqual(
            failure(
                requiredTags,
                AWS.Topic,
                { tags: { CostCenter: "x" } },
                { requiredTags: ["CostCenter"] },
            ),
            undefined,
        );
    });

    it(`covers ${HOSTILE.length + 1} hostile or malformed configs`, () => {
        assert.strictEqual(HOSTILE.length + 1, 14);
    });
});
