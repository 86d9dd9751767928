/**
 * Detect (Device Defender engine): security profiles, each alerting to the SNS topic through the
 * publisher role, each attached to its own targets, each with a CloudWatch alarm on its Violations;
 * a role per profile that exports metrics, allowed to publish to that profile's topic only; and
 * the custom metrics and dimensions the behaviors use.
 *
 * Device Defender Detect is closed to AWS accounts not onboarded before 31 Aug 2026: stacks for
 * such accounts use the logs engine (components/logsDetect.ts) or leave Detect out.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmRef, violationsAlarm } from "./alarms";
import { metricsToRetain, mlBehaviors, ruleBehaviors } from "./behaviors";
import { ALERT_TARGET_TYPE, CustomMetricType } from "./facts";
import { iotPublishPolicy, serviceTrustPolicy } from "./iam";
import { SecurityProfileSpec } from "./inventory";
import { CustomMetric } from "./iot/customMetric";
import { Dimension } from "./iot/dimension";
import { SecurityProfile } from "./iot/securityProfile";
import { iotTags } from "./tags";

/** A profile to deploy: the inventory's spec and its targets' ARNs in the stack's account. */
export interface DetectProfile {
    spec: SecurityProfileSpec;
    /** Security profile target ARNs (thing groups or all/registered-things ...). At least one. */
    targetArns: pulumi.Input<string>[];
}

export interface DetectArgs {
    region: string;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /** The profiles to deploy, as the inventory names them. At least one. */
    profiles: DetectProfile[];
    /** Alert topic and the role Device Defender assumes to publish to it. */
    topicArn: pulumi.Input<string>;
    publisherRoleArn: pulumi.Input<string>;
    /** Custom metrics the behaviors use (created before the profiles). */
    customMetrics: { metricName: string; metricType: CustomMetricType; displayName?: string }[];
    /** TOPIC_FILTER dimensions the behaviors use (created before the profiles). */
    dimensions: { name: string; topicFilters: string[] }[];
    tags: Record<string, string>;
}

export class Detect extends pulumi.ComponentResource {
    /** Security profile name -> ARN. */
    public readonly profileArns: Record<string, pulumi.Output<string>>;
    /** Each profile's Violations alarm, in the order of `args.profiles`. */
    public readonly alarms: AlarmRef[];
    /** Security profile name -> the role that exports its metrics, for profiles that export. */
    public readonly exportRoleArns: Record<string, pulumi.Output<string>>;

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
        this.profileArns = {};
        this.alarms = [];
        this.exportRoleArns = {};
        for (const { spec, targetArns } of args.profiles) {
            const def = spec.definition;
            const logical = `${name}-${spec.id}`;
            const exportRole =
                def.metricsExport && this.exportRole(logical, args, def.metricsExport.mqttTopic);
            if (exportRole) this.exportRoleArns[spec.name] = exportRole.arn;
            const retained = metricsToRetain(def.metricsToRetain);
            const resource = new SecurityProfile(
                logical,
                {
                    region: args.region,
                    securityProfileName: spec.name,
                    securityProfileDescription: def.description,
                    behaviors:
                        def.kind === "rules" ? ruleBehaviors(def.behaviors) : mlBehaviors(def.ml!),
                    alertTargets,
                    // Only what a profile sets: one that retains or exports nothing has neither key.
                    ...(retained.length > 0 ? { additionalMetricsToRetainV2: retained } : {}),
                    ...(def.metricsExport && exportRole
                        ? {
                              metricsExportConfig: {
                                  mqttTopic: def.metricsExport.mqttTopic,
                                  roleArn: exportRole.arn,
                              },
                          }
                        : {}),
                    targets: pulumi.all(targetArns),
                    tags,
                },
                {
                    parent: this,
                    dependsOn: [...prerequisites, ...(exportRole ? [exportRole.policy] : [])],
                },
            );
            this.profileArns[spec.name] = resource.arn;
            const alarm = violationsAlarm(
                `${logical}-violations`,
                spec.alarm.name,
                resource.securityProfileName,
                args.topicArn,
                def.alarm,
                { parent: this },
            );
            this.alarms.push({ name: spec.alarm.name, arn: alarm.arn });
        }
        this.registerOutputs({
            profileArns: this.profileArns,
            alarmArns: this.alarms.map(a => a.arn),
            exportRoleArns: this.exportRoleArns,
        });
    }

    /** The role Device Defender assumes to publish a profile's metrics: iot:Publish on its topic only. */
    private exportRole(logical: string, args: DetectArgs, topic: string) {
        const role = new aws.iam.Role(
            `${logical}-export`,
            {
                description: `Assumed by AWS IoT Device Defender to publish exported Detect metrics to ${topic}`,
                assumeRolePolicy: serviceTrustPolicy(args.accountId),
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${logical}-export-policy`,
            {
                role: role.id,
                policy: iotPublishPolicy(args.partition, args.region, args.accountId, topic),
            },
            { parent: this },
        );
        return { arn: role.arn, policy };
    }
}

function validate(args: DetectArgs): void {
    const ids = args.profiles.map(p => p.spec.id);
    if (ids.length === 0 || new Set(ids).size !== ids.length)
        throw new Error(
            `Detect: profiles must hold at least one profile, each id once; got [${ids.join(", ")}]`,
        );
    for (const p of args.profiles)
        if (p.targetArns.length === 0)
            throw new Error(
                `Detect: profile ${p.spec.name} must have at least one target ARN; got none`,
            );
}
