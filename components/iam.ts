/** IAM documents shared by the components' roles. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IOT_V2_LOGGING, SERVICE_PRINCIPAL } from "./facts";

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

/**
 * What AWS IoT needs to write its v2 logs, on the AWSIotLogsV2 log group only: the policy of every
 * role IoT logs with (the logs engine's, and the enable-iot-logging mitigation action's).
 */
export function iotLoggingPolicy(
    partition: pulumi.Input<string>,
    region: string,
    accountId: pulumi.Input<string>,
): pulumi.Output<string> {
    return policyDocument([
        {
            Effect: "Allow",
            Action: [
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "logs:PutMetricFilter",
                "logs:PutRetentionPolicy",
            ],
            Resource: pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:${IOT_V2_LOGGING.logGroupName}:*`,
        },
    ]);
}
