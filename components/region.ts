/**
 * What one region of the stack deploys, on that region's provider: the alert topic and its key,
 * audit, the Detect engine's resources, IoT Core's fleet alarms, remediation and their alarms, the Security Hub subscriptions. `buildStack` calls it once
 * per region; only the account-wide dashboard is built outside it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmRef } from "./alarms";
import { Alerting } from "./alerting";
import { Audit, AuditRole } from "./audit";
import { RegionSettings } from "./config/load";
import { Detect } from "./detect";
import { FleetAlarms } from "./fleetAlarms";
import { Inventory, targetArn } from "./inventory";
import { LOGS_DETECT_TYPE, LogsDetect } from "./logsDetect";
import { Remediation } from "./remediation";
import { SecurityHub } from "./securityHub";

/** The outputs of one region (the stack's `regions` output, keyed by region). */
export interface RegionOutputs {
    alertTopicArn: pulumi.Output<string>;
    publisherRoleArn: pulumi.Output<string>;
    scheduledAuditNames: string[];
    /** `logs` or `device-defender`; undefined when Detect is off. */
    detectEngine: string | undefined;
    /** Logs engine: behaviour name -> Contributor Insights rule name. */
    insightRuleNames: Record<string, string>;
    securityProfileNames: string[];
    securityProfileArns: pulumi.Output<Record<string, string>>;
    alarmNames: string[];
    responderArn: pulumi.Output<string> | undefined;
    deadLetterQueueUrl: pulumi.Output<string> | undefined;
    mitigationActionNames: Record<string, string>;
}

/** A built region: its outputs, its alarms for the dashboard, and its audit role for the other regions. */
export interface RegionBuild {
    readonly outputs: RegionOutputs;
    readonly alarms: readonly AlarmRef[];
    readonly auditRole: AuditRole | undefined;
}

/** Where a region is built: its provider (in `opts`) and the account, which every region shares. */
export interface RegionContext {
    readonly opts: pulumi.ComponentResourceOptions;
    readonly accountId: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
    readonly tags: Record<string, string>;
    /** The audit role of the home region, which every other region shares (IAM is global). */
    readonly auditRole?: AuditRole;
}

/** Builds one region's components from its settings and inventory. */
export function buildRegion(
    settings: RegionSettings,
    inventory: Inventory,
    context: RegionContext,
): RegionBuild {
    const { logicalBase, region } = inventory;
    const { opts, accountId, partition, tags } = context;
    const alerting = new Alerting(
        `${logicalBase}-alerting`,
        {
            topicName: inventory.alertTopic,
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

    const alarms: AlarmRef[] = [];

    let audit: Audit | undefined;
    if (inventory.audit) {
        audit = new Audit(
            `${logicalBase}-audit`,
            {
                region,
                sharedRole: context.auditRole,
                accountId,
                partition,
                checks: settings.audit.checks,
                checkThresholds: settings.audit.checkThresholds,
                schedules: inventory.audit.scheduledAudits.map(({ name, checks, ...when }) => ({
                    scheduledAuditName: name,
                    ...when,
                    checks: [...checks],
                })),
                adoptExisting: settings.audit.adoptExisting,
                topicArn: alerting.topicArn,
                publisherRoleArn: alerting.publisherRoleArn,
                alarm: { ...settings.audit.alarm, alarmName: inventory.audit.alarm.name },
                suppressions: inventory.audit.suppressions,
                tags,
            },
            opts,
        );
        alarms.push(...audit.alarms);
    }

    let detect: Detect | undefined;
    const deviceDefender = inventory.detect.deviceDefender;
    if (deviceDefender) {
        detect = new Detect(
            `${logicalBase}-detect`,
            {
                region,
                accountId,
                partition,
                profiles: deviceDefender.profiles.map(spec => ({
                    spec,
                    targetArns: spec.targets.map(target =>
                        pulumi
                            .all([partition, accountId])
                            .apply(([p, a]) => targetArn(target, p, region, a)),
                    ),
                })),
                topicArn: alerting.topicArn,
                publisherRoleArn: alerting.publisherRoleArn,
                customMetrics: settings.detect.customMetrics.map(m => ({
                    metricName: m.name,
                    metricType: m.type,
                    displayName: m.displayName,
                })),
                dimensions: settings.detect.dimensions,
                tags,
            },
            opts,
        );
        alarms.push(...detect.alarms);
    }

    let logsDetect: LogsDetect | undefined;
    const logs = inventory.detect.logs;
    const logsName = `${logicalBase}-logs`;
    if (logs) {
        const settingsOf = settings.detect.logs;
        logsDetect = new LogsDetect(
            logsName,
            {
                region,
                accountId,
                partition,
                names: logs.names,
                behaviors: [...logs.behaviors],
                logLevel: settingsOf.logLevel,
                adoptExisting: settingsOf.adoptExisting,
                retentionDays: settingsOf.retentionDays,
                anomalyDetection: settingsOf.anomalyDetection.enabled
                    ? { confidenceLevel: settingsOf.anomalyDetection.confidenceLevel }
                    : undefined,
                topicArn: alerting.topicArn,
            },
            opts,
        );
        alarms.push(...logsDetect.alarms);
    }

    if (inventory.fleetAlarms) {
        const fleet = new FleetAlarms(
            `${logicalBase}-fleet-alarms`,
            {
                alarms: inventory.fleetAlarms.alarms,
                topicArn: alerting.topicArn,
                // They were the logs engine's children, whatever the engine is now: a stack built
                // before the move that switches engine in the same update moves them too, instead of
                // creating same-named alarms (PutMetricAlarm overwrites) and then deleting the old.
                formerParent: { type: LOGS_DETECT_TYPE, name: logsName },
            },
            opts,
        );
        alarms.push(...fleet.alarms);
    }

    let remediation: Remediation | undefined;
    if (inventory.remediation) {
        const r = settings.remediation;
        remediation = new Remediation(
            `${logicalBase}-remediation`,
            {
                region,
                accountId,
                partition,
                names: inventory.remediation,
                actions: r.actions,
                loggingLevel: r.loggingLevel,
                dryRun: r.dryRun,
                // Resolved by the config: only responses to what the stack deploys.
                violationResponses: r.violationResponses,
                auditResponses: r.auditResponses,
                insightAlarms: [...(logs?.behaviors ?? [])],
                securityProfiles: inventory.securityProfiles.map(p => p.name),
                topicArn: alerting.topicArn,
                topicKeyArn: alerting.keyArn,
                dlqAlarmThreshold: r.dlqAlarmThreshold,
                tags,
            },
            opts,
        );
        alarms.push(...remediation.alarms);
    }

    // Security Hub is regional: each region's findings go to its own hub.
    if (inventory.securityHub && inventory.securityHub.products.length > 0) {
        new SecurityHub(
            `${logicalBase}-securityhub`,
            { region, partition, ...inventory.securityHub },
            opts,
        );
    }

    return {
        alarms,
        auditRole: audit?.role,
        outputs: {
            alertTopicArn: alerting.topicArn,
            publisherRoleArn: alerting.publisherRoleArn,
            scheduledAuditNames: inventory.audit?.scheduledAudits.map(a => a.name) ?? [],
            detectEngine: settings.detect.enabled ? settings.detect.engine : undefined,
            insightRuleNames: logsDetect?.insightRuleNames ?? {},
            securityProfileNames: inventory.securityProfiles.map(p => p.name),
            securityProfileArns: pulumi.output(detect?.profileArns ?? {}),
            alarmNames: alarms.map(a => a.name),
            responderArn: remediation?.responderArn,
            deadLetterQueueUrl: remediation?.deadLetterQueueUrl,
            mitigationActionNames: remediation?.actionNames ?? {},
        },
    };
}

/** The region's provider: its region, the stack's credentials and tags (explicit: it reads no aws: config). */
export function regionProvider(
    inventory: Inventory,
    providerArgs: Omit<aws.ProviderArgs, "region">,
    opts: pulumi.CustomResourceOptions,
): aws.Provider {
    return new aws.Provider(
        inventory.logicalBase,
        { region: inventory.region as aws.Region, ...providerArgs },
        opts,
    );
}
