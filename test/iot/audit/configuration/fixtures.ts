/**
 * The account audit configuration as its specs build it: inputs, state, the live configuration
 * AWS returns, and a mock account that keeps one as AWS does.
 */
import {
    DescribeAccountAuditConfigurationCommand,
    UpdateAccountAuditConfigurationCommand,
} from "@aws-sdk/client-iot";
import type {
    AuditCheckConfiguration,
    DescribeAccountAuditConfigurationResponse,
} from "@aws-sdk/client-iot";
import type {
    AccountAuditInputs,
    AccountAuditOutputs,
    ScheduleSettings,
} from "../../../../components/iot/audit/types";
import { AUDIT_CHECK_NAMES } from "../../../../components/facts";
import { auditArn, iot, OWN_AUDIT_TAGS } from "../mocks";

export const ROLE = "arn:aws:iam::123456789012:role/iot-audit";
export const NOTIFY_ROLE = "arn:aws:iam::123456789012:role/iot-audit-notify";
export const TOPIC = "arn:aws:sns:eu-west-1:123456789012:iot-audit";

/** The checks most specs configure: logging, and the certificate age check with its threshold (days), if any. */
export function loggingAndCertAge(days?: string): Record<string, AuditCheckConfiguration> {
    return {
        LOGGING_DISABLED_CHECK: { enabled: true },
        DEVICE_CERTIFICATE_AGE_CHECK: {
            enabled: true,
            ...(days === undefined ? {} : { configuration: { CERT_AGE_THRESHOLD_IN_DAYS: days } }),
        },
    };
}

/**
 * The inputs the Audit component produces: two checks, one with a threshold, an SNS target; no
 * scheduled audit (they have their own specs, ../schedules/) unless a test adds one.
 */
export function inputs(edit: Partial<AccountAuditInputs> = {}): AccountAuditInputs {
    return {
        region: "eu-west-1",
        accountId: "123456789012",
        roleArn: ROLE,
        auditNotificationTargetConfigurations: {
            SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
        },
        auditCheckConfigurations: loggingAndCertAge("365"),
        scheduledAudits: {},
        tags: OWN_AUDIT_TAGS,
        ...edit,
    };
}

/** A weekly scheduled audit running `checks`. */
export const weekly = (...checks: string[]): ScheduleSettings => ({
    frequency: "WEEKLY",
    dayOfWeek: "MON",
    targetCheckNames: checks,
});

/** The stack's weekly audit, running both checks: what the state holds in the update and delete tests. */
export const WITH_WEEKLY: Partial<AccountAuditOutputs> = {
    scheduledAudits: { weekly: weekly("LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK") },
    scheduledAuditArns: { weekly: auditArn("weekly") },
};

/** Inputs that keep only LOGGING_DISABLED_CHECK (disabling DEVICE_CERTIFICATE_AGE_CHECK), the weekly audit following. */
export const ONLY_LOGGING: Partial<AccountAuditInputs> = {
    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
    scheduledAudits: { weekly: weekly("LOGGING_DISABLED_CHECK") },
};

/** State after create: inputs plus the outputs and the serialized provider Pulumi stores with them. */
export function state(edit: Partial<AccountAuditOutputs> = {}): AccountAuditOutputs {
    return {
        ...inputs(),
        scheduledAuditArns: {},
        __provider: "serialized",
        ...edit,
    } as AccountAuditOutputs;
}

/** What DescribeAccountAuditConfiguration returns: every check, those listed enabled. */
export function live(
    enabled: Record<string, AuditCheckConfiguration> = {},
    extra: Partial<DescribeAccountAuditConfigurationResponse> = {},
): DescribeAccountAuditConfigurationResponse {
    const checks: Record<string, AuditCheckConfiguration> = {};
    for (const name of AUDIT_CHECK_NAMES) checks[name] = { enabled: false };
    Object.assign(checks, enabled);
    return {
        roleArn: "",
        auditNotificationTargetConfigurations: {},
        auditCheckConfigurations: checks,
        ...extra,
    };
}

/**
 * Serves Describe/UpdateAccountAuditConfiguration from one live configuration, updated as AWS
 * does: a check's `configuration` changes only when a request sends one (an omitted threshold keeps
 * its value). Returns the live configuration, to inspect.
 */
export function serveLiveConfiguration(
    start: DescribeAccountAuditConfigurationResponse,
): DescribeAccountAuditConfigurationResponse {
    const current = JSON.parse(JSON.stringify(start)) as DescribeAccountAuditConfigurationResponse;
    iot.on(DescribeAccountAuditConfigurationCommand).callsFake(() =>
        JSON.parse(JSON.stringify(current)),
    );
    iot.on(UpdateAccountAuditConfigurationCommand).callsFake(input => {
        if (input.roleArn) current.roleArn = input.roleArn;
        Object.assign(
            current.auditNotificationTargetConfigurations!,
            input.auditNotificationTargetConfigurations ?? {},
        );
        for (const [name, c] of Object.entries(input.auditCheckConfigurations ?? {}) as [
            string,
            AuditCheckConfiguration,
        ][]) {
            const was = current.auditCheckConfigurations![name] ?? {};
            current.auditCheckConfigurations![name] = {
                ...was,
                enabled: c.enabled,
                ...(c.configuration ? { configuration: c.configuration } : {}),
            };
        }
        return {};
    });
    return current;
}
