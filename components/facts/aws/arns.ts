/** ARN formats: security profile targets, alert topics and roles. */

/** The "all things" security profile targets. */
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
/** A thing's ARN; `*` for every thing of the account and region. */
export function thingArn(
    partition: string,
    region: string,
    account: string,
    thing: string,
): string {
    return `arn:${partition}:iot:${region}:${account}:thing/${thing}`;
}
/** A CloudWatch Contributor Insights rule's ARN (the resource GetInsightRuleReport authorises on). */
export function insightRuleArn(
    partition: string,
    region: string,
    account: string,
    ruleName: string,
): string {
    return `arn:${partition}:cloudwatch:${region}:${account}:insight-rule/${ruleName}`;
}
/** An alert target's SNS topic and the role Device Defender assumes to publish to it. */
export const SNS_TOPIC_ARN = /^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/;
export const IAM_ROLE_ARN = /^arn:[a-z-]+:iam::\d{12}:role\/.+$/;
/** Shape of a valid security profile target ARN. */
export const TARGET_ARN_PATTERN =
    /^arn:[a-z-]+:iot:[a-z0-9-]+:\d{12}:(thinggroup\/[a-zA-Z0-9:_-]{1,128}|all\/(registered-things|unregistered-things|things))$/;
