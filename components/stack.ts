/**
 * Builds the whole stack from validated settings: the one function index.ts, the offline tools
 * and the tests call. Settings in, components out; no config is read here.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Alerting } from "./alerting";
import { Audit } from "./audit";
import { mlBehaviors, ruleBehaviors } from "./behaviors";
import { Settings } from "./config/load";
import { Dashboard } from "./dashboard";
import { Detect } from "./detect";
import { allThingsTargetArn, thingGroupArn } from "./facts";
import { names } from "./names";
import { Remediation } from "./remediation";
import { stackTags } from "./tags";

/** What the stack exports. */
export interface StackOutputs {
    region: string;
    environment: string;
    alertTopicArn: pulumi.Output<string>;
    publisherRoleArn: pulumi.Output<string>;
    auditEnabled: boolean;
    scheduledAuditNames: string[];
    detectEnabled: boolean;
    securityProfileNames: string[];
    securityProfileArns: pulumi.Output<Record<string, string>>;
    alarmNames: string[];
    dashboardName: string | undefined;
    remediationEnabled: boolean;
    responderArn: pulumi.Output<string> | undefined;
    deadLetterQueueUrl: pulumi.Output<string> | undefined;
    mitigationActionNames: Record<string, string>;
    [name: string]: pulumi.Input<unknown>;
}

export function buildStack(settings: Settings): StackOutputs {
    const tags = stackTags(settings);
    // One explicit provider: the stack's region, and its tags on every taggable AWS resource.
    const provider = new aws.Provider(names.base(settings), {
        region: settings.region as aws.Region,
        defaultTags: { tags },
    });
    const opts: pulumi.ComponentResourceOptions = { providers: [provider] };
    const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
    const partition = aws.getPartitionOutput({}, { provider }).partition;
    const region = settings.region;

    const alerting = new Alerting(
        `${names.base(settings)}-alerting`,
        {
            topicName: names.alertTopic(settings),
            emails: settings.alerting.emails,
            httpsEndpoint: settings.alerting.httpsEndpoint,
            sqsQueueArn: settings.alerting.sqsQueueArn,
            kmsKeyDeletionWindowDays: settings.alerting.kmsKeyDeletionWindowDays,
            accountId,
            partition,
            region,
        },
        opts,
    );

    const alarmArns: pulumi.Output<string>[] = [];
    const alarmNames: string[] = [];

    let audit: Audit | undefined;
    if (settings.audit.enabled) {
        const alarmName = names.nonCompliantAlarm(settings);
        audit = new Audit(
            `${names.base(settings)}-audit`,
            {
                region,
                accountId,
                partition,
                checks: settings.audit.checks,
                checkThresholds: settings.audit.checkThresholds,
                schedules: settings.audit.schedules.map(s => ({
                    scheduledAuditName: names.scheduledAudit(settings, s.name),
                    frequency: s.frequency,
                    dayOfWeek: s.dayOfWeek,
                    dayOfMonth: s.dayOfMonth,
                    checks: s.checks,
                })),
                adoptExisting: settings.audit.adoptExisting,
                topicArn: alerting.topicArn,
                publisherRoleArn: alerting.publisherRoleArn,
                alarm: { ...settings.audit.alarm, alarmName },
                tags,
            },
            opts,
        );
        alarmArns.push(audit.alarmArn);
        alarmNames.push(alarmName);
    }

    const profiles: string[] = [];
    let detect: Detect | undefined;
    if (settings.detect.enabled) {
        const { rules, ml, targets } = settings.detect;
        const ruleProfileName = names.ruleProfile(settings),
            mlProfileName = names.mlProfile(settings);
        const profileArgs = (
            securityProfileName: string,
            description: string,
            behaviors: ReturnType<typeof ruleBehaviors>,
        ) => ({
            securityProfileName,
            description,
            behaviors,
            alarmName: names.violationsAlarm(settings, securityProfileName),
        });
        detect = new Detect(
            `${names.base(settings)}-detect`,
            {
                region,
                ruleProfile: rules.enabled
                    ? profileArgs(
                          ruleProfileName,
                          rules.description,
                          ruleBehaviors(rules.behaviors),
                      )
                    : undefined,
                mlProfile: ml.enabled
                    ? profileArgs(
                          mlProfileName,
                          `ML Detect behaviors (confidence ${ml.confidenceLevel})`,
                          mlBehaviors(ml.metrics, ml),
                      )
                    : undefined,
                targetArns: [
                    ...(targets.allThings
                        ? [
                              pulumi
                                  .all([partition, accountId])
                                  .apply(([p, a]) =>
                                      allThingsTargetArn(p, region, a, targets.allThings!),
                                  ),
                          ]
                        : []),
                    ...targets.thingGroups.map(g =>
                        pulumi
                            .all([partition, accountId])
                            .apply(([p, a]) => thingGroupArn(p, region, a, g)),
                    ),
                ],
                topicArn: alerting.topicArn,
                publisherRoleArn: alerting.publisherRoleArn,
                customMetrics: settings.detect.customMetrics.map(m => ({
                    metricName: m.name,
                    metricType: m.type,
                    displayName: m.displayName,
                })),
                dimensions: settings.detect.dimensions,
                alarm: settings.detect.alarm,
                tags,
            },
            opts,
        );
        if (rules.enabled) profiles.push(ruleProfileName);
        if (ml.enabled) profiles.push(mlProfileName);
        for (const p of profiles) {
            alarmArns.push(detect.alarmArns[p]);
            alarmNames.push(names.violationsAlarm(settings, p));
        }
    }

    let remediation: Remediation | undefined;
    if (settings.remediation.enabled) {
        const r = settings.remediation;
        remediation = new Remediation(
            `${names.base(settings)}-remediation`,
            {
                region,
                accountId,
                partition,
                baseName: names.base(settings),
                actions: r.actions,
                loggingLevel: r.loggingLevel,
                dryRun: r.dryRun,
                // Resolved by the config: only responses to what the stack deploys.
                violationResponses: r.violationResponses,
                auditResponses: r.auditResponses,
                topicArn: alerting.topicArn,
                topicKeyArn: alerting.keyArn,
                dlqAlarmThreshold: r.dlqAlarmThreshold,
                tags,
            },
            opts,
        );
        alarmArns.push(...remediation.alarmArns);
        alarmNames.push(...remediation.alarmNames);
    }

    let dashboardName: string | undefined;
    if (settings.dashboard.enabled) {
        dashboardName = names.dashboard(settings);
        new Dashboard(
            `${names.base(settings)}-dashboard`,
            {
                dashboardName,
                region,
                securityProfileNames: profiles,
                scheduledAuditNames: audit?.scheduledAuditNames ?? [],
                alarmArns,
            },
            opts,
        );
    }

    return {
        region,
        environment: settings.environment,
        alertTopicArn: alerting.topicArn,
        publisherRoleArn: alerting.publisherRoleArn,
        auditEnabled: settings.audit.enabled,
        scheduledAuditNames: audit?.scheduledAuditNames ?? [],
        detectEnabled: settings.detect.enabled,
        securityProfileNames: profiles,
        securityProfileArns: pulumi.output(detect?.profileArns ?? {}),
        alarmNames,
        dashboardName,
        remediationEnabled: settings.remediation.enabled,
        responderArn: remediation?.responderArn,
        deadLetterQueueUrl: remediation?.deadLetterQueueUrl,
        mitigationActionNames: remediation?.actionNames ?? {},
    };
}
