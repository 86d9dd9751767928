/**
 * Alerting rules: the alert targets' roles can really publish, topics are encrypted with a key that
 * lets CloudWatch alarm notifications through, and keys rotate.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ALERT_TARGET_TYPE, DYNAMIC_TYPES, SERVICE_PRINCIPAL } from "../../components/facts";
import {
    AWS, asArray, configOf, coversAction, coversResource, forTypes, isAllow, isObject, nonEmptyString, ofType, roleNameFromArn,
    schemaWithDefaults, Statement, statements, trustsService, Unknowns,
} from "./common";

interface AlertTarget {
    /** The resource that names the target (security profile or audit configuration). */
    owner: PolicyResource;
    what: string;
    topicArn: string;
    roleArn: string;
}

/** SNS targets of security profiles and of the audit configuration, as far as they are known and set. */
function alertTargets(resources: readonly PolicyResource[], unknowns: Unknowns): AlertTarget[] {
    const out: AlertTarget[] = [];
    for (const r of ofType(resources, DYNAMIC_TYPES.SecurityProfile)) {
        const sns = unknowns.get(() => r.props.alertTargets?.[ALERT_TARGET_TYPE]);
        const topicArn = unknowns.get(() => sns?.alertTargetArn), roleArn = unknowns.get(() => sns?.roleArn);
        if (nonEmptyString(topicArn) && nonEmptyString(roleArn)) out.push({ owner: r, what: `security profile ${r.name}`, topicArn, roleArn });
    }
    for (const r of ofType(resources, DYNAMIC_TYPES.AccountAuditConfiguration)) {
        const sns = unknowns.get(() => r.props.auditNotificationTargetConfigurations?.[ALERT_TARGET_TYPE]);
        const topicArn = unknowns.get(() => sns?.targetArn), roleArn = unknowns.get(() => sns?.roleArn);
        if (nonEmptyString(topicArn) && nonEmptyString(roleArn)) out.push({ owner: r, what: `audit notifications of ${r.name}`, topicArn, roleArn });
    }
    return out;
}

/** The role in the stack with this ARN (by `arn`, or by the name in the ARN). */
function findRole(resources: readonly PolicyResource[], roleArn: string, unknowns: Unknowns): PolicyResource | undefined {
    const name = roleNameFromArn(roleArn);
    return ofType(resources, AWS.Role).find(r => unknowns.get(() => r.props.arn) === roleArn || (name !== undefined && unknowns.get(() => r.props.name) === name));
}

/**
 * Every policy document that applies to a role: its inline policies, RolePolicy resources naming it,
 * and customer-managed policies in the stack attached to it (RolePolicyAttachment, PolicyAttachment,
 * managedPolicyArns). AWS-managed policies cannot be read here and grant nothing in this check.
 */
export function roleDocuments(role: PolicyResource, resources: readonly PolicyResource[], unknowns: Unknowns): unknown[] {
    const refs = new Set([() => role.props.name, () => role.props.id, () => role.props.arn].map(f => unknowns.get(f)).filter(nonEmptyString));
    const refersToRole = (v: unknown) => typeof v === "string" && refs.has(v);
    const docs: unknown[] = [];
    for (const p of asArray(unknowns.get(() => role.props.inlinePolicies))) {
        const doc = unknowns.get(() => (isObject(p) ? p.policy : undefined));
        if (doc !== undefined) docs.push(doc);
    }
    for (const rp of ofType(resources, AWS.RolePolicy)) {
        if (refersToRole(unknowns.get(() => rp.props.role))) docs.push(unknowns.get(() => rp.props.policy));
    }
    const policyArns = new Set<string>(asArray(unknowns.get(() => role.props.managedPolicyArns)).filter(nonEmptyString));
    for (const a of ofType(resources, AWS.RolePolicyAttachment)) {
        const arn = unknowns.get(() => a.props.policyArn);
        if (refersToRole(unknowns.get(() => a.props.role)) && nonEmptyString(arn)) policyArns.add(arn);
    }
    for (const a of ofType(resources, AWS.PolicyAttachment)) {
        const roles = asArray(unknowns.get(() => a.props.roles));
        const arn = unknowns.get(() => a.props.policyArn);
        if (roles.some(refersToRole) && nonEmptyString(arn)) policyArns.add(arn);
    }
    for (const p of ofType(resources, AWS.Policy)) {
        if (policyArns.has(unknowns.get(() => p.props.arn))) docs.push(unknowns.get(() => p.props.policy));
    }
    return docs.filter(d => d !== undefined);
}

/** Whether the statements allow `action` on `arn` (and no Deny statement takes it away). */
export function grants(stmts: readonly Statement[], action: string, arn: string): boolean {
    const matches = (s: Statement) => coversAction(s, action) && coversResource(s, arn);
    return stmts.some(s => isAllow(s) && matches(s)) && !stmts.some(s => s.Effect === "Deny" && matches(s));
}

const ROLE_DEFAULTS = {
    /** The alert topic must be an SNS topic of this stack (not one managed elsewhere). */
    requireTopicInStack: true,
};

export const alertTargetRole: StackValidationPolicy = {
    name: "iot-alert-target-role-can-publish",
    description: `The role of every SNS alert target (security profiles, audit notifications) is a role of this stack, assumable by ${SERVICE_PRINCIPAL}, and allowed sns:Publish on that very topic by its inline, RolePolicy or attached customer-managed policies; the topic is in the stack (requireTopicInStack).`,
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults(ROLE_DEFAULTS, { requireTopicInStack: { type: "boolean" } }),
    validateStack: (args, report) => {
        const cfg = configOf(args, ROLE_DEFAULTS);
        const targetUnknowns = new Unknowns();
        const targets = alertTargets(args.resources, targetUnknowns);
        if (targets.length === 0) {
            if (targetUnknowns.any) targetUnknowns.violation(report, "unreachable"); // rethrows the unknown
            args.notApplicable("no SNS alert targets in the stack");
        }
        for (const t of targets) {
            const unknowns = new Unknowns();
            const role = findRole(args.resources, t.roleArn, unknowns);
            if (!role) {
                unknowns.violation(report, `${t.what}: alert target role ${t.roleArn} is not an IAM role of this stack, so its trust and permissions cannot be checked`, t.owner.urn);
                continue;
            }
            const trust = unknowns.get(() => statements(role.props.assumeRolePolicy)) ?? [];
            if (!trust.some(s => trustsService(s, SERVICE_PRINCIPAL))) {
                unknowns.violation(report, `${t.what}: role ${role.name} cannot be assumed by ${SERVICE_PRINCIPAL} (no Allow sts:AssumeRole for that service in its trust policy)`, role.urn);
            }
            const stmts = roleDocuments(role, args.resources, unknowns).flatMap(d => unknowns.get(() => statements(d)) ?? []);
            if (!grants(stmts, "sns:Publish", t.topicArn)) {
                unknowns.violation(report, `${t.what}: role ${role.name} is not allowed sns:Publish on ${t.topicArn}`, role.urn);
            }
            if (cfg.requireTopicInStack) {
                const topicUnknowns = new Unknowns();
                if (!ofType(args.resources, AWS.Topic).some(topic => topicUnknowns.get(() => topic.props.arn) === t.topicArn)) {
                    topicUnknowns.violation(report, `${t.what}: alert topic ${t.topicArn} is not an SNS topic of this stack`, t.owner.urn);
                }
            }
        }
    },
};

/** The AWS-managed SNS key: CloudWatch cannot use it, so alarm notifications to the topic are dropped. */
export function isAwsManagedSnsKey(key: string): boolean {
    return key === "alias/aws/sns" || /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:alias\/aws\/sns$/.test(key);
}

export const snsTopicKms: ResourceValidationPolicy = {
    name: "sns-topic-kms-encrypted",
    description: "SNS topics are encrypted with a customer-managed KMS key (kmsMasterKeyId set, not the AWS-managed alias/aws/sns, whose key policy does not let CloudWatch alarms publish: their notifications would be dropped).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.Topic], (props, _args, report) => {
        if (!("kmsMasterKeyId" in props) || props.kmsMasterKeyId === undefined || props.kmsMasterKeyId === "") {
            report("SNS topic is not encrypted: set kmsMasterKeyId to a customer-managed KMS key");
            return;
        }
        const key = props.kmsMasterKeyId;
        if (typeof key === "string" && isAwsManagedSnsKey(key)) {
            report(`SNS topic uses the AWS-managed key ${key}: CloudWatch alarm notifications to it are dropped; use a customer-managed key that allows cloudwatch.amazonaws.com`);
        }
    }),
};

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation-enabled",
    description: "Symmetric customer-managed KMS keys have automatic rotation enabled (enableKeyRotation: true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forTypes([AWS.KmsKey], (props, args, report) => {
        const spec = props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") args.notApplicable(`rotation does not apply to ${spec} keys`);
        if (props.enableKeyRotation !== true) report("KMS key rotation is off: set enableKeyRotation: true");
    }),
};

export const alertingPolicies = [alertTargetRole, snsTopicKms, kmsKeyRotation];
