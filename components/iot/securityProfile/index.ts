/**
 * SecurityProfile: a Device Defender Detect security profile (behaviors, alert targets, metrics to
 * retain, metrics export) and the targets it is attached to, as a Pulumi dynamic resource over
 * @aws-sdk/client-iot.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "../dynamicResource";
import type {
    AlertTarget,
    Behavior,
    MetricToRetain,
    MetricsExportConfig,
    Tag,
} from "@aws-sdk/client-iot";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "../../facts";
import { securityProfileProvider } from "./provider";
import { SecurityProfileArgs } from "./types";

export { securityProfileProvider } from "./provider";
export type { SecurityProfileArgs, SecurityProfileInputs, SecurityProfileOutputs } from "./types";

export class SecurityProfile extends DynamicResource {
    static readonly __pulumiType = DYNAMIC_TYPES.SecurityProfile;
    declare readonly region: pulumi.Output<string>;
    declare readonly securityProfileName: pulumi.Output<string>;
    declare readonly securityProfileDescription: pulumi.Output<string | undefined>;
    declare readonly behaviors: pulumi.Output<Behavior[] | undefined>;
    declare readonly alertTargets: pulumi.Output<Record<string, AlertTarget> | undefined>;
    declare readonly additionalMetricsToRetainV2: pulumi.Output<MetricToRetain[] | undefined>;
    declare readonly metricsExportConfig: pulumi.Output<MetricsExportConfig | undefined>;
    declare readonly tags: pulumi.Output<Tag[] | undefined>;
    declare readonly targets: pulumi.Output<string[] | undefined>;
    declare readonly arn: pulumi.Output<string>;
    declare readonly version: pulumi.Output<number>;

    constructor(name: string, args: SecurityProfileArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            securityProfileProvider,
            name,
            { arn: undefined, version: undefined, ...args },
            opts,
            DYNAMIC_MODULE,
            "SecurityProfile",
        );
    }
}
