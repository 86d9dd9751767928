/**
 * Alerting: where every Device Defender alert goes. An SNS topic encrypted with a customer-managed
 * KMS key (an AWS-managed SNS key would silently drop CloudWatch alarm notifications), a topic
 * policy that denies non-TLS access and admits this account's CloudWatch alarms, the configured
 * subscriptions, and the role Device Defender assumes to publish (sns:Publish on this topic and the
 * KMS permissions publishing needs, nothing wider).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, policyText, serviceTrustPolicy } from "./iam";

export interface AlertingArgs {
    /** Physical name of the SNS topic. */
    topicName: string;
    /** Email recipients; each must confirm the subscription AWS sends. */
    emails: string[];
    /** Optional HTTPS endpoint subscribed to the topic. */
    httpsEndpoint?: string;
    /** Optional SQS queue ARN subscribed to the topic (its queue policy must admit the topic). */
    sqsQueueArn?: string;
    /** Days KMS waits before deleting the key after the stack is destroyed (7-30). */
    kmsKeyDeletionWindowDays: number;
    /** Account that owns the stack (for the key policy and the confused-deputy conditions). */
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    region: string;
}

export class Alerting extends pulumi.ComponentResource {
    /** ARN of the alert topic. */
    public readonly topicArn: pulumi.Output<string>;
    /** ARN of the role Device Defender assumes to publish alerts and audit notifications. */
    public readonly publisherRoleArn: pulumi.Output<string>;
    /** ARN of the topic's customer-managed KMS key. */
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iot-defender:alerting:Alerting", name, args, opts);
        const { accountId, partition, region } = args;
        const root = pulumi.interpolate`arn:${partition}:iam::${accountId}:root`;

        // Its permissions come after the topic and key (publisher-policy).
        const publisher = new aws.iam.Role(
            `${name}-publisher`,
            {
                description:
                    "Assumed by AWS IoT Device Defender to publish alerts and audit notifications to the alert topic",
                assumeRolePolicy: serviceTrustPolicy(accountId),
            },
            { parent: this },
        );

        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Encrypts the ${args.topicName} SNS topic`,
                enableKeyRotation: true,
                deletionWindowInDays: args.kmsKeyDeletionWindowDays,
                // Names no resource of the stack, so it is known in preview (the policy pack reads it
                // then): the publisher uses the key through IAM (EncryptForTopic), as the account
                // statement delegates it.
                policy: policyText([
                    {
                        Sid: "AccountAdministers",
                        Effect: "Allow",
                        Principal: { AWS: root },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "CloudWatchAlarmsPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                        Resource: "*",
                        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                    },
                ]),
            },
            { parent: this },
        );
        new aws.kms.Alias(
            `${name}-key-alias`,
            { name: `alias/${args.topicName}`, targetKeyId: key.keyId },
            { parent: this },
        );

        const topic = new aws.sns.Topic(
            `${name}-topic`,
            {
                name: args.topicName,
                kmsMasterKeyId: key.arn,
            },
            { parent: this },
        );

        new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: topic.arn,
                policy: policyDocument([
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sns:*",
                        Resource: topic.arn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                    {
                        Sid: "CloudWatchAlarmsPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: topic.arn,
                        Condition: {
                            StringEquals: { "aws:SourceAccount": accountId },
                            ArnLike: {
                                "aws:SourceArn": pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*`,
                            },
                        },
                    },
                ]),
            },
            { parent: this },
        );

        const publisherPolicy = new aws.iam.RolePolicy(
            `${name}-publisher-policy`,
            {
                role: publisher.id,
                policy: policyDocument([
                    {
                        Sid: "PublishAlerts",
                        Effect: "Allow",
                        Action: "sns:Publish",
                        Resource: topic.arn,
                    },
                    {
                        Sid: "EncryptForTopic",
                        Effect: "Allow",
                        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                        Resource: key.arn,
                        Condition: {
                            StringEquals: {
                                "kms:ViaService": pulumi.interpolate`sns.${region}.amazonaws.com`,
                            },
                        },
                    },
                ]),
            },
            { parent: this },
        );

        args.emails.forEach(
            (email, i) =>
                new aws.sns.TopicSubscription(
                    `${name}-email-${i}`,
                    {
                        topic: topic.arn,
                        protocol: "email",
                        endpoint: email,
                    },
                    { parent: this },
                ),
        );
        if (args.httpsEndpoint) {
            new aws.sns.TopicSubscription(
                `${name}-https`,
                {
                    topic: topic.arn,
                    protocol: "https",
                    endpoint: args.httpsEndpoint,
                    endpointAutoConfirms: false,
                },
                { parent: this },
            );
        }
        if (args.sqsQueueArn) {
            new aws.sns.TopicSubscription(
                `${name}-sqs`,
                {
                    topic: topic.arn,
                    protocol: "sqs",
                    endpoint: args.sqsQueueArn,
                },
                { parent: this },
            );
        }

        this.topicArn = topic.arn;
        // Through the policy: whoever uses the role (profiles, audit notifications) waits until it may publish.
        this.publisherRoleArn = pulumi
            .all([publisher.arn, publisherPolicy.id])
            .apply(([arn]) => arn);
        this.keyArn = key.arn;
        this.registerOutputs({
            topicArn: this.topicArn,
            publisherRoleArn: this.publisherRoleArn,
            keyArn: this.keyArn,
        });
    }
}
