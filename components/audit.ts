/**
 * Audit: the audit role, the account audit configuration (checks, thresholds, SNS notifications)
 * with the scheduled audits (one resource owns both), and an alarm on non-compliant resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AuditCheckConfiguration } from "@aws-sdk/client-iot";
import { AlarmRef, AlarmSettings, nonCompliantAlarm } from "./alarms";
import {
    ALERT_TARGET_TYPE,
    AUDIT_CHECKS,
    AuditFrequency,
    DayOfWeek,
    MANAGED_POLICIES,
    managedPolicyArn,
} from "./facts";
import { serviceTrustPolicy } from "./iam";
import { AccountAudit } from "./iot/audit/resource";
import { AuditSuppression } from "./iot/auditSuppression";
import type { AuditSuppressionSpec } from "./inventory";
import { iotTags, ownershipTags } from "./tags";

export interface AuditScheduleArgs {
    /** Physical name of the scheduled audit ([a-zA-Z0-9_-], no colon). */
    scheduledAuditName: string;
    frequency: AuditFrequency;
    dayOfWeek?: DayOfWeek;
    dayOfMonth?: string;
    /** Checks to run; each must be in `checks`. Default: every enabled check. */
    checks?: string[];
}

/** The role Device Defender assumes to audit, and the resource that makes it ready (its policy). */
export interface AuditRole {
    readonly arn: pulumi.Output<string>;
    readonly ready: pulumi.Resource;
}

export interface AuditArgs {
    region: string;
    /**
     * The audit role of another region of the stack: it reads the account's configuration in every
     * region (IAM is global), so a stack of several regions has one. Default: this Audit makes it.
     */
    sharedRole?: AuditRole;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /** Checks to enable (every other check is disabled). */
    checks: string[];
    /** Thresholds in days, for checks that take one (see facts.AUDIT_CHECKS). */
    checkThresholds: Record<string, number>;
    schedules: AuditScheduleArgs[];
    /** Adopt an audit configuration the account already has (restored on destroy). */
    adoptExisting: boolean;
    /** Topic audit notifications go to, and the role Device Defender assumes to publish there. */
    topicArn: pulumi.Input<string>;
    publisherRoleArn: pulumi.Input<string>;
    /** Alarm on NonCompliantResources from the scheduled audits. */
    alarm: AlarmSettings & { alarmName: string };
    /** Accepted findings (each of an enabled check), from the stack inventory. */
    suppressions: readonly AuditSuppressionSpec[];
    tags: Record<string, string>;
}

export class Audit extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    /** The audit role this Audit uses (its own, or the shared one), for other regions to share. */
    public readonly role: AuditRole;
    public readonly scheduledAuditArns: pulumi.Output<string>[];
    public readonly scheduledAuditNames: string[];
    /** The alarm on non-compliant resources. */
    public readonly alarms: AlarmRef[];

    constructor(name: string, args: AuditArgs, opts?: pulumi.ComponentResourceOptions) {
        // The shared role is a resource of another component, not an input of this one.
        const { sharedRole, ...inputs } = args;
        super("iot-defender:audit:Audit", name, inputs, opts);
        // Fails, naming it, if Project or Stack is missing: they prove the stack's audits its own.
        ownershipTags(args.tags);

        this.role = sharedRole ?? auditRole(name, args.partition, args.accountId, this);
        // One resource owns the configuration and the scheduled audits: it enables new checks,
        // moves the schedules and only then disables dropped checks, knowing its audits from its state.
        const audit = new AccountAudit(
            `${name}-account-audit`,
            {
                region: args.region,
                accountId: args.accountId,
                roleArn: this.role.arn,
                // A plain map with Output leaves: its shape is known in preview, for the policy pack.
                auditNotificationTargetConfigurations: {
                    [ALERT_TARGET_TYPE]: {
                        targetArn: args.topicArn,
                        roleArn: args.publisherRoleArn,
                        enabled: true,
                    },
                },
                auditCheckConfigurations: checkConfigurations(args.checks, args.checkThresholds),
                adoptExisting: args.adoptExisting,
                scheduledAudits: Object.fromEntries(
                    args.schedules.map(s => [
                        s.scheduledAuditName,
                        {
                            frequency: s.frequency,
                            ...(s.dayOfWeek !== undefined ? { dayOfWeek: s.dayOfWeek } : {}),
                            ...(s.dayOfMonth !== undefined ? { dayOfMonth: s.dayOfMonth } : {}),
                            targetCheckNames: s.checks ?? args.checks,
                        },
                    ]),
                ),
                // Their Project and Stack tags prove an audit the stack's if a run stopped before saving it.
                tags: iotTags(args.tags),
            },
            { parent: this, dependsOn: [this.role.ready] },
        );

        // AWS suppresses findings of enabled checks only: after the configuration enables them.
        for (const s of args.suppressions) {
            if (!args.checks.includes(s.checkName))
                throw new Error(
                    `Audit ${name}: suppression ${s.key} is of ${s.checkName}, which is not among the enabled checks`,
                );
            const { key, resourceIdentifier, ...rest } = s;
            new AuditSuppression(
                `${name}-suppression-${key}`,
                {
                    region: args.region,
                    accountId: args.accountId,
                    resourceIdentifier: { ...resourceIdentifier },
                    ...rest,
                },
                { parent: this, dependsOn: [audit] },
            );
        }

        this.scheduledAuditNames = args.schedules.map(s => s.scheduledAuditName);
        this.scheduledAuditArns = this.scheduledAuditNames.map(n =>
            audit.scheduledAuditArns.apply(arns => arns[n]),
        );

        const alarm = nonCompliantAlarm(
            `${name}-noncompliant`,
            args.alarm.alarmName,
            this.scheduledAuditNames,
            args.topicArn,
            args.alarm,
            { parent: this },
        );
        this.alarms = [{ name: args.alarm.alarmName, arn: alarm.arn }];
        this.roleArn = this.role.arn;
        this.registerOutputs({
            roleArn: this.roleArn,
            scheduledAuditArns: this.scheduledAuditArns,
            alarmArn: alarm.arn,
        });
    }
}

/** The audit role: trusted by AWS IoT for this account only, with the managed audit policy. */
function auditRole(
    name: string,
    partition: pulumi.Input<string>,
    accountId: pulumi.Input<string>,
    parent: pulumi.Resource,
): AuditRole {
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            description: "Assumed by AWS IoT Device Defender to read the configuration it audits",
            assumeRolePolicy: serviceTrustPolicy(accountId),
        },
        { parent },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
        `${name}-role-audit-policy`,
        {
            role: role.name,
            policyArn: pulumi
                .output(partition)
                .apply(p => managedPolicyArn(MANAGED_POLICIES.audit, p)),
        },
        { parent },
    );
    return { arn: role.arn, ready: attachment };
}

/** Every configured check enabled, with its threshold (a string, as the API wants) where set. */
export function checkConfigurations(
    checks: readonly string[],
    thresholds: Record<string, number>,
): Record<string, AuditCheckConfiguration> {
    return Object.fromEntries(
        checks.map(check => {
            const threshold = AUDIT_CHECKS[check]?.threshold;
            const days = thresholds[check];
            const config: AuditCheckConfiguration = { enabled: true };
            if (threshold && days !== undefined)
                config.configuration = { [threshold.configName]: String(days) };
            return [check, config];
        }),
    );
}
