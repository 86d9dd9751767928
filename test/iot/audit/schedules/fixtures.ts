/**
 * The stack's scheduled audits as their specs build them: the weekly schedule, the resource's
 * inputs and state around it, and a fresh account.
 */
import {
    DescribeAccountAuditConfigurationCommand,
    ListScheduledAuditsCommand,
    UpdateAccountAuditConfigurationCommand,
} from "@aws-sdk/client-iot";
import type {
    AccountAuditInputs,
    AccountAuditOutputs,
    ScheduleSettings,
} from "../../../../components/iot/audit/types";
import { AUDIT_CHECK_NAMES } from "../../../../components/facts";
import { iot } from "../mocks";

export const ARN = "arn:aws:iot:eu-west-1:123456789012:scheduledaudit/weekly";
export const CHECKS = ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_SHARED_CHECK"];
/** The stack's tags: Project and Stack prove an audit its own. */
export const TAGS = [
    { Key: "Project", Value: "iot-defender" },
    { Key: "Stack", Value: "test" },
    { Key: "owner", Value: "iot" },
    { Key: "env", Value: "dev" },
];

/** The weekly schedule's settings. */
export function schedule(edit: Partial<ScheduleSettings> = {}): ScheduleSettings {
    return { frequency: "WEEKLY", dayOfWeek: "MON", targetCheckNames: [...CHECKS], ...edit };
}

/** The resource's inputs with the weekly schedule (`edit` applied to it), its checks enabled. */
export function inputs(
    edit: Partial<ScheduleSettings> = {},
    more: Partial<AccountAuditInputs> = {},
): AccountAuditInputs {
    return {
        region: "eu-west-1",
        accountId: "123456789012",
        roleArn: "arn:aws:iam::123456789012:role/iot-audit",
        auditCheckConfigurations: Object.fromEntries(CHECKS.map(c => [c, { enabled: true }])),
        scheduledAudits: { weekly: schedule(edit) },
        tags: TAGS,
        ...more,
    };
}

export function state(
    edit: Partial<ScheduleSettings> = {},
    more: Partial<AccountAuditOutputs> = {},
): AccountAuditOutputs {
    return {
        ...inputs(edit),
        scheduledAuditArns: { weekly: ARN },
        __provider: "serialized",
        ...more,
    } as AccountAuditOutputs;
}

/** An account with no configuration and, unless given, no scheduled audit. */
export function freshAccount(audits: { scheduledAuditName: string }[] = []): void {
    const checks = Object.fromEntries(AUDIT_CHECK_NAMES.map(c => [c, { enabled: false }]));
    iot.on(DescribeAccountAuditConfigurationCommand).resolves({ auditCheckConfigurations: checks });
    iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
    iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: audits });
}
