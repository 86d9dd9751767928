/** A security profile's inputs and state, and which of them UpdateSecurityProfile sets. */
import type * as pulumi from "@pulumi/pulumi";
import type {
    AlertTarget,
    Behavior,
    MetricToRetain,
    MetricsExportConfig,
    Tag,
} from "@aws-sdk/client-iot";

export interface SecurityProfileInputs {
    region: string;
    securityProfileName: string;
    securityProfileDescription?: string;
    behaviors?: Behavior[];
    /** Keyed by alert target type; "SNS" is the only one. */
    alertTargets?: Record<string, AlertTarget>;
    additionalMetricsToRetainV2?: MetricToRetain[];
    metricsExportConfig?: MetricsExportConfig;
    tags?: Tag[];
    /** Security profile target ARNs (thing groups, all/registered-things, ...). */
    targets?: string[];
}
type SettableInputs = Omit<SecurityProfileInputs, "alertTargets" | "metricsExportConfig">;
export type SecurityProfileArgs = {
    [K in keyof SettableInputs]: pulumi.Input<SettableInputs[K]>;
} & {
    /** Outputs may sit at the leaves, so the map's shape is known in preview (the policy pack checks it). */
    alertTargets?: pulumi.Input<
        Record<
            string,
            pulumi.Input<{ alertTargetArn?: pulumi.Input<string>; roleArn?: pulumi.Input<string> }>
        >
    >;
    /** Likewise: the role's ARN may be an Output while the topic is known. */
    metricsExportConfig?: pulumi.Input<{
        mqttTopic?: pulumi.Input<string>;
        roleArn?: pulumi.Input<string>;
    }>;
};
export interface SecurityProfileOutputs extends SecurityProfileInputs {
    arn: string;
    version: number;
}

/** Fields UpdateSecurityProfile sets, each with the flag that clears it (the API keeps omitted fields). */
export const DELETE_FLAGS = {
    securityProfileDescription: undefined,
    behaviors: "deleteBehaviors",
    alertTargets: "deleteAlertTargets",
    additionalMetricsToRetainV2: "deleteAdditionalMetricsToRetain",
    metricsExportConfig: "deleteMetricsExportConfig",
} as const;
export const DEFINITION = Object.keys(DELETE_FLAGS) as (keyof typeof DELETE_FLAGS)[];
export const KEYS: readonly string[] = [
    "region",
    "securityProfileName",
    ...DEFINITION,
    "tags",
    "targets",
];
export const REPLACE_KEYS: readonly string[] = ["region", "securityProfileName"];
