/** IAM facts: the IoT service principal and the AWS managed policies the stack relies on. */
import { MITIGATION_ACTIONS } from "./mitigation";

export const SERVICE_PRINCIPAL = "iot.amazonaws.com";
/** Managed policy names under the `service-role/` path. */
export const MANAGED_POLICIES = {
    audit: "AWSIoTDeviceDefenderAudit",
} as const;
/** The ARN of an AWS managed `service-role/` policy in a partition. */
export function managedPolicyArn(policyName: string, partition = "aws"): string {
    return `arn:${partition}:iam::aws:policy/service-role/${policyName}`;
}

/** An Allow statement of an AWS managed policy. */
export interface ManagedPolicyStatement {
    readonly Effect: "Allow";
    readonly Action: readonly string[];
    readonly Resource: string;
}
/**
 * What some AWS managed `service-role/` policies grant, by name: only the policies and grants the
 * policy pack needs, since it cannot read an AWS managed policy from the stack.
 */
export const MANAGED_POLICY_GRANTS: Readonly<Record<string, readonly ManagedPolicyStatement[]>> = {
    // sns:Publish on every topic; nothing on KMS keys, so an encrypted topic needs a key grant besides.
    [MITIGATION_ACTIONS.PUBLISH_FINDING_TO_SNS.policy]: [
        { Effect: "Allow", Action: ["sns:Publish"], Resource: "*" },
    ],
};
/** The known grants of an AWS managed `service-role/` policy, by its ARN in any partition; undefined when not known. */
export function managedPolicyGrants(
    policyArn: string,
): readonly ManagedPolicyStatement[] | undefined {
    const partition = /^arn:([^:]+):/.exec(policyArn)?.[1];
    const name =
        partition === undefined
            ? undefined
            : Object.keys(MANAGED_POLICY_GRANTS).find(
                  n => managedPolicyArn(n, partition) === policyArn,
              );
    return name === undefined ? undefined : MANAGED_POLICY_GRANTS[name];
}
