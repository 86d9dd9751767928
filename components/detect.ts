/**
 * Detect: a rule-based security profile and an ML Detect profile, both alerting to the SNS topic
 * through the publisher role, both attached to the configured targets, each with a CloudWatch alarm
 * on its Violations; plus the custom metrics and dimensions their behaviors use.
 *
 * Device Defender Detect is closed to AWS accounts not onboarded before 31 Aug 2026: stacks for
 * such accounts leave this component out (`detect.enabled: false`).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Behavior } from "@aws-sdk/client-iot";
import { AlarmSettings, violationsAlarm } from "./alarms";
import { ALERT_TARGET_TYPE, CustomMetricType } from "./facts";
import { CustomMetric } from "./iot/customMetric";
import { Dimension } from "./iot/dimension";
import { SecurityProfile } from "./iot/securityProfile";
import { iotTags } from "./tags";

export interface ProfileArgs {
    /** Physical name of the security profile. */
    securityProfileName: string;
    description: string;
    behaviors: Behavior[];
    /** Name of the CloudWatch alarm on this profile's Violations. */
    alarmName: string;
}

export interface DetectArgs {
    region: string;
    /** Rule-based profile (static and statistical thresholds); omit to skip. */
    ruleProfile?: ProfileArgs;
    /** ML Detect profile (behaviors with mlDetectionConfig); omit to skip. */
    mlProfile?: ProfileArgs;
    /** Security profile target ARNs (thing groups or all/registered-things ...). At least one. */
    targetArns: pulumi.Input<string>[];
    /** Alert topic and the role Device Defender assumes to publish to it. */
    topicArn: pulumi.Input<string>;
    publisherRoleArn: pulumi.Input<string>;
    /** Custom metrics the behaviors use (created before the profiles). */
    customMetrics: { metricName: string; metricType: CustomMetricType; displayName?: string }[];
    /** TOPIC_FILTER dimensions the behaviors use (created before the profiles). */
    dimensions: { name: string; topicFilters: string[] }[];
    alarm: AlarmSettings;
    tags: Record<string, string>;
}

export class Detect extends pulumi.ComponentResource {
    /** Security profile name -> ARN. */
    public readonly profileArns: Record<string, pulumi.Output<string>>;
    /** Security profile name -> Violations alarm ARN. */
    public readonly alarmArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: DetectArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iot-defender:detect:Detect", name, args, opts);
        const tags = iotTags(args.tags);

        const prerequisites: pulumi.Resource[] = [
            ...args.customMetrics.map(
                m =>
                    new CustomMetric(
                        `${name}-metric-${m.metricName}`,
                        {
                            region: args.region,
                            metricName: m.metricName,
                            metricType: m.metricType,
                            displayName: m.displayName,
                            tags,
                        },
                        { parent: this },
                    ),
            ),
            ...args.dimensions.map(
                d =>
                    new Dimension(
                        `${name}-dimension-${d.name}`,
                        {
                            region: args.region,
                            name: d.name,
                            type: "TOPIC_FILTER",
                            stringValues: d.topicFilters,
                            tags,
                        },
                        { parent: this },
                    ),
            ),
        ];

        // A plain map whose leaves are Outputs: its shape is known in preview, so the policy pack can
        // check it before the ARNs exist (an Output of the whole map would be unknown as a whole).
        const alertTargets = {
            [ALERT_TARGET_TYPE]: { alertTargetArn: args.topicArn, roleArn: args.publisherRoleArn },
        };
        const targets = pulumi.all(args.targetArns);
        this.profileArns = {};
        this.alarmArns = {};
        for (const [kind, profile] of [
            ["rules", args.ruleProfile],
            ["ml", args.mlProfile],
        ] as const) {
            if (!profile) continue;
            const resource = new SecurityProfile(
                `${name}-${kind}`,
                {
                    region: args.region,
                    securityProfileName: profile.securityProfileName,
                    securityProfileDescription: profile.description,
                    behaviors: profile.behaviors,
                    alertTargets,
                    targets,
                    tags,
                },
                { parent: this, dependsOn: prerequisites },
            );
            this.profileArns[profile.securityProfileName] = resource.arn;
            this.alarmArns[profile.securityProfileName] = violationsAlarm(
                `${name}-${kind}-violations`,
                profile.alarmName,
                resource.securityProfileName,
                args.topicArn,
                args.alarm,
                { parent: this },
            ).arn;
        }
        this.registerOutputs({ profileArns: this.profileArns, alarmArns: this.alarmArns });
    }
}
