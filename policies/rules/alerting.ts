/**
 * Alerting rules: the alert targets' roles can really publish (to the topic, and with its key), topics
 * are encrypted with a key that lets CloudWatch alarm notifications through, and keys rotate.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ALERT_TARGET_TYPE, DYNAMIC_TYPES, SERVICE_PRINCIPAL } from "../../components/facts";
import { permits, Request, requestContext } from "./access";
import {
    AWS,
    configOf,
    nonEmptyString,
    ofType,
    Report,
    schemaWithDefaults,
    trustsService,
    Unknowns,
} from "./common";
import { kmsKeyRotation, snsTopicKms } from "./encryption";
import { arnIn, documentStatements } from "./preview";
import { findRole, findTopic, roleStatements, topicPolicyStatements } from "./stackResources";
import { checkTopicKey, KMS_PUBLISH_ACTIONS } from "./topicKey";

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
    const kinds = [
        {
            type: DYNAMIC_TYPES.SecurityProfile,
            key: "alertTargets",
            topic: "alertTargetArn",
            what: "security profile",
        },
        {
            type: DYNAMIC_TYPES.AccountAudit,
            key: "auditNotificationTargetConfigurations",
            topic: "targetArn",
            what: "audit notifications of",
        },
    ];
    for (const kind of kinds)
        for (const r of ofType(resources, kind.type)) {
            const sns = () => r.props[kind.key]?.[ALERT_TARGET_TYPE];
            if (unknowns.get(sns) === undefined) continue;
            // In preview the ARNs are unknown: each is the one topic, or role, the property depends on.
            const arn = (field: string, type: string) =>
                arnIn(r, kind.key, () => sns()[field], [type], resources, unknowns);
            const topicArn = arn(kind.topic, AWS.Topic),
                roleArn = arn("roleArn", AWS.Role);
            if (nonEmptyString(topicArn) && nonEmptyString(roleArn))
                out.push({ owner: r, what: `${kind.what} ${r.name}`, topicArn, roleArn });
        }
    return out;
}

/** The publisher role's sns:Publish request on the topic. */
function publishRequest(roleArn: string, topicArn: string, now: Date): Request {
    const caller = { roleArn };
    return {
        caller,
        action: "sns:Publish",
        resource: topicArn,
        context: requestContext(caller, topicArn, now),
    };
}

/** The role of one alert target: in the stack, assumable by IoT, allowed to publish to the topic and to use its key. */
function checkTargetRole(
    t: AlertTarget,
    resources: readonly PolicyResource[],
    report: Report,
    now: Date,
): void {
    const unknowns = new Unknowns();
    const role = findRole(resources, t.roleArn, unknowns);
    if (!role) {
        unknowns.violation(
            report,
            `${t.what}: alert target role ${t.roleArn} is not an IAM role of this stack, so its trust and permissions cannot be checked`,
            t.owner.urn,
        );
        return;
    }
    const trust =
        unknowns.get(() =>
            documentStatements(
                role,
                "assumeRolePolicy",
                () => role.props.assumeRolePolicy,
                resources,
            ),
        ) ?? [];
    if (!trust.some(s => trustsService(s, SERVICE_PRINCIPAL))) {
        unknowns.violation(
            report,
            `${t.what}: role ${role.name} cannot be assumed by ${SERVICE_PRINCIPAL} (no Allow sts:AssumeRole for that service in its trust policy)`,
            role.urn,
        );
    }
    const stmts = roleStatements(role, resources, unknowns);
    const topicStatements = topicPolicyStatements(resources, t.topicArn, unknowns);
    if (!permits(publishRequest(t.roleArn, t.topicArn, now), stmts, topicStatements)) {
        unknowns.violation(
            report,
            `${t.what}: role ${role.name} is not allowed sns:Publish on ${t.topicArn} (by its IAM policies or the topic policy, with a condition that can hold and no Deny that may apply)`,
            role.urn,
        );
    }
    checkTopicKey(t, role, stmts, resources, unknowns, report, now);
}

const ROLE_DEFAULTS = {
    /** The alert topic must be an SNS topic of this stack (not one managed elsewhere). */
    requireTopicInStack: true,
};

export const alertTargetRole: StackValidationPolicy = {
    name: "iot-alert-target-role-can-publish",
    description: `The role of every SNS alert target (security profiles, audit notifications) is a role of this stack, assumable by ${SERVICE_PRINCIPAL}, and allowed sns:Publish on that very topic by its inline, RolePolicy or attached policies (customer-managed ones of the stack, and the AWS-managed ones whose grants are known), and, when the topic is encrypted with a key of the stack, ${KMS_PUBLISH_ACTIONS.join(" and ")} on that key (by the key policy, or by its IAM policies where the key policy delegates to IAM); the topic is in the stack (requireTopicInStack).`,
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults(ROLE_DEFAULTS, { requireTopicInStack: { type: "boolean" } }),
    validateStack: (args, report) => {
        const cfg = configOf(args, ROLE_DEFAULTS);
        const now = new Date();
        const unknowns = new Unknowns();
        const targets = alertTargets(args.resources, unknowns);
        if (targets.length === 0 && !unknowns.any)
            args.notApplicable("no SNS alert targets in the stack");
        // Each check runs on its own: a value unknown to one (preview) does not hide the others' verdicts.
        for (const t of targets) {
            unknowns.run(() => checkTargetRole(t, args.resources, report, now));
            if (cfg.requireTopicInStack) {
                unknowns.run(() => {
                    const topicUnknowns = new Unknowns();
                    if (!findTopic(args.resources, t.topicArn, topicUnknowns)) {
                        topicUnknowns.violation(
                            report,
                            `${t.what}: alert topic ${t.topicArn} is not an SNS topic of this stack`,
                            t.owner.urn,
                        );
                    }
                });
            }
        }
        // Targets whose topic or role is unknown, and checks stopped by an unknown, were not checked:
        // the server turns this into its "can't run during preview" note instead of a silent pass.
        unknowns.rethrow();
    },
};

export const alertingPolicies = [alertTargetRole, snsTopicKms, kmsKeyRotation];
