/**
 * LogsDetect: the `logs` Detect engine, for every account (Device Defender Detect is closed to
 * accounts not onboarded before 31 Aug 2026). The same behaviours as the rule-based profile, seen
 * through IoT Core's own logs:
 * - IoT v2 logging at the configured level with its own role (only AWSIotLogsV2), as a singleton
 *   that is never overwritten silently (V2LoggingOptions);
 * - lifecycle events (connects, disconnects) and, opt-in, oversized messages written by IoT rules to
 *   the stack's events log group, with a retention;
 * - per behaviour a Contributor Insights rule keyed on the client ID and an alarm on its top
 *   contributor, notifying the alert topic;
 * - anomaly-detection alarms on IoT Core's message and connection metrics (the stand-in for ML
 *   Detect). IoT Core's fleet alarms are FleetAlarms', for either engine.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { iotLoggingPolicy, policyDocument, serviceTrustPolicy } from "./iam";
import { V2LoggingOptions } from "./iot/v2LoggingOptions";
import { LogsBehaviorPlan } from "./inventory/logsBehaviors";
import {
    ANOMALY_BAND_WIDTH,
    IOT_CORE_METRICS,
    LIFECYCLE_EVENTS,
    LOG_RETENTION_DAYS,
    LOGS_DEFAULT_PERIOD_SECONDS,
    StackLogLevel,
    ConfidenceLevel,
} from "./facts";
import { LogsNames } from "./inventory/logsNames";

/** IoT SQL version of the stack's rules. */
const SQL_VERSION = "2016-03-23";

/** The component's type: part of its children's URNs (FleetAlarms aliases its former ones). */
export const LOGS_DETECT_TYPE = "iot-defender:logs:LogsDetect";

export interface LogsDetectArgs {
    region: string;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /** Physical names (see `logsNames`). */
    names: LogsNames;
    /** One plan per behaviour (see `logsBehaviorPlans`); none leaves the anomaly alarms. */
    behaviors: LogsBehaviorPlan[];
    /** IoT v2 logging default level. */
    logLevel: StackLogLevel;
    /** Adopt the account's existing logging setting (restored on destroy). */
    adoptExisting: boolean;
    /** Retention of the events log group, in days (a CloudWatch Logs retention value). */
    retentionDays: number;
    /** Anomaly-detection alarms on IoT Core's message and connection metrics; omit for none. */
    anomalyDetection?: { confidenceLevel: ConfidenceLevel };
    /** Alert topic every alarm notifies. */
    topicArn: pulumi.Input<string>;
}

export class LogsDetect extends pulumi.ComponentResource {
    /** Every alarm of the engine, by name. */
    public readonly alarms: { name: string; arn: pulumi.Output<string> }[];
    /** Behaviour name -> Contributor Insights rule name. */
    public readonly insightRuleNames: Record<string, string>;
    public readonly loggingRoleArn: pulumi.Output<string>;
    public readonly eventsLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: LogsDetectArgs, opts?: pulumi.ComponentResourceOptions) {
        super(LOGS_DETECT_TYPE, name, args, opts);
        if (!(LOG_RETENTION_DAYS as readonly number[]).includes(args.retentionDays))
            throw new Error(
                `LogsDetect ${name}: retentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}; got ${args.retentionDays}`,
            );
        const parent = { parent: this };
        const { names } = args;

        // IoT v2 logging, with a role that may write only to AWSIotLogsV2.
        const loggingRole = new aws.iam.Role(
            `${name}-logging-role`,
            {
                description: "AWS IoT v2 logging for the logs Detect engine (AWSIotLogsV2 only)",
                assumeRolePolicy: serviceTrustPolicy(args.accountId),
            },
            parent,
        );
        const loggingPolicy = new aws.iam.RolePolicy(
            `${name}-logging-policy`,
            {
                role: loggingRole.id,
                policy: iotLoggingPolicy(args.partition, args.region, args.accountId),
            },
            parent,
        );
        new V2LoggingOptions(
            `${name}-logging`,
            {
                region: args.region,
                accountId: args.accountId,
                roleArn: loggingRole.arn,
                defaultLogLevel: args.logLevel,
                adoptExisting: args.adoptExisting,
            },
            { parent: this, dependsOn: [loggingPolicy] },
        );

        // Lifecycle events and oversized messages, written by IoT rules to the events log group.
        const events = new aws.cloudwatch.LogGroup(
            `${name}-events`,
            { name: names.eventsLogGroup, retentionInDays: args.retentionDays },
            parent,
        );
        const rulesRole = new aws.iam.Role(
            `${name}-rules-role`,
            {
                description: "IoT rules of the logs Detect engine: write to its events log group",
                assumeRolePolicy: serviceTrustPolicy(args.accountId),
            },
            parent,
        );
        const rulesPolicy = new aws.iam.RolePolicy(
            `${name}-rules-policy`,
            {
                role: rulesRole.id,
                policy: policyDocument([
                    {
                        Effect: "Allow",
                        Action: [
                            "logs:CreateLogStream",
                            "logs:DescribeLogStreams",
                            "logs:PutLogEvents",
                        ],
                        Resource: pulumi.interpolate`${events.arn}:*`,
                    },
                ]),
            },
            parent,
        );
        const topicRule = (suffix: string, ruleName: string, sql: string, description: string) =>
            new aws.iot.TopicRule(
                `${name}-${suffix}`,
                {
                    name: ruleName,
                    description,
                    enabled: true,
                    sql,
                    sqlVersion: SQL_VERSION,
                    cloudwatchLogs: [{ logGroupName: events.name, roleArn: rulesRole.arn }],
                },
                { parent: this, dependsOn: [rulesPolicy] },
            );
        topicRule(
            "lifecycle",
            names.lifecycleRule,
            `SELECT * FROM '${LIFECYCLE_EVENTS.topicFilter}'`,
            "Connect and disconnect lifecycle events, for the logs Detect engine",
        );

        this.insightRuleNames = {};
        this.alarms = [];
        const alarmOn = (
            suffix: string,
            alarmName: string,
            spec: aws.cloudwatch.MetricAlarmArgs,
            deps: pulumi.Resource[] = [],
        ) => {
            const alarm = new aws.cloudwatch.MetricAlarm(
                `${name}-${suffix}`,
                {
                    ...spec,
                    name: alarmName,
                    alarmActions: [args.topicArn],
                    okActions: [args.topicArn],
                },
                { parent: this, dependsOn: deps },
            );
            this.alarms.push({ name: alarmName, arn: alarm.arn });
        };

        for (const b of args.behaviors) {
            if (b.sizeRule)
                topicRule(
                    `size-${b.behaviorName}`,
                    b.sizeRule.ruleName,
                    b.sizeRule.sql,
                    `Messages past behaviour ${b.behaviorName}'s size, for the logs Detect engine`,
                );
            const rule = new aws.cloudwatch.ContributorInsightRule(
                `${name}-rule-${b.behaviorName}`,
                {
                    ruleName: b.ruleName,
                    ruleState: "ENABLED",
                    ruleDefinition: JSON.stringify(b.definition),
                },
                { parent: this, dependsOn: [events] },
            );
            this.insightRuleNames[b.behaviorName] = b.ruleName;
            alarmOn(
                `alarm-${b.behaviorName}`,
                b.alarmName,
                {
                    alarmDescription: `Behaviour ${b.behaviorName} (${b.metric}): the top client ID in Contributor Insights rule ${b.ruleName}`,
                    metricQueries: [
                        {
                            id: "top",
                            expression: b.expression,
                            period: b.periodSeconds,
                            label: `${b.behaviorName}: top client`,
                            returnData: true,
                        },
                    ],
                    evaluationPeriods: b.datapointsToAlarm,
                    datapointsToAlarm: b.datapointsToAlarm,
                    threshold: b.threshold,
                    comparisonOperator: b.comparisonOperator,
                    // No matching event in a period means no client did it.
                    treatMissingData: "notBreaching",
                },
                [rule],
            );
        }

        if (args.anomalyDetection) {
            const width = ANOMALY_BAND_WIDTH[args.anomalyDetection.confidenceLevel];
            for (const [kind, metric] of Object.entries(IOT_CORE_METRICS.anomaly) as [
                keyof typeof IOT_CORE_METRICS.anomaly,
                string,
            ][]) {
                alarmOn(`anomaly-${kind}`, names.anomalyAlarm(kind), {
                    alarmDescription: `IoT Core ${metric} outside its expected band (${width} standard deviations; confidence ${args.anomalyDetection.confidenceLevel})`,
                    metricQueries: [
                        {
                            id: "m1",
                            metric: {
                                namespace: IOT_CORE_METRICS.namespace,
                                metricName: metric,
                                dimensions: {
                                    [IOT_CORE_METRICS.protocolDimension]: IOT_CORE_METRICS.protocol,
                                },
                                period: LOGS_DEFAULT_PERIOD_SECONDS,
                                stat: "Sum",
                            },
                            returnData: true,
                        },
                        {
                            id: "band",
                            expression: `ANOMALY_DETECTION_BAND(m1, ${width})`,
                            label: `${metric} (expected)`,
                            returnData: true,
                        },
                    ],
                    thresholdMetricId: "band",
                    comparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold",
                    evaluationPeriods: 2,
                    datapointsToAlarm: 2,
                    treatMissingData: "notBreaching",
                });
            }
        }

        this.loggingRoleArn = loggingRole.arn;
        this.eventsLogGroupName = events.name;
        this.registerOutputs({
            alarmArns: this.alarms.map(a => a.arn),
            insightRuleNames: this.insightRuleNames,
            loggingRoleArn: this.loggingRoleArn,
            eventsLogGroupName: this.eventsLogGroupName,
        });
    }
}
