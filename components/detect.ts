/**
 * Detect: a rule-based security profile and an ML Detect profile, both alerting to the SNS topic
 * through the publisher role, both attached to the configured targets, each with a CloudWatch alarm
 * on its Violations; plus the custom metrics and dimensions their behaviors use.
 *
 * Device Defender Detect is closed to AWS accounts not onboarded before 31 Aug 2026: stacks for
 * such accounts leave this component out (`detect.enabled: false`).
 */
import * as pulumi from "@pulumi/pulumi";
import { AlarmRef, AlarmSettings, violationsAlarm } from "./alarms";
import { mlBehaviors, ruleBehaviors } from "./behaviors";
import type { Settings } from "./config/load";
import { ALERT_TARGET_TYPE, CustomMetricType } from "./facts";
import { SecurityProfileSpec } from "./inventory";
import { CustomMetric } from "./iot/customMetric";
import { Dimension } from "./iot/dimension";
import { SecurityProfile } from "./iot/securityProfile";
import { iotTags } from "./tags";

export interface DetectArgs {
    region: string;
    /** The profiles to deploy, as the inventory names them: a rule-based one, an ML one, or both. */
    profiles: readonly SecurityProfileSpec[];
    /** The rule-based profile's description and rules (static and statistical thresholds). */
    rules: Pick<Settings["detect"]["rules"], "description" | "behaviors">;
    /** The ML Detect profile's metrics and how readily it alarms. */
    ml: Omit<Settings["detect"]["ml"], "enabled">;
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
    /** Each profile's Violations alarm, in the order of `args.profiles`. */
    public readonly alarms: AlarmRef[];

    constructor(name: string, args: DetectArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iot-defender:detect:Detect", name, args, opts);
        validate(args);
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
        this.alarms = [];
        for (const profile of args.profiles) {
            const resource = new SecurityProfile(
                `${name}-${profile.kind}`,
                {
                    region: args.region,
                    securityProfileName: profile.name,
                    securityProfileDescription: description(profile, args),
                    behaviors: behaviors(profile, args),
                    alertTargets,
                    targets,
                    tags,
                },
                { parent: this, dependsOn: prerequisites },
            );
            this.profileArns[profile.name] = resource.arn;
            const alarm = violationsAlarm(
                `${name}-${profile.kind}-violations`,
                profile.alarm.name,
                resource.securityProfileName,
                args.topicArn,
                args.alarm,
                { parent: this },
            );
            this.alarms.push({ name: profile.alarm.name, arn: alarm.arn });
        }
        this.registerOutputs({
            profileArns: this.profileArns,
            alarmArns: this.alarms.map(a => a.arn),
        });
    }
}

function validate(args: DetectArgs): void {
    const kinds = args.profiles.map(p => p.kind);
    if (kinds.length === 0 || new Set(kinds).size !== kinds.length)
        throw new Error(
            `Detect: profiles must hold a rules profile, an ML profile or one of each; got kinds [${kinds.join(", ")}]`,
        );
    if (args.targetArns.length === 0)
        throw new Error("Detect: targetArns must name at least one target; got none");
}

function description(profile: SecurityProfileSpec, args: DetectArgs): string {
    return profile.kind === "rules"
        ? args.rules.description
        : `ML Detect behaviors (confidence ${args.ml.confidenceLevel})`;
}

function behaviors(profile: SecurityProfileSpec, args: DetectArgs) {
    return profile.kind === "rules"
        ? ruleBehaviors(args.rules.behaviors)
        : mlBehaviors(args.ml.metrics, args.ml);
}
