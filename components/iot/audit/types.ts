/**
 * The shapes of the account audit resource: its inputs (the account audit configuration and the
 * stack's scheduled audits), its state, and the keys `diff` compares.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AuditCheckConfiguration, AuditNotificationTarget, Tag } from "@aws-sdk/client-iot";
import type { AuditFrequency, DayOfWeek } from "../../facts";

/** How often a scheduled audit runs and which checks it runs. */
export interface ScheduleSettings {
    frequency: AuditFrequency;
    /** Required for WEEKLY and BIWEEKLY, absent otherwise. */
    dayOfWeek?: DayOfWeek;
    /** "1".."31" or "LAST"; required for MONTHLY, absent otherwise. */
    dayOfMonth?: string;
    /** Checks to run; each must be enabled by `auditCheckConfigurations`. */
    targetCheckNames: string[];
}

/** Scheduled audit name → its settings. */
export type Schedules = Record<string, ScheduleSettings>;
export type Checks = Record<string, AuditCheckConfiguration>;
export type Targets = Record<string, AuditNotificationTarget>;

export interface AccountAuditInputs {
    /** The region whose audit configuration this is. */
    region: string;
    /** The account whose audit configuration this is (12 digits); the id is `${accountId}/${region}`. */
    accountId: string;
    /** The audit role (data collection). */
    roleArn: string;
    /** Notification targets by type; the only key is "SNS". */
    auditNotificationTargetConfigurations?: Targets;
    /** Check name → {enabled, configuration?}. Checks not listed are disabled. */
    auditCheckConfigurations: Checks;
    /** Take over an audit configuration that already exists (it is restored on delete). */
    adoptExisting?: boolean;
    /** The stack's scheduled audits, by name (1-128 characters of [a-zA-Z0-9_-]). */
    scheduledAudits: Schedules;
    /**
     * Tags every scheduled audit carries. Their Project and Stack (tags.OWNERSHIP_TAG_KEYS) are the
     * only proof that an audit missing from this resource's state (a run that stopped before Pulumi
     * saved it) is the stack's own.
     */
    tags?: Tag[];
}

export interface AccountAuditOutputs extends AccountAuditInputs {
    /** JSON of the configuration found when adopting (see `PriorConfiguration`); absent when there was none. */
    priorConfiguration?: string;
    /** Scheduled audit name → ARN, for every scheduled audit in `scheduledAudits`. */
    scheduledAuditArns: Record<string, string>;
}

/** What `priorConfiguration` holds: the configuration as DescribeAccountAuditConfiguration returned it. */
export interface PriorConfiguration {
    roleArn?: string;
    auditNotificationTargetConfigurations?: Targets;
    /** Every check the API returned, enabled or not, with its configuration. */
    auditCheckConfigurations: Checks;
}

type Settable = Omit<AccountAuditInputs, "auditNotificationTargetConfigurations">;
export type AccountAuditArgs = {
    [K in keyof Settable]: pulumi.Input<Settable[K]>;
} & {
    /** Outputs may sit at the leaves, so the map's shape is known in preview (the policy pack checks it). */
    auditNotificationTargetConfigurations?: pulumi.Input<
        Record<
            string,
            pulumi.Input<{
                targetArn?: pulumi.Input<string>;
                roleArn?: pulumi.Input<string>;
                enabled?: pulumi.Input<boolean>;
            }>
        >
    >;
};

/** Inputs compared by `diff`; the outputs and `__provider` are not inputs. */
export const INPUT_KEYS = [
    "region",
    "accountId",
    "roleArn",
    "auditNotificationTargetConfigurations",
    "auditCheckConfigurations",
    "adoptExisting",
    "scheduledAudits",
    "tags",
] as const;
export const REPLACE_KEYS = ["region", "accountId"] as const;
/** Keys that are state, not inputs: `check` drops them. */
export const OUTPUT_KEYS = ["priorConfiguration", "scheduledAuditArns"] as const;

/** Where a configuration is, for messages. */
export function where(inputs: { accountId?: string; region: string }): string {
    return `account ${inputs.accountId ?? "?"} in ${inputs.region}`;
}
