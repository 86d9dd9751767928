/** CloudWatch alarms on Device Defender metrics: namespace AWS/IoT, notifying the alert topic. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CLOUDWATCH } from "./facts";

/** A CloudWatch alarm a component created: the name the inventory gave it, and its ARN. */
export interface AlarmRef {
    readonly name: string;
    readonly arn: pulumi.Output<string>;
}

export interface AlarmSettings {
    /** Alarm when the sum over one period reaches this many. */
    threshold: number;
    evaluationPeriods: number;
    periodSeconds: number;
}

/** Alarm on a profile's Violations (new violations since the last evaluation). */
export function violationsAlarm(
    name: string,
    alarmName: string,
    profileName: pulumi.Input<string>,
    topicArn: pulumi.Input<string>,
    settings: AlarmSettings,
    opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(
        name,
        {
            name: alarmName,
            alarmDescription: pulumi.interpolate`Device Defender violations in security profile ${profileName}`,
            namespace: CLOUDWATCH.namespace,
            metricName: CLOUDWATCH.metrics.violations,
            dimensions: { [CLOUDWATCH.dimensions.securityProfileName]: profileName },
            statistic: "Sum",
            period: settings.periodSeconds,
            evaluationPeriods: settings.evaluationPeriods,
            threshold: settings.threshold,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            // No datapoint means no new violation.
            treatMissingData: "notBreaching",
            alarmActions: [topicArn],
            okActions: [topicArn],
        },
        opts,
    );
}

/**
 * Metrics Insights query over NonCompliantResources of the given scheduled audits (all checks), as
 * one series, or one series per check.
 */
export function nonCompliantQuery(
    scheduledAuditNames: readonly string[],
    aggregate: "SUM" | "MAX" = "SUM",
    perCheck = false,
): string {
    const { namespace, metrics, dimensions } = CLOUDWATCH;
    const auditFilter = scheduledAuditNames
        .map(n => `${dimensions.scheduledAuditName} = '${n}'`)
        .join(" OR ");
    return (
        `SELECT ${aggregate}(${metrics.nonCompliantResources}) FROM SCHEMA("${namespace}", ${dimensions.checkName}, ` +
        `${dimensions.scheduledAuditName}) WHERE ${auditFilter}` +
        (perCheck ? ` GROUP BY ${dimensions.checkName}` : "")
    );
}

/**
 * Alarm on non-compliant resources found by the stack's scheduled audits, any check. The metric is
 * published per check and audit (dimensions CheckName, ScheduledAuditName), so one alarm covers
 * them all through a Metrics Insights query instead of one alarm per check.
 */
export function nonCompliantAlarm(
    name: string,
    alarmName: string,
    scheduledAuditNames: readonly string[],
    topicArn: pulumi.Input<string>,
    settings: AlarmSettings,
    opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(
        name,
        {
            name: alarmName,
            alarmDescription: `Device Defender audit found non-compliant resources (scheduled audits: ${scheduledAuditNames.join(", ")})`,
            metricQueries: [
                {
                    id: "noncompliant",
                    expression: nonCompliantQuery(scheduledAuditNames),
                    period: settings.periodSeconds,
                    returnData: true,
                    label: "Non-compliant resources",
                },
            ],
            evaluationPeriods: settings.evaluationPeriods,
            threshold: settings.threshold,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [topicArn],
        },
        opts,
    );
}
