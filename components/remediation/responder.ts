/**
 * Remediation's responder part: the responder Lambda subscribed to the alert topic, applying the
 * stack's response map (dry-run logs decisions only); a dead-letter queue for anything it cannot
 * process, so no alert is lost; alarms on the queue's depth and the function's errors.
 */
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ViolationResponse } from "../facts";
import { AlarmRef } from "../alarms";
import { CLOUDWATCH, lambdaLogGroup, RemediationAction } from "../facts";
import { policyDocument, serviceTrustPolicy } from "../iam";
import { AlarmSpec, RemediationInventory } from "../inventory";
import type { LogsBehaviorPlan } from "../inventory/logsBehaviors";
import { lambdaArchive } from "../lambdaCode";
import { insightStatements } from "./insightAccess";
import {
    RESPONDER_SETTINGS_FILE,
    responderEnvironment,
    responderSettings,
} from "./responderSettings";

/** Where the responder's sources live in the repo. */
export const RESPONDER_SOURCE = path.join(__dirname, "..", "..", "lambda", "responder");

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

export interface ResponderArgs {
    region: string;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    names: RemediationInventory;
    /** The responder logs decisions without acting. */
    dryRun: boolean;
    /** Metric -> response for Detect violations entering alarm. */
    violationResponses: Record<string, ViolationResponse>;
    /** Audit check -> mitigation actions for its non-compliant findings. */
    auditResponses: Record<string, RemediationAction[]>;
    /** Remediation action -> the name of its mitigation action (those the stack created). */
    actionNames: Readonly<Record<string, string>>;
    /**
     * The logs engine's behaviour plans (none on a Device Defender stack): the responder reports the
     * top contributors of their alarms and quarantines where the response map says so.
     */
    insightAlarms: readonly LogsBehaviorPlan[];
    /** The stack's security profiles in the region: the responder acts on their violations only. */
    securityProfiles: readonly string[];
    /** The topic the responder listens to (and the only sender its dead-letter queue admits). */
    topicArn: pulumi.Input<string>;
    /** The topic's KMS key: the responder publishes its insight reports there. */
    topicKeyArn: pulumi.Input<string>;
    /** Alarm when this many alerts wait in the dead-letter queue. */
    dlqAlarmThreshold: number;
}

/** Creates the responder, its queue and alarms under `parent`. */
export function responder(
    name: string,
    args: ResponderArgs,
    parent: pulumi.Resource,
): {
    responderArn: pulumi.Output<string>;
    deadLetterQueueUrl: pulumi.Output<string>;
    alarms: AlarmRef[];
} {
    const opts = { parent };
    const { names } = args;
    const deadLetters = new aws.sqs.Queue(
        `${name}-dlq`,
        {
            name: names.deadLetterQueue,
            messageRetentionSeconds: 14 * 24 * 3600,
            sqsManagedSseEnabled: true,
        },
        opts,
    );

    const functionName = names.responderFunction;
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-responder-logs`,
        {
            name: lambdaLogGroup(functionName),
            retentionInDays: 90,
        },
        opts,
    );
    const role = new aws.iam.Role(
        `${name}-responder-role`,
        {
            description:
                "Responder Lambda: starts mitigation tasks and dead-letters what it cannot process",
            assumeRolePolicy: serviceTrustPolicy(args.accountId, "lambda.amazonaws.com"),
        },
        opts,
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
                ...insightStatements({ ...args, quarantineGroup: names.quarantineGroup }),
            ]),
        },
        opts,
    );

    // What grows with the stack is packed as the settings file; the environment (checked against
    // Lambda's 4 KB by the component's validation) holds the rest.
    const settings = JSON.stringify(responderSettings(args));
    const variables = responderEnvironment(args, deadLetters.url);
    const fn = new aws.lambda.Function(
        `${name}-responder`,
        {
            name: functionName,
            runtime: "nodejs22.x",
            handler: "handler.handler",
            code: lambdaArchive(RESPONDER_SOURCE, { [RESPONDER_SETTINGS_FILE]: settings }),
            role: role.arn,
            timeout: RESPONDER_TIMEOUT_SECONDS,
            memorySize: 256,
            // One JSON object per log line (see lambda/responder/log.ts).
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
            environment: { variables },
            // Messages that still fail after Lambda's asynchronous retries go to the same queue.
            deadLetterConfig: { targetArn: deadLetters.arn },
        },
        { parent, dependsOn: [logGroup] },
    );
    // No reserved concurrency: it fails on accounts with little unreserved concurrency, and the
    // responder waits out the concurrent-task limit itself.
    new aws.lambda.FunctionEventInvokeConfig(
        `${name}-responder-async`,
        {
            functionName: fn.name,
            ...RESPONDER_ASYNC,
        },
        opts,
    );

    new aws.lambda.Permission(
        `${name}-responder-invoke`,
        {
            action: "lambda:InvokeFunction",
            function: fn.name,
            principal: "sns.amazonaws.com",
            sourceArn: args.topicArn,
        },
        opts,
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
        opts,
    );
    new aws.sns.TopicSubscription(
        `${name}-responder-subscription`,
        {
            topic: args.topicArn,
            protocol: "lambda",
            endpoint: fn.arn,
            redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: deadLetters.arn }),
        },
        { ...opts, dependsOn: [deadLettersFromTopic] },
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
    ): AlarmRef => ({
        name: spec.name,
        arn: new aws.cloudwatch.MetricAlarm(
            `${name}-${suffix}`,
            {
                name: spec.name,
                alarmDescription: description,
                namespace: spec.namespace,
                metricName: spec.metric,
                dimensions: Object.fromEntries(Object.keys(spec.dimensions).map(d => [d, watched])),
                statistic,
                threshold,
                period: CLOUDWATCH.detectPeriodSeconds,
                evaluationPeriods: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [args.topicArn],
            },
            opts,
        ).arn,
    });
    return {
        responderArn: fn.arn,
        deadLetterQueueUrl: deadLetters.url,
        alarms: [
            alarm(
                "dlq-alarm",
                names.deadLetterAlarm,
                "Alerts the responder could not process are waiting in its dead-letter queue",
                deadLetters.name,
                "Maximum",
                args.dlqAlarmThreshold,
            ),
            alarm(
                "errors-alarm",
                names.responderErrorsAlarm,
                "The responder Lambda failed; failed alerts are retried, then dead-lettered",
                fn.name,
                "Sum",
                1,
            ),
        ],
    };
}
