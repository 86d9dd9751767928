/** API limits from the AWS IoT API model (names, lengths, patterns) and the service quotas. */

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
    // Identifiers the responder reads from alerts and sends to Start*MitigationActionsTask.
    thingName: nameRule(128, "a-zA-Z0-9:_-"),
    violationId: nameRule(128, "a-zA-Z0-9-"),
    auditTaskId: nameRule(40, "a-zA-Z0-9-"),
    findingId: nameRule(128, "a-zA-Z0-9_-"),
    mitigationActionsTaskId: nameRule(128, "a-zA-Z0-9_-"),
    clientRequestToken: nameRule(64, "a-zA-Z0-9_-"),
} as const;
export type NameRuleKey = keyof typeof NAME_RULES;
export const DESCRIPTION_MAX = 1000;
/**
 * API pattern `[\p{Graph}\x20]*` of SecurityProfileDescription and CustomMetricDisplayName: in the
 * service's (Java) regex dialect \p{Graph} is the visible ASCII characters, so printable ASCII and
 * spaces; no newline.
 */
export const DESCRIPTION_PATTERN = /^[\x20-\x7E]*$/;
/** API model: RoleArn. */
export const ROLE_ARN_LENGTH = { min: 20, max: 2048 } as const;
/** API model: SnsTopicArn (AlertTargetArn and an audit notification's TargetArn hold one too). */
export const SNS_TOPIC_ARN_LENGTH = { min: 1, max: 350 } as const;
/** API model: MqttTopic (where a profile exports its metrics). */
export const MQTT_TOPIC_LENGTH = { min: 1, max: 512 } as const;
/** API model: Cidr. */
export const CIDR = {
    min: 2,
    max: 43,
    chars: "a-fA-F0-9:./",
    pattern: /^[a-fA-F0-9:./]{2,43}$/,
} as const;
/** API model: Port. */
export const PORT_RANGE = { min: 0, max: 65535 } as const;
/** API model: DimensionStringValue (a TOPIC_FILTER dimension's topic filters). */
export const DIMENSION_VALUE_LENGTH = { min: 1, max: 256 } as const;
/** API model: CustomMetricDisplayName (its pattern is DESCRIPTION_PATTERN's). */
export const DISPLAY_NAME_MAX = 128;
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
    /** Behavior metric value elements (counts, CIDRs, ports, numbers, strings) per profile. */
    metricValuesPerProfile: 1000,
    /**
     * Security profiles attached to one target (a thing group, or all things of a kind). UNCONFIRMED
     * whether the three all-things targets (all/things, all/registered-things,
     * all/unregistered-things) share it: AttachSecurityProfile says "each thing group or account can
     * have up to five security profiles associated with it", the quotas page "per target"; the
     * checks count each ARN as its own target.
     */
    profilesPerTarget: 5,
    scheduledAudits: 5,
    dimensions: 10,
    dimensionValues: 100,
    thingGroupsPerMitigationAction: 10,
    actionsPerMitigationTask: 5,
} as const;

/** Shape of an AWS region name (eu-west-1, us-gov-west-1, ...). */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
