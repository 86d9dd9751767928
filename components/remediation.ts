/**
 * Remediation: turns alerts into action. Mitigation actions (each with a role holding only its
 * managed policy), a quarantine thing group whose IoT policy denies everything, and a responder
 * Lambda subscribed to the alert topic. The responder applies the stack's response map (dry-run
 * logs decisions only); anything it cannot process lands in a dead-letter queue, so no alert is
 * lost. Alarms watch the queue and the function's errors.
 */
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { MitigationActionParams } from "@aws-sdk/client-iot";
import {
    CLOUDWATCH,
    MITIGATION_ACTIONS,
    managedPolicyArn,
    REMEDIATION_ACTIONS,
    RemediationAction,
} from "./facts";
import { AlarmRef } from "./alarms";
import { policyDocument, serviceTrustPolicy } from "./iam";
import { MitigationAction } from "./iot/mitigationAction";
import { AlarmSpec, RemediationInventory } from "./inventory";
import { lambdaArchive } from "./lambdaCode";
import { iotTags } from "./tags";

/** Where the responder's sources live in the repo. */
export const RESPONDER_SOURCE = path.join(__dirname, "..", "lambda", "responder");

/**
 * Room for the responder's longest wait on too many running mitigation tasks (LIMIT_RETRY in
 * lambda/responder/act.ts, about 46 s), its calls and the dead-letter write. Bounded: a longer
 * wait is Lambda's job (asynchronous retries, below).
 */
export const RESPONDER_TIMEOUT_SECONDS = 90;

/**
 * Lambda's asynchronous retries of a failed invocation (about 1 and 2 minutes later, time for
 * running mitigation tasks to end), and how long an alert may wait before it is dead-lettered
 * instead: an alert not acted on within the hour needs a person.
 */
export const RESPONDER_ASYNC = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 } as const;

export interface RemediationArgs {
    region: string;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /** Physical names of the quarantine group, mitigation actions, responder, queue and alarms. */
    names: RemediationInventory;
    /** Mitigation actions to create (each named in `names.mitigationActions`). */
    actions: RemediationAction[];
    /** Log level the enable-iot-logging action sets. */
    loggingLevel: "DEBUG" | "INFO" | "WARN" | "ERROR";
    /** The responder logs decisions without acting. */
    dryRun: boolean;
    /** Metric -> response for Detect violations entering alarm. */
    violationResponses: Record<string, "quarantine" | "notify-only">;
    /** Audit check -> mitigation actions for its non-compliant findings. */
    auditResponses: Record<string, RemediationAction[]>;
    /** Alert topic (source of the responder's messages, target of publish-finding) and its KMS key. */
    topicArn: pulumi.Input<string>;
    topicKeyArn: pulumi.Input<string>;
    /** Alarm when this many alerts wait in the dead-letter queue. */
    dlqAlarmThreshold: number;
    tags: Record<string, string>;
}

export class Remediation extends pulumi.ComponentResource {
    public readonly responderArn: pulumi.Output<string>;
    public readonly deadLetterQueueUrl: pulumi.Output<string>;
    public readonly quarantineGroupName: pulumi.Output<string>;
    /** Remediation action -> physical mitigation action name. */
    public readonly actionNames: Record<string, string>;
    /** The dead-letter queue's alarm and the responder errors' alarm. */
    public readonly alarms: AlarmRef[];

    constructor(name: string, args: RemediationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iot-defender:remediation:Remediation", name, args, opts);
        const { accountId, partition, region } = args;
        const parent = { parent: this };
        const physical = args.names;

        // Quarantine: an explicit deny overrides every allow, so a device in this group loses access.
        // Caveat: AWS IoT applies a thing group's policies to a connection only when the connection
        // is associated with the thing: the MQTT client ID equals the thing name and the device's
        // certificate is attached to the thing (or the certificate is attached exclusively to it).
        // A device connecting under another client ID is not covered; deactivating its certificate
        // (deactivate-device-certificate) is what cuts it off regardless.
        const quarantine = new aws.iot.ThingGroup(
            `${name}-quarantine`,
            {
                name: physical.quarantineGroup,
                properties: {
                    description:
                        "Devices quarantined by Device Defender remediation: all IoT access denied",
                },
            },
            parent,
        );
        const denyAll = new aws.iot.Policy(
            `${name}-deny-all`,
            {
                name: physical.denyAllPolicy,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Deny", Action: "iot:*", Resource: "*" }],
                }),
            },
            parent,
        );
        new aws.iot.PolicyAttachment(
            `${name}-deny-all-quarantine`,
            { policy: denyAll.name, target: quarantine.arn },
            parent,
        );

        this.actionNames = {};
        const actionArns: pulumi.Output<string>[] = [];
        for (const action of args.actions) {
            const type = REMEDIATION_ACTIONS[action];
            const role = new aws.iam.Role(
                `${name}-${action}-role`,
                {
                    description: `Assumed by AWS IoT to run the ${action} mitigation action`,
                    assumeRolePolicy: serviceTrustPolicy(accountId),
                },
                parent,
            );
            new aws.iam.RolePolicyAttachment(
                `${name}-${action}-role-policy`,
                {
                    role: role.name,
                    policyArn: pulumi
                        .output(partition)
                        .apply(p => managedPolicyArn(MITIGATION_ACTIONS[type].policy, p)),
                },
                parent,
            );
            if (action === "publish-finding") {
                // The managed policy grants sns:Publish but nothing on the topic's KMS key.
                new aws.iam.RolePolicy(
                    `${name}-${action}-role-kms`,
                    {
                        role: role.id,
                        policy: policyDocument([
                            {
                                Effect: "Allow",
                                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                                Resource: args.topicKeyArn,
                            },
                        ]),
                    },
                    parent,
                );
            }
            const actionName = mitigationActionName(physical, action);
            this.actionNames[action] = actionName;
            actionArns.push(
                new MitigationAction(
                    `${name}-${action}`,
                    {
                        region,
                        actionName,
                        roleArn: role.arn,
                        actionParams: this.actionParams(name, action, quarantine.name, args),
                        tags: iotTags(args.tags),
                    },
                    parent,
                ).arn,
            );
        }

        const deadLetters = new aws.sqs.Queue(
            `${name}-dlq`,
            {
                name: physical.deadLetterQueue,
                messageRetentionSeconds: 14 * 24 * 3600,
                sqsManagedSseEnabled: true,
            },
            parent,
        );

        const functionName = physical.responderFunction;
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-responder-logs`,
            {
                name: `/aws/lambda/${functionName}`,
                retentionInDays: 90,
            },
            parent,
        );
        const role = new aws.iam.Role(
            `${name}-responder-role`,
            {
                description:
                    "Responder Lambda: starts mitigation tasks and dead-letters what it cannot process",
                assumeRolePolicy: serviceTrustPolicy(accountId, "lambda.amazonaws.com"),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-responder-policy`,
            {
                role: role.id,
                policy: policyDocument([
                    {
                        Sid: "Logs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: pulumi.interpolate`${logGroup.arn}:*`,
                    },
                    // The Service Authorization Reference gives StartAuditMitigationActionsTask no resource
                    // type and StartDetectMitigationActionsTask only an optional securityprofile, which a
                    // request by violation ids does not name. Neither takes mitigation action ARNs, so
                    // "*" is the only Resource that authorises them.
                    {
                        Sid: "StartMitigationTasks",
                        Effect: "Allow",
                        Action: [
                            "iot:StartDetectMitigationActionsTask",
                            "iot:StartAuditMitigationActionsTask",
                        ],
                        Resource: "*",
                    },
                    {
                        Sid: "DeadLetters",
                        Effect: "Allow",
                        Action: "sqs:SendMessage",
                        Resource: deadLetters.arn,
                    },
                ]),
            },
            parent,
        );

        const responder = new aws.lambda.Function(
            `${name}-responder`,
            {
                name: functionName,
                runtime: "nodejs22.x",
                handler: "handler.handler",
                code: lambdaArchive(RESPONDER_SOURCE),
                role: role.arn,
                timeout: RESPONDER_TIMEOUT_SECONDS,
                memorySize: 256,
                // One JSON object per log line (see lambda/responder/log.ts).
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
                environment: {
                    variables: {
                        DRY_RUN: String(args.dryRun),
                        VIOLATION_RESPONSES: JSON.stringify(args.violationResponses),
                        QUARANTINE_ACTION_NAME: this.actionNames.quarantine ?? "",
                        AUDIT_RESPONSES: JSON.stringify(
                            Object.fromEntries(
                                Object.entries(args.auditResponses).map(([check, actions]) => [
                                    check,
                                    actions.map(a => this.actionNames[a]),
                                ]),
                            ),
                        ),
                        DEAD_LETTER_QUEUE_URL: deadLetters.url,
                    },
                },
                // Messages that still fail after Lambda's asynchronous retries go to the same queue.
                deadLetterConfig: { targetArn: deadLetters.arn },
            },
            { parent: this, dependsOn: [logGroup] },
        );
        // No reserved concurrency: it fails on accounts with little unreserved concurrency, and the
        // responder waits out the concurrent-task limit itself.
        new aws.lambda.FunctionEventInvokeConfig(
            `${name}-responder-async`,
            {
                functionName: responder.name,
                ...RESPONDER_ASYNC,
            },
            parent,
        );

        new aws.lambda.Permission(
            `${name}-responder-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: responder.name,
                principal: "sns.amazonaws.com",
                sourceArn: args.topicArn,
            },
            parent,
        );
        // SNS drops a message it cannot deliver to the function (a missing permission, the function
        // being replaced) unless the subscription has a dead-letter queue: the same queue, so no alert is lost.
        const deadLettersFromTopic = new aws.sqs.QueuePolicy(
            `${name}-dlq-policy`,
            {
                queueUrl: deadLetters.url,
                policy: policyDocument([
                    {
                        Sid: "AlertTopicRedrive",
                        Effect: "Allow",
                        Principal: { Service: "sns.amazonaws.com" },
                        Action: "sqs:SendMessage",
                        Resource: deadLetters.arn,
                        Condition: { ArnEquals: { "aws:SourceArn": args.topicArn } },
                    },
                ]),
            },
            parent,
        );
        new aws.sns.TopicSubscription(
            `${name}-responder-subscription`,
            {
                topic: args.topicArn,
                protocol: "lambda",
                endpoint: responder.arn,
                redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: deadLetters.arn }),
            },
            { ...parent, dependsOn: [deadLettersFromTopic] },
        );

        // Any datapoint at or over the threshold notifies the alert topic. The inventory says what
        // each alarm watches; the watched resource's own name output orders the alarm after it.
        const alarm = (
            suffix: string,
            spec: AlarmSpec,
            description: string,
            watched: pulumi.Output<string>,
            statistic: string,
            threshold: number,
        ) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}-${suffix}`,
                {
                    name: spec.name,
                    alarmDescription: description,
                    namespace: spec.namespace,
                    metricName: spec.metric,
                    dimensions: Object.fromEntries(
                        Object.keys(spec.dimensions).map(d => [d, watched]),
                    ),
                    statistic,
                    threshold,
                    period: CLOUDWATCH.detectPeriodSeconds,
                    evaluationPeriods: 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions: [args.topicArn],
                },
                parent,
            );
        const dlqAlarm = alarm(
            "dlq-alarm",
            physical.deadLetterAlarm,
            "Alerts the responder could not process are waiting in its dead-letter queue",
            deadLetters.name,
            "Maximum",
            args.dlqAlarmThreshold,
        );
        const errorsAlarm = alarm(
            "errors-alarm",
            physical.responderErrorsAlarm,
            "The responder Lambda failed; failed alerts are retried, then dead-lettered",
            responder.name,
            "Sum",
            1,
        );

        this.responderArn = responder.arn;
        this.deadLetterQueueUrl = deadLetters.url;
        this.quarantineGroupName = quarantine.name;
        this.alarms = [
            { name: physical.deadLetterAlarm.name, arn: dlqAlarm.arn },
            { name: physical.responderErrorsAlarm.name, arn: errorsAlarm.arn },
        ];
        this.registerOutputs({
            responderArn: this.responderArn,
            deadLetterQueueUrl: this.deadLetterQueueUrl,
            quarantineGroupName: this.quarantineGroupName,
            mitigationActionArns: actionArns,
        });
    }

    /** The one parameter block of each action type. */
    private actionParams(
        name: string,
        action: RemediationAction,
        quarantineGroup: pulumi.Output<string>,
        args: RemediationArgs,
    ): pulumi.Output<MitigationActionParams> {
        switch (action) {
            case "quarantine":
                return quarantineGroup.apply(group => ({
                    addThingsToThingGroupParams: {
                        thingGroupNames: [group],
                        overrideDynamicGroups: true,
                    },
                }));
            case "deactivate-device-certificate":
                return pulumi.output({ updateDeviceCertificateParams: { action: "DEACTIVATE" } });
            case "publish-finding":
                return pulumi
                    .output(args.topicArn)
                    .apply(topicArn => ({ publishFindingToSnsParams: { topicArn } }));
            case "replace-default-policy":
                return pulumi.output({
                    replaceDefaultPolicyVersionParams: { templateName: "BLANK_POLICY" },
                });
            case "enable-iot-logging": {
                const loggingRole = new aws.iam.Role(
                    `${name}-iot-logging-role`,
                    {
                        description: "Role AWS IoT logging writes CloudWatch Logs with",
                        assumeRolePolicy: serviceTrustPolicy(args.accountId),
                    },
                    { parent: this },
                );
                new aws.iam.RolePolicy(
                    `${name}-iot-logging-policy`,
                    {
                        role: loggingRole.id,
                        policy: policyDocument([
                            {
                                Effect: "Allow",
                                Action: [
                                    "logs:CreateLogGroup",
                                    "logs:CreateLogStream",
                                    "logs:PutLogEvents",
                                    "logs:PutMetricFilter",
                                    "logs:PutRetentionPolicy",
                                ],
                                Resource: pulumi.interpolate`arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:AWSIotLogsV2:*`,
                            },
                        ]),
                    },
                    { parent: this },
                );
                return loggingRole.arn.apply(roleArnForLogging => ({
                    enableIoTLoggingParams: { roleArnForLogging, logLevel: args.loggingLevel },
                }));
            }
        }
    }
}

function mitigationActionName(names: RemediationInventory, action: RemediationAction): string {
    const name = names.mitigationActions[action];
    if (!name)
        throw new Error(
            `Remediation: names.mitigationActions has no name for action ${action}; named: ${Object.keys(names.mitigationActions).join(", ") || "none"}`,
        );
    return name;
}
