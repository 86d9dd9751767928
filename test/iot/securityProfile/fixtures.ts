/** The inputs, states and Describe answers the SecurityProfile provider specs share. */
import * as assert from "assert";
import type { Behavior } from "@aws-sdk/client-iot";
import {
    SecurityProfileInputs,
    SecurityProfileOutputs,
    securityProfileProvider as provider,
} from "../../../components/iot/securityProfile";
import { OWNER_TAGS } from "../support";

export const REGION = "eu-west-1";
export const ACCOUNT = "123456789012";
export const NAME = "fleet-rules";
export const ARN = `arn:aws:iot:${REGION}:${ACCOUNT}:securityprofile/${NAME}`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/dd-publisher`;
export const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:dd-alerts`;
export const group = (name: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:thinggroup/${name}`;
export const ALL_REGISTERED = `arn:aws:iot:${REGION}:${ACCOUNT}:all/registered-things`;

export const messagesSent: Behavior = {
    name: "messages-sent",
    metric: "aws:num-messages-sent",
    criteria: {
        comparisonOperator: "greater-than",
        value: { count: 100 },
        durationSeconds: 300,
        consecutiveDatapointsToAlarm: 2,
        consecutiveDatapointsToClear: 2,
    },
};
export const sourceIp: Behavior = {
    name: "source-ip",
    metric: "aws:source-ip-address",
    criteria: { comparisonOperator: "not-in-cidr-set", value: { cidrs: ["10.0.0.0/8"] } },
};
export const mlAuthFailures: Behavior = {
    name: "ml-auth-failures",
    metric: "aws:num-authorization-failures",
    criteria: {
        mlDetectionConfig: { confidenceLevel: "HIGH" },
        consecutiveDatapointsToAlarm: 1,
        consecutiveDatapointsToClear: 1,
    },
};

export const inputs: SecurityProfileInputs = {
    region: REGION,
    securityProfileName: NAME,
    securityProfileDescription: "Rules for the fleet",
    behaviors: [messagesSent, sourceIp],
    alertTargets: { SNS: { alertTargetArn: TOPIC, roleArn: ROLE } },
    additionalMetricsToRetainV2: [{ metric: "aws:num-disconnects" }],
    metricsExportConfig: { mqttTopic: "$aws/rules/dd-export", roleArn: ROLE },
    tags: [...OWNER_TAGS, { Key: "env", Value: "test" }, { Key: "team", Value: "iot" }],
    targets: [group("fleet"), ALL_REGISTERED],
};
/** State after a create: inputs, outputs and the serialized provider Pulumi stores with them. */
export const state = (over: Partial<SecurityProfileOutputs> = {}): SecurityProfileOutputs =>
    ({
        ...inputs,
        arn: ARN,
        version: 3,
        __provider: "serialized-provider",
        ...over,
    }) as SecurityProfileOutputs;
export const withInputs = (over: Partial<SecurityProfileInputs>): SecurityProfileInputs => ({
    ...inputs,
    ...over,
});
export const without = (...keys: (keyof SecurityProfileInputs)[]): SecurityProfileInputs => {
    const copy: Record<string, unknown> = { ...inputs };
    for (const k of keys) delete copy[k];
    return copy as unknown as SecurityProfileInputs;
};
/** What DescribeSecurityProfile returns for a profile defined by `inputs`. */
export const described = (over: Record<string, unknown> = {}) => ({
    securityProfileName: NAME,
    securityProfileArn: ARN,
    securityProfileDescription: inputs.securityProfileDescription,
    behaviors: inputs.behaviors,
    alertTargets: inputs.alertTargets,
    additionalMetricsToRetainV2: inputs.additionalMetricsToRetainV2,
    metricsExportConfig: inputs.metricsExportConfig,
    version: 1,
    ...over,
});

export async function failuresOf(news: unknown): Promise<{ property: string; reason: string }[]> {
    const result = await provider.check!(inputs, news as SecurityProfileInputs);
    return result.failures ?? [];
}
export async function assertFailure(
    news: unknown,
    property: string,
    fragment?: RegExp,
): Promise<void> {
    const failures = await failuresOf(news);
    const hit = failures.find(f => f.property === property);
    assert.ok(hit, `expected a failure on ${property}; got ${JSON.stringify(failures)}`);
    if (fragment) assert.match(hit.reason, fragment);
}
export const behaviorAt0 = (b: Record<string, unknown>) =>
    withInputs({ behaviors: [b as unknown as Behavior] });
/** `inputs.behaviors` as DescribeSecurityProfile may return them: AWS's defaults filled in (1 datapoint, alerts not suppressed). */
export const withAwsDefaults: Behavior[] = [
    { ...messagesSent, suppressAlerts: false },
    {
        ...sourceIp,
        criteria: {
            ...sourceIp.criteria,
            consecutiveDatapointsToAlarm: 1,
            consecutiveDatapointsToClear: 1,
        },
        suppressAlerts: false,
    },
];
/** The rule behaviors the stack builds (components/behaviors.ts): no datapoints unless configured, suppressAlerts always sent. */
export const asBuilt: Behavior[] = [messagesSent, { ...sourceIp, suppressAlerts: false }];
