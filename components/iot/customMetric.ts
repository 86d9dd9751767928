/**
 * CustomMetric: a Device Defender custom metric that devices report and behaviors evaluate, as a
 * Pulumi dynamic resource over @aws-sdk/client-iot.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "./dynamicResource";
import type { DescribeCustomMetricResponse, Tag } from "@aws-sdk/client-iot";
import {
    CUSTOM_METRIC_TYPES,
    CustomMetricType,
    DESCRIPTION_PATTERN,
    DISPLAY_NAME_MAX,
    DYNAMIC_MODULE,
    DYNAMIC_TYPES,
    NAME_RULES,
} from "../facts";
import { CheckFailure, checkString } from "./inputChecks";
import { UNKNOWN } from "./inputs";
import { namedResourceProvider } from "./namedResource";
import { iotSdk } from "../aws/sdk";

export interface CustomMetricInputs {
    region: string;
    metricName: string;
    metricType: CustomMetricType;
    displayName?: string;
    tags?: Tag[];
}
export type CustomMetricArgs = {
    [K in keyof CustomMetricInputs]: pulumi.Input<CustomMetricInputs[K]>;
};
export interface CustomMetricOutputs extends CustomMetricInputs {
    arn: string;
}

/** API model: CustomMetricDisplayName is at most 128 characters of [\p{Graph}\x20]. */
const DISPLAY_NAME = { min: 0, max: DISPLAY_NAME_MAX, pattern: DESCRIPTION_PATTERN };

function checkFields(n: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    if (typeof n.metricName === "string" && n.metricName.startsWith("aws:")) {
        failures.push({
            property: "metricName",
            reason: `metricName must not start with "aws:" (reserved for built-in metrics); got ${JSON.stringify(n.metricName)}`,
        });
    }
    const types = Object.keys(CUSTOM_METRIC_TYPES);
    if (n.metricType !== UNKNOWN && !types.includes(n.metricType as string)) {
        failures.push({
            property: "metricType",
            reason: `metricType must be one of ${types.join(", ")}; got ${JSON.stringify(n.metricType)}`,
        });
    }
    failures.push(
        ...checkString(n.displayName, "displayName", { ...DISPLAY_NAME, optional: true }),
    );
    return failures;
}

export const customMetricProvider: pulumi.dynamic.ResourceProvider<
    CustomMetricInputs,
    CustomMetricOutputs
> = namedResourceProvider<
    CustomMetricInputs,
    DescribeCustomMetricResponse,
    { metricArn?: string },
    { arn: string }
>({
    kind: "custom metric",
    nameKey: "metricName",
    nameRule: NAME_RULES.customMetricName,
    fields: ["metricType", "displayName"],
    replaceFields: ["metricType"],
    // Empty display names are the same as none (the API needs one on update; "" clears it).
    normalForm: { displayName: v => v || undefined },
    checkFields,
    cliDelete: "delete-custom-metric --metric-name",
    detect: true,
    idKeys: ["arn"],
    ids: answer => ({ arn: answer.metricArn! }),
    liveFields: (live, props) => ({
        metricType: live.metricType as CustomMetricType,
        displayName: live.displayName || (props?.displayName === "" ? "" : undefined),
    }),
    describeCall: (client, metricName) =>
        client.send(new (iotSdk().DescribeCustomMetricCommand)({ metricName })),
    createCall: (client, ins, clientRequestToken) =>
        client.send(
            new (iotSdk().CreateCustomMetricCommand)({
                metricName: ins.metricName,
                metricType: ins.metricType,
                displayName: ins.displayName || undefined,
                tags: ins.tags?.length ? ins.tags : undefined,
                clientRequestToken,
            }),
        ),
    // displayName is required by UpdateCustomMetric: an empty one removes it.
    updateCall: (client, ins) =>
        client.send(
            new (iotSdk().UpdateCustomMetricCommand)({
                metricName: ins.metricName,
                displayName: ins.displayName ?? "",
            }),
        ),
    deleteCall: (client, metricName) =>
        client.send(new (iotSdk().DeleteCustomMetricCommand)({ metricName })),
});

export class CustomMetric extends DynamicResource {
    static readonly __pulumiType = DYNAMIC_TYPES.CustomMetric;
    declare readonly region: pulumi.Output<string>;
    declare readonly metricName: pulumi.Output<string>;
    declare readonly metricType: pulumi.Output<CustomMetricType>;
    declare readonly displayName: pulumi.Output<string | undefined>;
    declare readonly tags: pulumi.Output<Tag[] | undefined>;
    declare readonly arn: pulumi.Output<string>;

    constructor(name: string, args: CustomMetricArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            customMetricProvider,
            name,
            { arn: undefined, ...args },
            opts,
            DYNAMIC_MODULE,
            "CustomMetric",
        );
    }
}
