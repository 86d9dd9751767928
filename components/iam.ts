/**
 * IAM documents shared by the components' roles. They are objects whose leaves may be Outputs, not
 * JSON text: the engine then sees their structure in preview (only the unknown ARNs are unknown),
 * so the policy pack reads their statements before `pulumi up`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IOT_V2_LOGGING, iotTopicArn, SERVICE_PRINCIPAL } from "./facts";

/**
 * Trust policy for a role a service assumes on this account's behalf, with the confused-deputy
 * guard: the service may assume it only for requests from this account.
 */
export function serviceTrustPolicy(
    accountId: pulumi.Input<string>,
    service = SERVICE_PRINCIPAL,
): aws.iam.PolicyDocument {
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}

/** An IAM or resource-policy statement; any value may be an Output. */
export type Statement = aws.iam.PolicyStatement;

/** A policy document from statements whose values may be Outputs (IAM, SNS topic and SQS queue policies take it as is). */
export function policyDocument(statements: Statement[]): aws.iam.PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * The same document as JSON text, for inputs that take only a string (`aws.kms.Key`'s and
 * `aws.sns.Topic`'s `policy`): unknown in preview if any leaf is.
 */
export function policyText(statements: Statement[]): pulumi.Output<string> {
    return pulumi.jsonStringify(policyDocument(statements));
}

/**
 * What AWS IoT needs to write its v2 logs, on the AWSIotLogsV2 log group only: the policy of every
 * role IoT logs with (the logs engine's, and the enable-iot-logging mitigation action's).
 */
export function iotLoggingPolicy(
    partition: pulumi.Input<string>,
    region: string,
    accountId: pulumi.Input<string>,
): aws.iam.PolicyDocument {
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

/** Publishing to one MQTT topic and nothing else: the policy of a role that exports Detect metrics. */
export function iotPublishPolicy(
    partition: pulumi.Input<string>,
    region: string,
    accountId: pulumi.Input<string>,
    topic: string,
): aws.iam.PolicyDocument {
    return policyDocument([
        {
            Effect: "Allow",
            Action: "iot:Publish",
            Resource: pulumi
                .all([partition, accountId])
                .apply(([p, a]) => iotTopicArn(p, region, a, topic)),
        },
    ]);
}
