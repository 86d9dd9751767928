/**
 * Builds the whole stack from validated settings: the one function index.ts, the offline tools
 * and the tests call. Settings in, components out; no config is read here.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmRef } from "./alarms";
import { Alerting } from "./alerting";
import { providerArgs } from "./config/identity";
import { Audit } from "./audit";
import { Settings } from "./config/load";
import { Dashboard } from "./dashboard";
import { Detect } from "./detect";
import { stackInventory, targetArn } from "./inventory";
import { LogsDetect } from "./logsDetect";
import { Remediation } from "./remediation";
import { secretInputs, secretOutputs } from "./secrets";
import { stackTags } from "./tags";
import { withoutStackTraces } from "./traces";

/** What the stack exports. */
export interface StackOutputs {
    region: string;
    environment: string;
    alertTopicArn: pulumi.Output<string>;
    publisherRoleArn: pulumi.Output<string>;
    auditEnabled: boolean;
    scheduledAuditNames: string[];
    detectEnabled: boolean;
    /** `logs` or `device-defender`; undefined when Detect is off. */
    detectEngine: string | undefined;
    /** Logs engine: behaviour name -> Contributor Insights rule name. */
    insightRuleNames: Record<string, string>;
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

/** Builds the stack from validated settings: every component and resource, and the outputs. */
export function buildStack(settings: Settings): StackOutputs {
    return withoutStackTraces(() => construct(settings));
}

function construct(settings: Settings): StackOutputs {
    const inventory = stackInventory(settings);
    const { baseName, region } = inventory;
    const tags = stackTags(settings);
    // Secret config values stay secrets in every resource that holds one.
    const transformations = settings.secrets.length ? [secretInputs(settings.secrets)] : [];
    // One explicit provider: the stack's region and credentials (an explicit provider reads no
    // aws: config by itself; the dynamic providers get the same identity in `configure`), and
    // its tags on every taggable AWS resource.
    const provider = new aws.Provider(
        baseName,
        { region: region as aws.Region, ...providerArgs(settings.identity), defaultTags: { tags } },
        { transformations },
    );
    const opts: pulumi.ComponentResourceOptions = { providers: [provider], transformations };
    const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
    const partition = aws.getPartitionOutput({}, { provider }).partition;

    const alerting = new Alerting(
        `${baseName}-alerting`,
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
            `${baseName}-audit`,
            {
                region,
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
                tags,
            },
            opts,
        );
        alarms.push(...audit.alarms);
    }

    let detect: Detect | undefined;
    const deviceDefender = inventory.detect.deviceDefender;
    if (deviceDefender) {
        const { rules, ml } = settings.detect;
        detect = new Detect(
            `${baseName}-detect`,
            {
                region,
                profiles: deviceDefender.profiles,
                rules,
                ml,
                targetArns: deviceDefender.targets.map(target =>
                    pulumi
                        .all([partition, accountId])
                        .apply(([p, a]) => targetArn(target, p, region, a)),
                ),
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
        alarms.push(...detect.alarms);
    }

    let logsDetect: LogsDetect | undefined;
    const logs = inventory.detect.logs;
    if (logs) {
        const settingsOf = settings.detect.logs;
        logsDetect = new LogsDetect(
            `${baseName}-logs`,
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

    let remediation: Remediation | undefined;
    if (inventory.remediation) {
        const r = settings.remediation;
        remediation = new Remediation(
            `${baseName}-remediation`,
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
                topicArn: alerting.topicArn,
                topicKeyArn: alerting.keyArn,
                dlqAlarmThreshold: r.dlqAlarmThreshold,
                tags,
            },
            opts,
        );
        alarms.push(...remediation.alarms);
    }

    const profileNames = inventory.securityProfiles.map(p => p.name);
    const scheduledAuditNames = inventory.audit?.scheduledAudits.map(a => a.name) ?? [];
    if (inventory.dashboard) {
        new Dashboard(
            `${baseName}-dashboard`,
            {
                dashboardName: inventory.dashboard,
                region,
                securityProfileNames: profileNames,
                scheduledAuditNames,
                insightRules: logs?.behaviors,
                iotCoreMetrics: logs !== undefined,
                alarmArns: alarms.map(a => a.arn),
            },
            opts,
        );
    }

    return secretOutputs<StackOutputs>(
        {
            region,
            environment: settings.environment,
            alertTopicArn: alerting.topicArn,
            publisherRoleArn: alerting.publisherRoleArn,
            auditEnabled: settings.audit.enabled,
            scheduledAuditNames,
            detectEnabled: settings.detect.enabled,
            detectEngine: settings.detect.enabled ? settings.detect.engine : undefined,
            insightRuleNames: logsDetect?.insightRuleNames ?? {},
            securityProfileNames: profileNames,
            securityProfileArns: pulumi.output(detect?.profileArns ?? {}),
            alarmNames: alarms.map(a => a.name),
            dashboardName: inventory.dashboard,
            remediationEnabled: settings.remediation.enabled,
            responderArn: remediation?.responderArn,
            deadLetterQueueUrl: remediation?.deadLetterQueueUrl,
            mitigationActionNames: remediation?.actionNames ?? {},
        },
        settings.secrets,
    );
}
