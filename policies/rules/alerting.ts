/**
 * Alerting rules: the alert targets' roles can really publish (to the topic, and with its key), topics
 * are encrypted with a key that lets CloudWatch alarm notifications through, and keys rotate.
 */
import type {
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    ALERT_TARGET_TYPE,
    DYNAMIC_TYPES,
    managedPolicyGrants,
    SERVICE_PRINCIPAL,
} from "../../components/facts";
import {
    allowedBy,
    applies,
    denied,
    namesAccountOf,
    permits,
    PolicySet,
    Request,
    requestContext,
} from "./access";
import {
    AWS,
    asArray,
    configOf,
    forTypes,
    isAllow,
    isObject,
    nonEmptyString,
    ofType,
    read,
    Report,
    roleNameFromArn,
    schemaWithDefaults,
    Statement,
    statements,
    trustsService,
    Unknowns,
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
        const topicArn = unknowns.get(() => sns?.alertTargetArn),
            roleArn = unknowns.get(() => sns?.roleArn);
        if (nonEmptyString(topicArn) && nonEmptyString(roleArn))
            out.push({ owner: r, what: `security profile ${r.name}`, topicArn, roleArn });
    }
    for (const r of ofType(resources, DYNAMIC_TYPES.AccountAudit)) {
        const sns = unknowns.get(
            () => r.props.auditNotificationTargetConfigurations?.[ALERT_TARGET_TYPE],
        );
        const topicArn = unknowns.get(() => sns?.targetArn),
            roleArn = unknowns.get(() => sns?.roleArn);
        if (nonEmptyString(topicArn) && nonEmptyString(roleArn))
            out.push({ owner: r, what: `audit notifications of ${r.name}`, topicArn, roleArn });
    }
    return out;
}

/**
 * The role in the stack with this ARN. Matched by ARN only: a role of another account may share a
 * name with the stack's. While a role's ARN is unknown (preview), one whose name is the ARN's last
 * segment may be it: that is remembered as unknown, never taken as a match.
 */
function findRole(
    resources: readonly PolicyResource[],
    roleArn: string,
    unknowns: Unknowns,
): PolicyResource | undefined {
    const name = roleNameFromArn(roleArn);
    const roles = ofType(resources, AWS.Role);
    const found = roles.find(r => read(() => r.props.arn).known && r.props.arn === roleArn);
    if (found) return found;
    for (const r of roles) {
        const arn = read(() => r.props.arn);
        if (!arn.known && name !== undefined && unknowns.get(() => r.props.name) === name)
            unknowns.get(() => r.props.arn); // remembers the unknown ARN
    }
    return undefined;
}

/**
 * Every policy document that applies to a role: its inline policies, RolePolicy resources naming it,
 * and the policies attached to it (RolePolicyAttachment, PolicyAttachment, managedPolicyArns): customer-
 * managed ones of the stack, and AWS-managed ones whose grants the facts know (others grant nothing here).
 */
export function roleDocuments(
    role: PolicyResource,
    resources: readonly PolicyResource[],
    unknowns: Unknowns,
): unknown[] {
    const refs = new Set(
        [() => role.props.name, () => role.props.id, () => role.props.arn]
            .map(f => unknowns.get(f))
            .filter(nonEmptyString),
    );
    const refersToRole = (v: unknown) => typeof v === "string" && refs.has(v);
    const docs: unknown[] = [];
    for (const p of asArray(unknowns.get(() => role.props.inlinePolicies))) {
        const doc = unknowns.get(() => (isObject(p) ? p.policy : undefined));
        if (doc !== undefined) docs.push(doc);
    }
    for (const rp of ofType(resources, AWS.RolePolicy)) {
        if (refersToRole(unknowns.get(() => rp.props.role)))
            docs.push(unknowns.get(() => rp.props.policy));
    }
    const policyArns = new Set<string>(
        asArray(unknowns.get(() => role.props.managedPolicyArns)).filter(nonEmptyString),
    );
    for (const a of ofType(resources, AWS.RolePolicyAttachment)) {
        const arn = unknowns.get(() => a.props.policyArn);
        if (refersToRole(unknowns.get(() => a.props.role)) && nonEmptyString(arn))
            policyArns.add(arn);
    }
    for (const a of ofType(resources, AWS.PolicyAttachment)) {
        const roles = asArray(unknowns.get(() => a.props.roles));
        const arn = unknowns.get(() => a.props.policyArn);
        if (roles.some(refersToRole) && nonEmptyString(arn)) policyArns.add(arn);
    }
    for (const p of ofType(resources, AWS.Policy)) {
        if (policyArns.has(unknowns.get(() => p.props.arn)))
            docs.push(unknowns.get(() => p.props.policy));
    }
    for (const arn of policyArns) {
        const known = managedPolicyGrants(arn);
        if (known) docs.push({ Version: "2012-10-17", Statement: known });
    }
    return docs.filter(d => d !== undefined);
}

/** The statements of the stack's topic policies on this topic (TopicPolicy resources and the topic's own `policy`). */
export function topicPolicyStatements(
    resources: readonly PolicyResource[],
    topicArn: string,
    unknowns: Unknowns,
): Statement[] {
    const docs: unknown[] = [];
    for (const tp of ofType(resources, AWS.TopicPolicy))
        if (unknowns.get(() => tp.props.arn) === topicArn)
            docs.push(unknowns.get(() => tp.props.policy));
    const topic = findTopic(resources, topicArn, unknowns);
    if (topic) docs.push(unknowns.get(() => topic.props.policy));
    return docs
        .filter(d => nonEmptyString(d) || isObject(d)) // JSON text, or an object (its leaves may be unknown)
        .flatMap(d => unknowns.get(() => statements(d)) ?? []);
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

/** The SNS topic of the stack with this ARN. */
export function findTopic(
    resources: readonly PolicyResource[],
    topicArn: string,
    unknowns: Unknowns,
): PolicyResource | undefined {
    return ofType(resources, AWS.Topic).find(
        topic => unknowns.get(() => topic.props.arn) === topicArn,
    );
}

/** The KMS key of the stack that `ref` names: a key ARN or id, or an alias name or ARN of the stack. */
export function findKey(
    resources: readonly PolicyResource[],
    ref: string,
    unknowns: Unknowns,
): PolicyResource | undefined {
    const keyNamed = (id: unknown) =>
        !nonEmptyString(id)
            ? undefined
            : ofType(resources, AWS.KmsKey).find(k =>
                  [() => k.props.arn, () => k.props.keyId, () => k.props.id].some(
                      f => unknowns.get(f) === id,
                  ),
              );
    const alias = ofType(resources, AWS.KmsAlias).find(
        a => unknowns.get(() => a.props.name) === ref || unknowns.get(() => a.props.arn) === ref,
    );
    return (
        keyNamed(ref) ??
        (alias &&
            (keyNamed(unknowns.get(() => alias.props.targetKeyArn)) ??
                keyNamed(unknowns.get(() => alias.props.targetKeyId))))
    );
}

/** KMS actions SNS calls with the publisher's credentials on an encrypted topic (granted as kms:GenerateDataKey* and kms:Decrypt). */
const KMS_PUBLISH_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

/**
 * Whether a role may use a key for `action`: the key policy allows the role itself, or it delegates
 * to IAM (allows the account, as the default key policy does) and the role's IAM policies allow the
 * action on the key. A Deny that might apply, in the key policy or the IAM policies, wins. The
 * request comes through SNS in the topic's region (kms:ViaService).
 */
function keyAllows(
    keyPolicy: readonly Statement[] | undefined,
    iam: readonly Statement[],
    roleArn: string,
    keyArn: string,
    topicArn: string,
    action: string,
    now: Date,
): boolean {
    const caller = { roleArn };
    const region = topicArn.split(":")[3];
    const request: Request = {
        caller,
        action,
        resource: keyArn,
        context: requestContext(caller, keyArn, now, {
            "kms:ViaService": `sns.${region}.amazonaws.com`,
        }),
    };
    if (keyPolicy === undefined) return permits(request, iam); // no policy set: AWS's default one delegates to IAM
    const sets: PolicySet[] = [
        { statements: keyPolicy, resourcePolicy: true },
        { statements: iam, resourcePolicy: false },
    ];
    if (denied(request, sets)) return false;
    if (allowedBy(request, [sets[0]])) return true;
    const delegates = keyPolicy.some(
        s => isAllow(s) && namesAccountOf(s, caller) && applies(s, request, false),
    );
    return delegates && allowedBy(request, [sets[1]]);
}

/** A key's policy statements; undefined when it sets none (AWS then applies its default, which delegates to IAM). */
export function keyPolicyOf(key: PolicyResource, unknowns: Unknowns): Statement[] | undefined {
    const policy = read(() => key.props.policy);
    if (!policy.known) return unknowns.get(() => statements(key.props.policy)) ?? []; // remembers the unknown; grants nothing
    const value = policy.value;
    return value === undefined || value === null || value === ""
        ? undefined
        : (unknowns.get(() => statements(value)) ?? []);
}

/**
 * The role's grants on the topic's key, when the topic is encrypted with a key of the stack (an
 * unencrypted topic is sns-topic-kms-encrypted's business; a key managed elsewhere cannot be read).
 */
function checkTopicKey(
    t: AlertTarget,
    role: PolicyResource,
    iam: readonly Statement[],
    resources: readonly PolicyResource[],
    unknowns: Unknowns,
    report: Report,
    now: Date,
): void {
    const lookup = new Unknowns();
    const topic = findTopic(resources, t.topicArn, lookup);
    const keyRef = topic && lookup.get(() => topic.props.kmsMasterKeyId);
    const key = nonEmptyString(keyRef) ? findKey(resources, keyRef, lookup) : undefined;
    if (!key) return lookup.rethrow(); // not applicable, unless an unknown value hid the topic or its key
    const keyArn = unknowns.get(() => key.props.arn);
    const keyPolicy = keyPolicyOf(key, unknowns);
    const refused = KMS_PUBLISH_ACTIONS.filter(
        a =>
            !nonEmptyString(keyArn) ||
            !keyAllows(keyPolicy, iam, t.roleArn, keyArn, t.topicArn, a, now),
    );
    if (refused.length > 0) {
        unknowns.violation(
            report,
            `${t.what}: role ${role.name} is not allowed ${refused.join(" and ")} on ${keyArn ?? key.name}, the KMS key of topic ${t.topicArn} (neither by the key policy nor by its IAM policies where the key policy delegates to IAM): publishing to the encrypted topic fails`,
            role.urn,
        );
    }
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
    const trust = unknowns.get(() => statements(role.props.assumeRolePolicy)) ?? [];
    if (!trust.some(s => trustsService(s, SERVICE_PRINCIPAL))) {
        unknowns.violation(
            report,
            `${t.what}: role ${role.name} cannot be assumed by ${SERVICE_PRINCIPAL} (no Allow sts:AssumeRole for that service in its trust policy)`,
            role.urn,
        );
    }
    const stmts = roleDocuments(role, resources, unknowns).flatMap(
        d => unknowns.get(() => statements(d)) ?? [],
    );
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

/** The AWS-managed SNS key: CloudWatch cannot use it, so alarm notifications to the topic are dropped. */
export function isAwsManagedSnsKey(key: string): boolean {
    return (
        key === "alias/aws/sns" || /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:alias\/aws\/sns$/.test(key)
    );
}

export const snsTopicKms: ResourceValidationPolicy = {
    name: "sns-topic-kms-encrypted",
    description:
        "SNS topics are encrypted with a customer-managed KMS key (kmsMasterKeyId set and not blank, not the AWS-managed alias/aws/sns, whose key policy does not let CloudWatch alarms publish: their notifications would be dropped).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.Topic], (props, _args, report) => {
        const key = read(() => props.kmsMasterKeyId);
        // A key unknown until deploy (the stack's own key or alias) is set: only which key it is waits for `pulumi up`.
        if (!key.known) return;
        const value = key.value;
        if (value === undefined || value === null || value === "") {
            report("SNS topic is not encrypted: set kmsMasterKeyId to a customer-managed KMS key");
        } else if (typeof value !== "string") {
            report(
                `kmsMasterKeyId ${JSON.stringify(value)} is not a KMS key id, key ARN or alias: set it to a customer-managed KMS key`,
            );
        } else if (!nonEmptyString(value)) {
            report(
                `kmsMasterKeyId ${JSON.stringify(value)} is blank, so the topic is not encrypted: set it to a customer-managed KMS key (key id, key ARN or alias)`,
            );
        } else if (isAwsManagedSnsKey(value)) {
            report(
                `SNS topic uses the AWS-managed key ${value}: CloudWatch alarm notifications to it are dropped; use a customer-managed key that allows cloudwatch.amazonaws.com`,
            );
        }
    }),
};

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation-enabled",
    description:
        "Symmetric customer-managed KMS keys have automatic rotation enabled (enableKeyRotation: true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forTypes([AWS.KmsKey], (props, args, report) => {
        const spec = props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT")
            args.notApplicable(`rotation does not apply to ${spec} keys`);
        if (props.enableKeyRotation !== true)
            report("KMS key rotation is off: set enableKeyRotation: true");
    }),
};

export const alertingPolicies = [alertTargetRole, snsTopicKms, kmsKeyRotation];
