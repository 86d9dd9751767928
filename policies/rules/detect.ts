/**
 * Detect rules: security profiles alert somewhere and watch something; their behaviors' rules are
 * `./behaviors`.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ALERT_TARGET_TYPE, TARGET_ARN_PATTERN } from "../../components/facts";
import { ArnField, checkArnFields, forTypes, isObject } from "./common";
import { behaviorPolicies } from "./behaviors";
import { PROFILE, profileName } from "./profiles";

const TARGET_ARNS: readonly ArnField[] = [
    {
        field: "alertTargetArn",
        holds: "topicArn",
        missing: "(the SNS topic ARN) is missing",
        malformed: "is not an SNS topic ARN",
    },
    {
        field: "roleArn",
        holds: "roleArn",
        missing: "is missing: Device Defender needs a role to publish to the topic",
        malformed: "is not an IAM role ARN",
    },
];

export const securityProfileAlertTarget: ResourceValidationPolicy = {
    name: "iot-security-profile-sns-alert-target",
    description: `Every Device Defender security profile sends its alerts to an SNS topic: alertTargets.${ALERT_TARGET_TYPE} with the topic ARN (alertTargetArn) and the role Device Defender assumes to publish (roleArn).`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes(PROFILE, (props, args, report) => {
        const targets = props.alertTargets;
        if (targets === undefined || targets === null) {
            report(
                `security profile ${profileName(props, args.name)} has no alertTargets: its violations would reach nobody; set alertTargets.${ALERT_TARGET_TYPE} = { alertTargetArn, roleArn }`,
            );
            return;
        }
        const sns = isObject(targets) ? targets[ALERT_TARGET_TYPE] : undefined;
        if (!isObject(sns)) {
            report(
                `alertTargets has no ${ALERT_TARGET_TYPE} target (the only alert target type Device Defender supports)`,
            );
            return;
        }
        checkArnFields(sns, `alertTargets.${ALERT_TARGET_TYPE}`, TARGET_ARNS, report);
    }),
};

export const securityProfileAttached: ResourceValidationPolicy = {
    name: "iot-security-profile-attached",
    description:
        "Every security profile is attached to at least one target (a thing group, or all registered/unregistered things); a detached profile evaluates nothing.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes(PROFILE, (props, _args, report) => {
        const targets = props.targets;
        if (!Array.isArray(targets) || targets.length === 0) {
            report(
                "security profile is attached to no target: set targets to thing group ARNs or an all/registered-things ARN",
            );
            return;
        }
        targets.forEach((t: unknown, i: number) => {
            if (typeof t !== "string" || !TARGET_ARN_PATTERN.test(t))
                report(`targets[${i}] ${JSON.stringify(t)} is not a security profile target ARN`);
        });
    }),
};

export const detectPolicies = [
    securityProfileAlertTarget,
    securityProfileAttached,
    ...behaviorPolicies,
];
