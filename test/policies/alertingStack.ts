/**
 * The alerting rules' stack: a profile alerting an encrypted topic through a publisher role, and
 * the statements the specs grant or take away.
 */
import { DYNAMIC_TYPES } from "../../components/facts";
import {
    ACCOUNT,
    policyDoc,
    ROLE_ARN,
    StackResource,
    TOPIC_ARN,
    trustPolicy,
    urnOf,
} from "./helpers";

export const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
export const publish = { Effect: "Allow", Action: "sns:Publish", Resource: TOPIC_ARN };
export const useKey = {
    Effect: "Allow",
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: KEY_ARN,
};
/** A key-policy statement letting `principal` use the key. */
export const keyUse = (principal: string, effect = "Allow") => ({
    Effect: effect,
    Principal: { AWS: principal },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
});
export const administers = {
    Sid: "AccountAdministers",
    Effect: "Allow",
    Principal: { AWS: ROOT },
    Action: "kms:*",
    Resource: "*",
};

/** The publisher role's URN, where its violations are reported. */
export const PUBLISHER_URN = urnOf({ type: "aws:iam/role:Role", name: "publisher", props: {} });

/**
 * A change to the stack's resources, by their keys: key, topic, role, rolePolicy (the role's
 * inline policy), profile, and any the change adds.
 */
export type StackEdit = (r: Record<string, StackResource>) => void;

/** Takes the resources of these keys out of the stack. */
export const without =
    (...keys: string[]): StackEdit =>
    r => {
        for (const k of keys) delete r[k];
    };
/** The role's inline policy grants these statements (and nothing else). */
export const roleGrants =
    (...statements: Record<string, unknown>[]): StackEdit =>
    r => {
        r.rolePolicy.props.policy = policyDoc(...statements);
    };
/** The key's policy is these statements. */
export const keyPolicy =
    (...statements: Record<string, unknown>[]): StackEdit =>
    r => {
        r.key.props.policy = policyDoc(...statements);
    };
/** The role's IAM policies grant nothing on the key: sns:Publish alone. */
export const withoutIamKeyGrant: StackEdit = roleGrants(publish);
/** The key's policy lets the role use the key (beside the account's administration). */
export const keyPolicyAllowsRole: StackEdit = keyPolicy(administers, keyUse(ROLE_ARN));
/** The role's only IAM grant is the policy `policyArn`, attached by a RolePolicyAttachment. */
export const attachedOnly =
    (policyArn: string): StackEdit =>
    r => {
        delete r.rolePolicy;
        r.attach = {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            name: "att",
            props: { role: "publisher", policyArn },
        };
    };

/**
 * A stack whose profile alerts a topic through a role that may publish there: sns:Publish on the
 * topic, and kms:GenerateDataKey*, kms:Decrypt on its key (the key policy delegates to IAM);
 * `edits` change it, in order.
 */
export function stack(...edits: StackEdit[]): StackResource[] {
    const r: Record<string, StackResource> = {
        key: {
            type: "aws:kms/key:Key",
            name: "key",
            props: { arn: KEY_ARN, keyId: "k1", id: "k1", policy: policyDoc(administers) },
        },
        topic: {
            type: "aws:sns/topic:Topic",
            name: "topic",
            props: { name: "alerts", arn: TOPIC_ARN, kmsMasterKeyId: KEY_ARN },
        },
        role: {
            type: "aws:iam/role:Role",
            name: "publisher",
            props: {
                name: "publisher",
                id: "publisher",
                arn: ROLE_ARN,
                assumeRolePolicy: trustPolicy(),
            },
        },
        rolePolicy: {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "publisher-policy",
            props: { role: "publisher", policy: policyDoc(publish, useKey) },
        },
        profile: {
            type: DYNAMIC_TYPES.SecurityProfile,
            name: "profile",
            props: {
                securityProfileName: "p",
                alertTargets: { SNS: { alertTargetArn: TOPIC_ARN, roleArn: ROLE_ARN } },
            },
        },
    };
    for (const edit of edits) edit(r);
    return Object.values(r);
}
