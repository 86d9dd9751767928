/**
 * The stack's own resources as the stack rules look them up: roles, topics and keys by ARN (a
 * stand-in in preview, see preview.ts), and the policy documents that apply to a role or a topic.
 */
import type { PolicyResource } from "@pulumi/policy";
import { managedPolicyGrants } from "../../components/facts";
import {
    AWS,
    isObject,
    nonEmptyString,
    ofType,
    read,
    roleNameFromArn,
    Statement,
    statements,
    Unknowns,
} from "./common";
import { arnIn, arnOf, documentStatements } from "./preview";
import { sameArn } from "./standIn";

/**
 * The resource of `type` in the stack with this ARN. A resource whose ARN is unknown until deploy
 * is matched by its stand-in; a known ARN that may yet turn out to be its ARN (same partition,
 * service, region) is remembered as unknown, never taken as a match.
 */
function findByArn(
    resources: readonly PolicyResource[],
    type: string,
    arn: string,
    unknowns: Unknowns,
    mayBe: (r: PolicyResource) => boolean = () => true,
): PolicyResource | undefined {
    const candidates = ofType(resources, type);
    const found = candidates.find(r => arnOf(r, resources) === arn);
    if (found) return found;
    for (const r of candidates) {
        const own = arnOf(r, resources);
        if (own === undefined) unknowns.get(() => r.props.arn);
        else if (mayBe(r)) unknowns.get(() => sameArn(arn, own));
    }
    return undefined;
}

/** The role in the stack with this ARN (by ARN only: a role of another account may share its name). */
export function findRole(
    resources: readonly PolicyResource[],
    roleArn: string,
    unknowns: Unknowns,
): PolicyResource | undefined {
    const name = roleNameFromArn(roleArn);
    return findByArn(resources, AWS.Role, roleArn, unknowns, r => {
        const own = read(() => r.props.name);
        return !own.known || own.value === name;
    });
}

/** The SNS topic of the stack with this ARN. */
export function findTopic(
    resources: readonly PolicyResource[],
    topicArn: string,
    unknowns: Unknowns,
): PolicyResource | undefined {
    return findByArn(resources, AWS.Topic, topicArn, unknowns);
}

/** The ARN of the KMS key a topic is encrypted with (`kmsMasterKeyId`: a key or alias ARN or id). */
export function topicKeyRef(
    topic: PolicyResource,
    resources: readonly PolicyResource[],
    unknowns: Unknowns,
): unknown {
    return arnIn(
        topic,
        "kmsMasterKeyId",
        () => topic.props.kmsMasterKeyId,
        [AWS.KmsKey, AWS.KmsAlias],
        resources,
        unknowns,
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
            : ofType(resources, AWS.KmsKey).find(
                  k =>
                      arnOf(k, resources) === id ||
                      [() => k.props.keyId, () => k.props.id].some(f => unknowns.get(f) === id),
              );
    const alias = ofType(resources, AWS.KmsAlias).find(
        a => unknowns.get(() => a.props.name) === ref || arnOf(a, resources) === ref,
    );
    const target = (key: string) =>
        arnIn(alias!, key, () => alias!.props[key], [AWS.KmsKey], resources, unknowns);
    return (
        keyNamed(ref) ??
        (alias && (keyNamed(target("targetKeyArn")) ?? keyNamed(target("targetKeyId"))))
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

/** The ARN-valued entries of a list property (`roles`, `managedPolicyArns`), each resolved as arnIn does. */
function listIn(
    owner: PolicyResource,
    key: string,
    types: readonly string[],
    resources: readonly PolicyResource[],
    unknowns: Unknowns,
): unknown[] {
    const list = unknowns.get(() => owner.props[key]);
    if (!Array.isArray(list)) return list === undefined ? [] : [list];
    return Array.from({ length: list.length }, (_, i) =>
        arnIn(owner, key, () => owner.props[key][i], types, resources, unknowns),
    );
}

/** Where a role's policy documents are: each owner's property, and the grants of known AWS-managed policies. */
function roleDocumentSources(
    role: PolicyResource,
    resources: readonly PolicyResource[],
    unknowns: Unknowns,
): { docs: { owner: PolicyResource; key: string; get: () => unknown }[]; managed: Statement[][] } {
    const refs = new Set(
        [() => role.props.name, () => role.props.id]
            .map(f => read(f))
            .filter(r => r.known && nonEmptyString(r.value))
            .map(r => (r as { value: string }).value),
    );
    const roleArn = arnOf(role, resources);
    if (roleArn) refs.add(roleArn);
    const names = (v: unknown) => typeof v === "string" && refs.has(v);
    const roleIn = (owner: PolicyResource) =>
        names(arnIn(owner, "role", () => owner.props.role, [AWS.Role], resources, unknowns));
    const docs: { owner: PolicyResource; key: string; get: () => unknown }[] = [];
    const inline = unknowns.get(() => role.props.inlinePolicies);
    for (let i = 0; Array.isArray(inline) && i < inline.length; i++)
        docs.push({
            owner: role,
            key: "inlinePolicies",
            get: () => role.props.inlinePolicies[i].policy,
        });
    for (const rp of ofType(resources, AWS.RolePolicy))
        if (roleIn(rp)) docs.push({ owner: rp, key: "policy", get: () => rp.props.policy });
    const policyArns = new Set(
        listIn(role, "managedPolicyArns", [AWS.Policy], resources, unknowns),
    );
    const policyArn = (a: PolicyResource) =>
        arnIn(a, "policyArn", () => a.props.policyArn, [AWS.Policy], resources, unknowns);
    for (const a of ofType(resources, AWS.RolePolicyAttachment))
        if (roleIn(a)) policyArns.add(policyArn(a));
    for (const a of ofType(resources, AWS.PolicyAttachment))
        if (listIn(a, "roles", [AWS.Role], resources, unknowns).some(names))
            policyArns.add(policyArn(a));
    for (const p of ofType(resources, AWS.Policy))
        if (policyArns.has(arnOf(p, resources)))
            docs.push({ owner: p, key: "policy", get: () => p.props.policy });
    const managed = [...policyArns]
        .map(arn => (typeof arn === "string" ? managedPolicyGrants(arn) : undefined))
        .filter(g => g !== undefined) as Statement[][];
    return { docs, managed };
}

/**
 * The statements of every policy that applies to a role: its inline policies, RolePolicy resources
 * naming it, and the policies attached to it (RolePolicyAttachment, PolicyAttachment,
 * managedPolicyArns): customer-managed ones of the stack, and AWS-managed ones whose grants the facts
 * know (others grant nothing here). In preview their unknown ARNs are read as preview.ts says.
 */
export function roleStatements(
    role: PolicyResource,
    resources: readonly PolicyResource[],
    unknowns: Unknowns,
): Statement[] {
    const { docs, managed } = roleDocumentSources(role, resources, unknowns);
    return [
        ...docs.flatMap(
            d => unknowns.get(() => documentStatements(d.owner, d.key, d.get, resources)) ?? [],
        ),
        ...managed.flat(),
    ];
}

/** The same policies as documents (JSON text or objects, as the engine holds them), for rules that read them whole. */
export function roleDocuments(
    role: PolicyResource,
    resources: readonly PolicyResource[],
    unknowns: Unknowns,
): unknown[] {
    const { docs, managed } = roleDocumentSources(role, resources, unknowns);
    return [
        ...docs.map(d => unknowns.get(d.get)).filter(d => d !== undefined),
        ...managed.map(Statement => ({ Version: "2012-10-17", Statement })),
    ];
}

/** The statements of the stack's topic policies on this topic (TopicPolicy resources and the topic's own `policy`). */
export function topicPolicyStatements(
    resources: readonly PolicyResource[],
    topicArn: string,
    unknowns: Unknowns,
): Statement[] {
    const docs: { owner: PolicyResource; get: () => unknown }[] = [];
    for (const tp of ofType(resources, AWS.TopicPolicy))
        if (arnIn(tp, "arn", () => tp.props.arn, [AWS.Topic], resources, unknowns) === topicArn)
            docs.push({ owner: tp, get: () => tp.props.policy });
    const topic = findTopic(resources, topicArn, unknowns);
    if (topic) docs.push({ owner: topic, get: () => topic.props.policy });
    return docs.flatMap(d => {
        const doc = unknowns.get(d.get);
        // JSON text, or an object (its leaves may be unknown); no policy grants nothing.
        if (!nonEmptyString(doc) && !isObject(doc)) return [];
        return unknowns.get(() => documentStatements(d.owner, "policy", d.get, resources)) ?? [];
    });
}
