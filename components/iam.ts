/** IAM documents shared by the components' roles. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_PRINCIPAL } from "./facts";

/**
 * Trust policy for a role a service assumes on this account's behalf, with the confused-deputy
 * guard: the service may assume it only for requests from this account.
 */
export function serviceTrustPolicy(
    accountId: pulumi.Input<string>,
    service = SERVICE_PRINCIPAL,
): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    } satisfies aws.iam.PolicyDocument);
}

/** An IAM or resource-policy statement; any value may be an Output. */
export type Statement = Record<string, unknown>;

/** A policy document from statements whose values may be Outputs. */
export function policyDocument(statements: Statement[]): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}
