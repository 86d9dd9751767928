/** Security profiles and behaviors as the Detect rules' specs build them. */
import { ROLE_ARN, TOPIC_ARN } from "./helpers";

export const rule = (
    name: string,
    metric: string,
    count: number,
    extra: Record<string, unknown> = {},
) => ({
    name,
    metric,
    criteria: {
        comparisonOperator: "greater-than",
        value: { count },
        durationSeconds: 300,
        ...extra,
    },
});
export const ml = (
    name: string,
    metric: string,
    confidenceLevel = "HIGH",
    extra: Record<string, unknown> = {},
) => ({
    name,
    metric,
    criteria: {
        consecutiveDatapointsToAlarm: 1,
        consecutiveDatapointsToClear: 1,
        mlDetectionConfig: { confidenceLevel },
        ...extra,
    },
});

export const profile = (over: Record<string, unknown> = {}) => ({
    region: "eu-west-1",
    securityProfileName: "prod-rules",
    behaviors: [
        rule("ExcessiveMessages", "aws:num-messages-sent", 50),
        ml("ml-sent", "aws:num-messages-sent"),
    ],
    alertTargets: { SNS: { alertTargetArn: TOPIC_ARN, roleArn: ROLE_ARN } },
    targets: ["arn:aws:iot:eu-west-1:123456789012:thinggroup/production-gateways"],
    ...over,
});
