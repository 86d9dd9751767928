/**
 * The alerting rules' stack: a profile alerting an encrypted topic through a publisher role, and
 * the statements the specs grant or take away.
 */
import { DYNAMIC_TYPES } from "../../components/facts";
import { ACCOUNT, policyDoc, ROLE_ARN, StackResource, TOPIC_ARN, trustPolicy } from "./helpers";

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

/**
 * A stack whose profile alerts a topic through a role that may publish there: sns:Publish on the
 * topic, and kms:GenerateDataKey*, kms:Decrypt on its key (the key policy delegates to IAM).
 */
export function stack(
    edit: (r: Record<string, StackResource>) => void = () => undefined,
): StackResource[] {
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
    edit(r);
    return Object.values(r);
}
