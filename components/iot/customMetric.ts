/**
 * CustomMetric: a Device Defender custom metric that devices report and behaviors evaluate, as a
 * Pulumi dynamic resource over @aws-sdk/client-iot.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    CreateCustomMetricCommand,
    DeleteCustomMetricCommand,
    DescribeCustomMetricCommand,
    UpdateCustomMetricCommand,
} from "@aws-sdk/client-iot";
import type { DescribeCustomMetricResponse, IoTClient, Tag } from "@aws-sdk/client-iot";
import {
    CUSTOM_METRIC_TYPES,
    CustomMetricType,
    DESCRIPTION_PATTERN,
    DISPLAY_NAME_MAX,
    DYNAMIC_MODULE,
    DYNAMIC_TYPES,
    NAME_RULES,
} from "../facts";
import { CheckFailure, checkRegionAndName, checkString, checkTags } from "./inputChecks";
import { DiffResult, UNKNOWN, cleanInputs, diffKeys, sameValue } from "./inputs";
import { IotTag, comparableTags, listTags, syncTags } from "./tags";
import { createOrAdopt } from "./ownership";
import { callAws, iotClient, unlessNotFound } from "../aws/calls";
import { configureAws } from "../aws/session";
import { detectWrite } from "./detectAccess";

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

const KEYS: readonly string[] = ["region", "metricName", "metricType", "displayName", "tags"];
const REPLACE_KEYS: readonly string[] = ["region", "metricName", "metricType"];
/** API model: CustomMetricDisplayName is at most 128 characters of [\p{Graph}\x20]. */
const DISPLAY_NAME = { min: 0, max: DISPLAY_NAME_MAX, pattern: DESCRIPTION_PATTERN };

/** Empty display names are the same as none (the API needs one on update; "" clears it). */
function comparable(inputs: Partial<CustomMetricInputs>): Record<string, unknown> {
    return {
        region: inputs.region,
        metricName: inputs.metricName,
        metricType: inputs.metricType,
        displayName: inputs.displayName || undefined,
        tags: comparableTags(inputs.tags),
    };
}

async function check(_olds: CustomMetricInputs, news: CustomMetricInputs) {
    const n = news as unknown as Record<string, unknown>;
    const failures: CheckFailure[] = checkRegionAndName(
        n,
        "metricName",
        NAME_RULES.customMetricName,
    );
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
    failures.push(...checkTags(n.tags));
    return { inputs: news, failures };
}

async function diff(
    _id: string,
    olds: CustomMetricOutputs,
    news: CustomMetricInputs,
): Promise<DiffResult> {
    return diffKeys(comparable(olds), comparable(news), KEYS, REPLACE_KEYS);
}

const what = (name: string) => `custom metric ${name}`;

async function describeCustomMetric(
    client: IoTClient,
    name: string,
): Promise<DescribeCustomMetricResponse> {
    return callAws(`Describe ${what(name)}`, () =>
        client.send(new DescribeCustomMetricCommand({ metricName: name })),
    );
}

async function create(inputs: CustomMetricInputs) {
    const ins = cleanInputs(inputs);
    const name = ins.metricName;
    const client = iotClient(ins.region);
    const { arn } = await createOrAdopt(client, {
        what: what(name),
        region: ins.region,
        tags: ins.tags as IotTag[] | undefined,
        deleteCommand: `aws iot delete-custom-metric --metric-name ${name}`,
        create: async clientRequestToken => {
            const res = await detectWrite(() =>
                callAws(`Create ${what(name)}`, () =>
                    client.send(
                        new CreateCustomMetricCommand({
                            metricName: name,
                            metricType: ins.metricType,
                            displayName: ins.displayName || undefined,
                            tags: ins.tags?.length ? ins.tags : undefined,
                            clientRequestToken,
                        }),
                    ),
                ),
            );
            return { arn: res.metricArn! };
        },
        existing: async () => {
            const live = await describeCustomMetric(client, name);
            const differs = (["metricType", "displayName"] as const).filter(
                k => !sameValue(live[k] || undefined, ins[k] || undefined),
            );
            return { arn: live.metricArn!, differs };
        },
    });
    return { id: name, outs: cleanInputs({ ...ins, arn }) };
}

async function update(_id: string, olds: CustomMetricOutputs, news: CustomMetricInputs) {
    const ins = cleanInputs(news);
    const name = ins.metricName;
    const client = iotClient(ins.region);
    let arn = olds.arn;
    if ((olds.displayName || undefined) !== (ins.displayName || undefined)) {
        // displayName is required by UpdateCustomMetric: an empty one removes it.
        const res = await callAws(`Update ${what(name)}`, () =>
            client.send(
                new UpdateCustomMetricCommand({
                    metricName: name,
                    displayName: ins.displayName ?? "",
                }),
            ),
        );
        arn = res.metricArn ?? arn;
    }
    // No call when the tags are unchanged.
    await syncTags(
        client,
        arn,
        olds.tags as IotTag[] | undefined,
        ins.tags as IotTag[] | undefined,
        what(name),
    );
    return { outs: cleanInputs({ ...ins, arn }) };
}

async function read(id: string, props?: CustomMetricOutputs) {
    const region = props?.region as string;
    const name = props?.metricName ?? id;
    const client = iotClient(region);
    const live: DescribeCustomMetricResponse | undefined = await unlessNotFound(() =>
        describeCustomMetric(client, name),
    );
    if (!live) return {};
    const arn = live.metricArn!;
    const tags = await listTags(client, arn, what(name), props?.tags as IotTag[] | undefined);
    const outs: CustomMetricOutputs = cleanInputs({
        region,
        metricName: live.metricName ?? name,
        metricType: live.metricType as CustomMetricType,
        displayName: live.displayName || (props?.displayName === "" ? "" : undefined),
        tags: tags.length > 0 || props?.tags ? (tags as Tag[]) : undefined,
        arn,
    });
    return { id: name, props: outs };
}

async function deleteMetric(_id: string, props: CustomMetricOutputs): Promise<void> {
    const client = iotClient(props.region);
    await unlessNotFound(() =>
        callAws(`Delete ${what(props.metricName)}`, () =>
            client.send(new DeleteCustomMetricCommand({ metricName: props.metricName })),
        ),
    );
}

export const customMetricProvider: pulumi.dynamic.ResourceProvider<
    CustomMetricInputs,
    CustomMetricOutputs
> = {
    configure: configureAws,
    check,
    diff,
    create,
    read,
    update,
    delete: deleteMetric,
};

export class CustomMetric extends pulumi.dynamic.Resource {
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
