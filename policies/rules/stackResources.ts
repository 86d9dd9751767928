/**
 * The stack's resources that an alert target names (its role, topic and the topic's KMS key), and
 * the policy documents that apply to them: what the alerting and delivery rules judge.
 */
import type { PolicyResource } from "@pulumi/policy";
import { managedPolicyGrants } from "../../components/facts";
import {
    AWS,
    asArray,
    isObject,
    nonEmptyString,
    ofType,
    read,
    roleNameFromArn,
    Statement,
    statements,
    Unknowns,
} from "./common";

/**
 * The role in the stack with this ARN. Matched by ARN only: a role of another account may share a
 * name with the stack's. While a role's ARN is unknown (preview), one whose name is the ARN's last
 * segment may be it: that is remembered as unknown, never taken as a match.
 */
export function findRole(
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

/** A key's policy statements; undefined when it sets none (AWS then applies its default, which delegates to IAM). */
export function keyPolicyOf(key: PolicyResource, unknowns: Unknowns): Statement[] | undefined {
    const policy = read(() => key.props.policy);
    if (!policy.known) return unknowns.get(() => statements(key.props.policy)) ?? []; // remembers the unknown; grants nothing
    const value = policy.value;
    return value === undefined || value === null || value === ""
        ? undefined
        : (unknowns.get(() => statements(value)) ?? []);
}
