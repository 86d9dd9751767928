/** Device Defender Audit: checks, their severities, thresholds and allowed mitigations; schedules. */
import { MitigationActionType } from "./mitigation";

export type AuditCheckConfigName =
    "CERT_AGE_THRESHOLD_IN_DAYS" | "CERT_EXPIRATION_THRESHOLD_IN_DAYS";
export type Severity = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW";
export const SEVERITIES: readonly Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

export interface AuditCheckFact {
    readonly severity: Severity;
    /** The one configurable threshold, where the check has one. Values travel as strings. */
    readonly threshold?: {
        readonly configName: AuditCheckConfigName;
        readonly min: number;
        readonly max: number;
        readonly defaultDays: number;
    };
    /** Mitigation action types AWS allows for the check's findings. */
    readonly actions: readonly MitigationActionType[];
}

// Not `default`: Pulumi's closure serializer mistakes objects with a `default` key for `import *` results.
const certDays = (configName: AuditCheckConfigName, defaultDays: number) => ({
    configName,
    min: 30,
    max: 3652,
    defaultDays,
});
const DEVICE_CERT_ACTIONS: readonly MitigationActionType[] = [
    "PUBLISH_FINDING_TO_SNS",
    "UPDATE_DEVICE_CERTIFICATE",
    "ADD_THINGS_TO_THING_GROUP",
];
const CA_CERT_ACTIONS: readonly MitigationActionType[] = [
    "PUBLISH_FINDING_TO_SNS",
    "UPDATE_CA_CERTIFICATE",
];
const POLICY_ACTIONS: readonly MitigationActionType[] = [
    "PUBLISH_FINDING_TO_SNS",
    "REPLACE_DEFAULT_POLICY_VERSION",
];
const SNS_ONLY: readonly MitigationActionType[] = ["PUBLISH_FINDING_TO_SNS"];

/**
 * Current audit checks, by API name. The policy-misconfiguration check is spelled as the
 * developer guide and the CloudFormation handler spell it; the account audit
 * provider also checks names against DescribeAccountAuditConfiguration at deploy time.
 */
export const AUDIT_CHECKS: Readonly<Record<string, AuditCheckFact>> = {
    AUTHENTICATED_COGNITO_ROLE_OVERLY_PERMISSIVE_CHECK: { severity: "CRITICAL", actions: SNS_ONLY },
    UNAUTHENTICATED_COGNITO_ROLE_OVERLY_PERMISSIVE_CHECK: {
        severity: "CRITICAL",
        actions: SNS_ONLY,
    },
    CA_CERTIFICATE_EXPIRING_CHECK: { severity: "MEDIUM", actions: CA_CERT_ACTIONS },
    CA_CERTIFICATE_KEY_QUALITY_CHECK: { severity: "CRITICAL", actions: CA_CERT_ACTIONS },
    CONFLICTING_CLIENT_IDS_CHECK: { severity: "HIGH", actions: SNS_ONLY },
    DEVICE_CERTIFICATE_EXPIRING_CHECK: {
        severity: "MEDIUM",
        actions: DEVICE_CERT_ACTIONS,
        threshold: certDays("CERT_EXPIRATION_THRESHOLD_IN_DAYS", 30),
    },
    DEVICE_CERTIFICATE_AGE_CHECK: {
        severity: "LOW",
        actions: DEVICE_CERT_ACTIONS,
        threshold: certDays("CERT_AGE_THRESHOLD_IN_DAYS", 365),
    },
    DEVICE_CERTIFICATE_KEY_QUALITY_CHECK: { severity: "CRITICAL", actions: DEVICE_CERT_ACTIONS },
    DEVICE_CERTIFICATE_SHARED_CHECK: { severity: "CRITICAL", actions: DEVICE_CERT_ACTIONS },
    IOT_POLICY_OVERLY_PERMISSIVE_CHECK: { severity: "CRITICAL", actions: POLICY_ACTIONS },
    IOT_POLICY_POTENTIAL_MISCONFIGURATION_CHECK: { severity: "MEDIUM", actions: POLICY_ACTIONS },
    IOT_ROLE_ALIAS_OVERLY_PERMISSIVE_CHECK: { severity: "MEDIUM", actions: SNS_ONLY },
    IOT_ROLE_ALIAS_ALLOWS_ACCESS_TO_UNUSED_SERVICES_CHECK: {
        severity: "MEDIUM",
        actions: SNS_ONLY,
    },
    LOGGING_DISABLED_CHECK: {
        severity: "LOW",
        actions: ["PUBLISH_FINDING_TO_SNS", "ENABLE_IOT_LOGGING"],
    },
    REVOKED_CA_CERTIFICATE_STILL_ACTIVE_CHECK: { severity: "CRITICAL", actions: CA_CERT_ACTIONS },
    REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK: {
        severity: "MEDIUM",
        actions: DEVICE_CERT_ACTIONS,
    },
    INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK: {
        severity: "CRITICAL",
        actions: DEVICE_CERT_ACTIONS,
    },
};
export const AUDIT_CHECK_NAMES: readonly string[] = Object.keys(AUDIT_CHECKS);

export const AUDIT_FREQUENCIES = ["DAILY", "WEEKLY", "BIWEEKLY", "MONTHLY"] as const;
export type AuditFrequency = (typeof AUDIT_FREQUENCIES)[number];
export const DAYS_OF_WEEK = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];
/** API pattern for dayOfMonth: "1".."31" or "LAST". */
export const DAY_OF_MONTH_PATTERN = /^([1-9]|[12][0-9]|3[01])$|^LAST$/;
/** Which day field each frequency needs. */
export const FREQUENCY_DAY_FIELD: Readonly<
    Record<AuditFrequency, "dayOfWeek" | "dayOfMonth" | undefined>
> = {
    DAILY: undefined,
    WEEKLY: "dayOfWeek",
    BIWEEKLY: "dayOfWeek",
    MONTHLY: "dayOfMonth",
};
export const AUDIT_TASK_STATUSES = ["IN_PROGRESS", "COMPLETED", "FAILED", "CANCELED"] as const;
