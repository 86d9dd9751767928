/**
 * AWS IoT Device Defender facts, as data. This is the single source of truth read by config
 * validation, the dynamic providers, the components, the policy pack and the ops commands.
 *
 * Sources: the AWS IoT API model (the Smithy model @aws-sdk/client-iot is generated from) for
 * names, enums, regexes and ranges; the Device Defender developer guide for metrics, checks,
 * namespaces and managed policies. Nothing here does work at import time.
 */

/** How a metric's value is expressed in a behavior's `criteria.value`. */
export type MetricValueKind = "count" | "cidrs" | "ports" | "number" | "numbers" | "strings";

/** Whether a static rule on the metric takes `criteria.durationSeconds`. */
export type DurationRule = "required" | "optional" | "forbidden";

export interface MetricFact {
    /** Cloud-side metrics need no agent; device-side ones need the Device Defender agent. */
    readonly side: "cloud" | "device";
    readonly valueKind: MetricValueKind;
    readonly duration: DurationRule;
    /** Whether ML Detect (`mlDetectionConfig`) supports the metric. */
    readonly mlCapable: boolean;
    /** Whether the metric can be scoped with a TOPIC_FILTER dimension. */
    readonly dimensionCapable: boolean;
    readonly description: string;
}

/** Built-in Device Defender Detect metrics. */
export const METRICS: Readonly<Record<string, MetricFact>> = {
    "aws:message-byte-size": {
        side: "cloud",
        valueKind: "count",
        duration: "forbidden",
        mlCapable: true,
        dimensionCapable: true,
        description: "size of a message in bytes",
    },
    "aws:num-messages-sent": {
        side: "cloud",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: true,
        description: "messages sent by a device in the period",
    },
    "aws:num-messages-received": {
        side: "cloud",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: true,
        description: "messages received by a device in the period",
    },
    "aws:num-authorization-failures": {
        side: "cloud",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: true,
        description: "authorization failures in the period",
    },
    "aws:source-ip-address": {
        side: "cloud",
        valueKind: "cidrs",
        duration: "forbidden",
        mlCapable: false,
        dimensionCapable: true,
        description: "IP address a device connected from",
    },
    "aws:num-connection-attempts": {
        side: "cloud",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "connection attempts (successful or not) in the period",
    },
    "aws:num-disconnects": {
        side: "cloud",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "disconnects in the period",
    },
    "aws:all-bytes-out": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "outbound bytes from a device in the period",
    },
    "aws:all-bytes-in": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "inbound bytes to a device in the period",
    },
    "aws:all-packets-out": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "outbound packets from a device in the period",
    },
    "aws:all-packets-in": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "inbound packets to a device in the period",
    },
    "aws:num-listening-tcp-ports": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "number of listening TCP ports",
    },
    "aws:num-listening-udp-ports": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "number of listening UDP ports",
    },
    // The guide's example omits durationSeconds here; it is accepted, so it is optional.
    "aws:num-established-tcp-connections": {
        side: "device",
        valueKind: "count",
        duration: "optional",
        mlCapable: true,
        dimensionCapable: false,
        description: "number of established TCP connections",
    },
    "aws:destination-ip-addresses": {
        side: "device",
        valueKind: "cidrs",
        duration: "forbidden",
        mlCapable: false,
        dimensionCapable: false,
        description: "destination IP addresses of outbound connections",
    },
    "aws:listening-tcp-ports": {
        side: "device",
        valueKind: "ports",
        duration: "forbidden",
        mlCapable: false,
        dimensionCapable: false,
        description: "listening TCP ports",
    },
    "aws:listening-udp-ports": {
        side: "device",
        valueKind: "ports",
        duration: "forbidden",
        mlCapable: false,
        dimensionCapable: false,
        description: "listening UDP ports",
    },
};

export const METRIC_NAMES: readonly string[] = Object.keys(METRICS);
export const ML_METRIC_NAMES: readonly string[] = METRIC_NAMES.filter(m => METRICS[m].mlCapable);

/** Custom metric types (API enum CustomMetricType) and how their values are expressed. */
export const CUSTOM_METRIC_TYPES = {
    number: "number",
    "number-list": "numbers",
    "string-list": "strings",
    "ip-address-list": "cidrs",
} as const satisfies Record<string, MetricValueKind>;
export type CustomMetricType = keyof typeof CUSTOM_METRIC_TYPES;

/** Comparison operators valid for each value kind (API enum ComparisonOperator). */
export const OPERATORS_BY_VALUE_KIND: Readonly<Record<MetricValueKind, readonly string[]>> = {
    count: ["less-than", "less-than-equals", "greater-than", "greater-than-equals"],
    number: ["less-than", "less-than-equals", "greater-than", "greater-than-equals"],
    cidrs: ["in-cidr-set", "not-in-cidr-set"],
    ports: ["in-port-set", "not-in-port-set"],
    numbers: ["in-set", "not-in-set"],
    strings: ["in-set", "not-in-set"],
};
export const COMPARISON_OPERATORS = [
    "less-than",
    "less-than-equals",
    "greater-than",
    "greater-than-equals",
    "in-cidr-set",
    "not-in-cidr-set",
    "in-port-set",
    "not-in-port-set",
    "in-set",
    "not-in-set",
] as const;

/** Valid `criteria.durationSeconds` values. */
export const DURATION_SECONDS = [300, 600, 900, 1800, 3600] as const;
export const CONSECUTIVE_DATAPOINTS = { min: 1, max: 10 } as const;
export const CONFIDENCE_LEVELS = ["LOW", "MEDIUM", "HIGH"] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];
/** API regex for statisticalThreshold.statistic. */
export const STATISTICS = [
    "p0",
    "p0.1",
    "p0.01",
    "p1",
    "p10",
    "p50",
    "p90",
    "p99",
    "p99.9",
    "p99.99",
    "p100",
] as const;
export const DIMENSION_OPERATORS = ["IN", "NOT_IN"] as const;
/** Metrics ML Detect can combine with a dimension. */
export const ML_DIMENSION_METRICS: readonly string[] = [
    "aws:num-authorization-failures",
    "aws:num-messages-received",
    "aws:num-messages-sent",
    "aws:message-byte-size",
];

/** Name constraints from the API model (min, max, pattern). */
export interface NameRule {
    readonly min: number;
    readonly max: number;
    readonly pattern: RegExp;
    readonly allowed: string;
}
const nameRule = (max: number, chars: string, min = 1): NameRule => ({
    min,
    max,
    pattern: new RegExp(`^[${chars}]{${min},${max}}$`),
    allowed: `${min}-${max} characters of [${chars}]`,
});
export const NAME_RULES = {
    securityProfileName: nameRule(128, "a-zA-Z0-9:_-"),
    behaviorName: nameRule(128, "a-zA-Z0-9:_-"),
    thingGroupName: nameRule(128, "a-zA-Z0-9:_-"),
    dimensionName: nameRule(128, "a-zA-Z0-9:_-"),
    customMetricName: nameRule(128, "a-zA-Z0-9:_-"),
    scheduledAuditName: nameRule(128, "a-zA-Z0-9_-"),
    mitigationActionName: nameRule(128, "a-zA-Z0-9_-"),
} as const;
export const DESCRIPTION_MAX = 1000;
/**
 * API pattern `[\p{Graph}\x20]*` of SecurityProfileDescription and CustomMetricDisplayName: in the
 * service's (Java) regex dialect \p{Graph} is the visible ASCII characters, so printable ASCII and
 * spaces; no newline.
 */
export const DESCRIPTION_PATTERN = /^[\x20-\x7E]*$/;
export const ROLE_ARN_LENGTH = { min: 20, max: 2048 } as const;
/**
 * Tag limits. `keyPattern` is the API model's TagKey pattern; `reservedPrefix` is reserved for AWS
 * in any letter case (see `isReservedTagKey`).
 */
export const TAG_LIMITS = {
    keyMax: 128,
    valueMax: 256,
    perResource: 50,
    keyPattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
    reservedPrefix: "aws:",
} as const;
/** True for a tag key AWS reserves: one starting with "aws:" in any letter case. */
export function isReservedTagKey(key: string): boolean {
    return key.toLowerCase().startsWith(TAG_LIMITS.reservedPrefix);
}

/** Service quotas that are not adjustable. */
export const LIMITS = {
    behaviorsPerProfile: 100,
    profilesPerTarget: 5,
    scheduledAudits: 5,
    dimensions: 10,
    dimensionValues: 100,
    thingGroupsPerMitigationAction: 10,
    actionsPerMitigationTask: 5,
} as const;

/** Shape of an AWS region name (eu-west-1, us-gov-west-1, ...). */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

/** Alert target and audit notification map key (the only value of the enum). */
export const ALERT_TARGET_TYPE = "SNS";

// ---------------------------------------------------------------------------------------------
// Audit

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
 * developer guide and the CloudFormation handler spell it; the AccountAuditConfiguration
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

// ---------------------------------------------------------------------------------------------
// Mitigation actions

export const MITIGATION_ACTION_TYPES = [
    "UPDATE_DEVICE_CERTIFICATE",
    "UPDATE_CA_CERTIFICATE",
    "ADD_THINGS_TO_THING_GROUP",
    "REPLACE_DEFAULT_POLICY_VERSION",
    "ENABLE_IOT_LOGGING",
    "PUBLISH_FINDING_TO_SNS",
] as const;
export type MitigationActionType = (typeof MITIGATION_ACTION_TYPES)[number];

/** For each action type: its `actionParams` key and the managed policy its role needs. */
export const MITIGATION_ACTIONS: Readonly<
    Record<MitigationActionType, { readonly paramsKey: string; readonly policy: string }>
> = {
    UPDATE_DEVICE_CERTIFICATE: {
        paramsKey: "updateDeviceCertificateParams",
        policy: "AWSIoTDeviceDefenderUpdateDeviceCertMitigationAction",
    },
    UPDATE_CA_CERTIFICATE: {
        paramsKey: "updateCACertificateParams",
        policy: "AWSIoTDeviceDefenderUpdateCACertMitigationAction",
    },
    ADD_THINGS_TO_THING_GROUP: {
        paramsKey: "addThingsToThingGroupParams",
        policy: "AWSIoTDeviceDefenderAddThingsToThingGroupMitigationAction",
    },
    REPLACE_DEFAULT_POLICY_VERSION: {
        paramsKey: "replaceDefaultPolicyVersionParams",
        policy: "AWSIoTDeviceDefenderReplaceDefaultPolicyMitigationAction",
    },
    ENABLE_IOT_LOGGING: {
        paramsKey: "enableIoTLoggingParams",
        policy: "AWSIoTDeviceDefenderEnableIoTLoggingMitigationAction",
    },
    PUBLISH_FINDING_TO_SNS: {
        paramsKey: "publishFindingToSnsParams",
        policy: "AWSIoTDeviceDefenderPublishFindingsToSNSMitigationAction",
    },
};
/** ENABLE_IOT_LOGGING accepts every LogLevel except DISABLED. */
export const MITIGATION_LOG_LEVELS = ["DEBUG", "INFO", "ERROR", "WARN"] as const;

// ---------------------------------------------------------------------------------------------
// IAM

export const SERVICE_PRINCIPAL = "iot.amazonaws.com";
/** Managed policy names under the `service-role/` path. */
export const MANAGED_POLICIES = {
    audit: "AWSIoTDeviceDefenderAudit",
} as const;
/** The ARN of an AWS managed `service-role/` policy in a partition. */
export function managedPolicyArn(policyName: string, partition = "aws"): string {
    return `arn:${partition}:iam::aws:policy/service-role/${policyName}`;
}

/** An Allow statement of an AWS managed policy. */
export interface ManagedPolicyStatement {
    readonly Effect: "Allow";
    readonly Action: readonly string[];
    readonly Resource: string;
}
/**
 * What some AWS managed `service-role/` policies grant, by name: only the policies and grants the
 * policy pack needs, since it cannot read an AWS managed policy from the stack.
 */
export const MANAGED_POLICY_GRANTS: Readonly<Record<string, readonly ManagedPolicyStatement[]>> = {
    // sns:Publish on every topic; nothing on KMS keys, so an encrypted topic needs a key grant besides.
    [MITIGATION_ACTIONS.PUBLISH_FINDING_TO_SNS.policy]: [
        { Effect: "Allow", Action: ["sns:Publish"], Resource: "*" },
    ],
};
/** The known grants of an AWS managed `service-role/` policy, by its ARN in any partition; undefined when not known. */
export function managedPolicyGrants(
    policyArn: string,
): readonly ManagedPolicyStatement[] | undefined {
    const partition = /^arn:([^:]+):/.exec(policyArn)?.[1];
    const name =
        partition === undefined
            ? undefined
            : Object.keys(MANAGED_POLICY_GRANTS).find(
                  n => managedPolicyArn(n, partition) === policyArn,
              );
    return name === undefined ? undefined : MANAGED_POLICY_GRANTS[name];
}

// ---------------------------------------------------------------------------------------------
// CloudWatch

/** Device Defender publishes to the AWS IoT namespace; `AWS/IoT/DeviceDefender` does not exist. */
export const CLOUDWATCH = {
    namespace: "AWS/IoT",
    metrics: {
        violations: "Violations",
        violationsCleared: "ViolationsCleared",
        violationsInvalidated: "ViolationsInvalidated",
        nonCompliantResources: "NonCompliantResources",
        resourcesEvaluated: "ResourcesEvaluated",
    },
    dimensions: {
        securityProfileName: "SecurityProfileName",
        behaviorName: "BehaviorName",
        checkName: "CheckName",
        scheduledAuditName: "ScheduledAuditName",
    },
    /** Detect metrics are evaluated on 5-minute datapoints. */
    detectPeriodSeconds: 300,
} as const;
export const DEVICE_DEFENDER_METRIC_NAMES: readonly string[] = Object.values(CLOUDWATCH.metrics);

/** What remediation's alarms watch: the dead-letter queue's depth and the responder's errors. */
export const REMEDIATION_ALARM_METRICS = {
    deadLetters: {
        namespace: "AWS/SQS",
        metric: "ApproximateNumberOfMessagesVisible",
        dimension: "QueueName",
    },
    responderErrors: { namespace: "AWS/Lambda", metric: "Errors", dimension: "FunctionName" },
} as const;

// ---------------------------------------------------------------------------------------------
// Targets

export const ALL_THINGS_TARGETS = ["registered-things", "unregistered-things", "things"] as const;
export type AllThingsTarget = (typeof ALL_THINGS_TARGETS)[number];
export function allThingsTargetArn(
    partition: string,
    region: string,
    account: string,
    which: AllThingsTarget,
): string {
    return `arn:${partition}:iot:${region}:${account}:all/${which}`;
}
export function thingGroupArn(
    partition: string,
    region: string,
    account: string,
    group: string,
): string {
    return `arn:${partition}:iot:${region}:${account}:thinggroup/${group}`;
}
/** Shape of a valid security profile target ARN. */
/** An alert target's SNS topic and the role Device Defender assumes to publish to it. */
export const SNS_TOPIC_ARN = /^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/;
export const IAM_ROLE_ARN = /^arn:[a-z-]+:iam::\d{12}:role\/.+$/;
export const TARGET_ARN_PATTERN =
    /^arn:[a-z-]+:iot:[a-z0-9-]+:\d{12}:(thinggroup\/[a-zA-Z0-9:_-]{1,128}|all\/(registered-things|unregistered-things|things))$/;

// ---------------------------------------------------------------------------------------------
// Dynamic resource type tokens, shared by the resource classes and the policy pack.

export const DYNAMIC_MODULE = "iot";
export const DYNAMIC_TYPES = {
    SecurityProfile: "pulumi-nodejs:dynamic/iot:SecurityProfile",
    AccountAuditConfiguration: "pulumi-nodejs:dynamic/iot:AccountAuditConfiguration",
    ScheduledAudit: "pulumi-nodejs:dynamic/iot:ScheduledAudit",
    MitigationAction: "pulumi-nodejs:dynamic/iot:MitigationAction",
    CustomMetric: "pulumi-nodejs:dynamic/iot:CustomMetric",
    Dimension: "pulumi-nodejs:dynamic/iot:Dimension",
} as const;

// ---------------------------------------------------------------------------------------------
// Remediation vocabulary: the stack's names for the mitigation actions it can create.

export const REMEDIATION_ACTIONS = {
    quarantine: "ADD_THINGS_TO_THING_GROUP",
    "deactivate-device-certificate": "UPDATE_DEVICE_CERTIFICATE",
    "publish-finding": "PUBLISH_FINDING_TO_SNS",
    "enable-iot-logging": "ENABLE_IOT_LOGGING",
    "replace-default-policy": "REPLACE_DEFAULT_POLICY_VERSION",
} as const satisfies Record<string, MitigationActionType>;
export type RemediationAction = keyof typeof REMEDIATION_ACTIONS;
export const REMEDIATION_ACTION_NAMES = Object.keys(REMEDIATION_ACTIONS) as RemediationAction[];
