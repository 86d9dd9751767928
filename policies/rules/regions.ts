/**
 * Rules for stacks over several regions: each region's Device Defender resources alert to a topic
 * in their own region, and (prod) each region the stack deploys to is audited.
 */
import type { PolicyResource, ResourceValidationPolicy } from "@pulumi/policy";
import { ALERT_TARGET_TYPE, DYNAMIC_TYPES } from "../../components/facts";
import { forTypes, isObject, Props, read } from "./common";

/** The SNS topic a profile or the audit configuration alerts to, when known and set. */
function alertTopicOf(type: string, props: Props): string | undefined {
    const topic = read(() => {
        if (type === DYNAMIC_TYPES.SecurityProfile) {
            const targets = props.alertTargets;
            const sns = isObject(targets) ? targets[ALERT_TARGET_TYPE] : undefined;
            return isObject(sns) ? sns.alertTargetArn : undefined;
        }
        const targets = props.auditNotificationTargetConfigurations;
        const sns = isObject(targets) ? targets[ALERT_TARGET_TYPE] : undefined;
        return isObject(sns) ? sns.targetArn : undefined;
    });
    return topic.known && typeof topic.value === "string" ? topic.value : undefined;
}

export const alertsInOwnRegion: ResourceValidationPolicy = {
    name: "iot-alerts-in-own-region",
    description: `Every security profile and audit configuration alerts to an SNS topic in its own region (alertTargets.${ALERT_TARGET_TYPE}.alertTargetArn, auditNotificationTargetConfigurations.${ALERT_TARGET_TYPE}.targetArn): a region's alerts never depend on another region's topic, key or subscriptions.`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes(
        [DYNAMIC_TYPES.SecurityProfile, DYNAMIC_TYPES.AccountAudit],
        (props, args, report) => {
            const region = read(() => props.region);
            const topic = alertTopicOf(args.type, props);
            // An ARN unknown until deploy (preview) is checked at `pulumi up`.
            if (!region.known || typeof region.value !== "string" || topic === undefined) return;
            const topicRegion = topic.split(":")[3];
            if (topicRegion !== undefined && topicRegion !== region.value)
                report(
                    `${args.name} in ${region.value} alerts to ${topic}, a topic in ${topicRegion}: alert to the topic of its own region`,
                );
        },
    ),
};

/** The regions the stack deploys Device Defender or IoT resources to (their `region` input). */
export function regionsOf(resources: readonly PolicyResource[]): string[] {
    const types: readonly string[] = Object.values(DYNAMIC_TYPES);
    const regions = resources
        .filter(r => types.includes(r.type))
        .map(r => read(() => r.props.region))
        .flatMap(r => (r.known && typeof r.value === "string" ? [r.value] : []));
    return [...new Set(regions)];
}

export const regionPolicies = [alertsInOwnRegion];
