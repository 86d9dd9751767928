/**
 * Dimension: a Device Defender metric dimension (a set of MQTT topic filters that scopes a
 * behavior), as a Pulumi dynamic resource over @aws-sdk/client-iot.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    CreateDimensionCommand,
    DeleteDimensionCommand,
    DescribeDimensionCommand,
    DimensionType,
    UpdateDimensionCommand,
} from "@aws-sdk/client-iot";
import type { DescribeDimensionResponse, IoTClient, Tag } from "@aws-sdk/client-iot";
import {
    DIMENSION_VALUE_LENGTH,
    DYNAMIC_MODULE,
    DYNAMIC_TYPES,
    LIMITS,
    NAME_RULES,
} from "../facts";
import { CheckFailure, checkRegionAndName, checkString, checkTags } from "./inputChecks";
import { DiffResult, UNKNOWN, cleanInputs, containsUnknown, diffKeys, sameValue } from "./inputs";
import { IotTag, comparableTags, listTags, syncTags } from "./tags";
import { createOrAdopt } from "./ownership";
import { callAws, iotClient, unlessNotFound } from "../aws/calls";
import { configureAws } from "../aws/session";
import { detectWrite } from "./detectAccess";

export interface DimensionInputs {
    region: string;
    name: string;
    /** "TOPIC_FILTER", the only dimension type. */
    type: string;
    /** MQTT topic filters (`+`, `#` and `${iot:ClientId}` allowed). */
    stringValues: string[];
    tags?: Tag[];
}
export type DimensionArgs = { [K in keyof DimensionInputs]: pulumi.Input<DimensionInputs[K]> };
export interface DimensionOutputs extends DimensionInputs {
    arn: string;
}

const KEYS: readonly string[] = ["region", "name", "type", "stringValues", "tags"];
const REPLACE_KEYS: readonly string[] = ["region", "name", "type"];

/**
 * Topic filters as a set: sorted copy (left alone while unknown). AWS may return them in another
 * order than they were sent, and the order does not change what the dimension matches.
 */
function valueSet(values: unknown): unknown {
    return Array.isArray(values) && !containsUnknown(values) ? [...values].sort() : values;
}

function sameValues(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    return sameValue(valueSet(a), valueSet(b));
}

function comparable(inputs: Partial<DimensionInputs>): Record<string, unknown> {
    return {
        region: inputs.region,
        name: inputs.name,
        type: inputs.type,
        stringValues: valueSet(inputs.stringValues),
        tags: comparableTags(inputs.tags),
    };
}

async function check(_olds: DimensionInputs, news: DimensionInputs) {
    const n = news as unknown as Record<string, unknown>;
    const failures: CheckFailure[] = checkRegionAndName(n, "name", NAME_RULES.dimensionName);
    const types: string[] = Object.values(DimensionType);
    if (n.type !== UNKNOWN && !types.includes(n.type as string)) {
        failures.push({
            property: "type",
            reason: `type must be one of ${types.join(", ")}; got ${JSON.stringify(n.type)}`,
        });
    }
    const values = n.stringValues;
    if (values !== UNKNOWN) {
        if (!Array.isArray(values) || values.length < 1 || values.length > LIMITS.dimensionValues) {
            failures.push({
                property: "stringValues",
                reason: `stringValues must list 1 to ${LIMITS.dimensionValues} topic filters; got ${JSON.stringify(values)}`,
            });
        } else {
            values.forEach((v: unknown, i: number) =>
                failures.push(...checkString(v, `stringValues[${i}]`, DIMENSION_VALUE_LENGTH)),
            );
        }
    }
    failures.push(...checkTags(n.tags));
    return { inputs: news, failures };
}

async function diff(
    _id: string,
    olds: DimensionOutputs,
    news: DimensionInputs,
): Promise<DiffResult> {
    return diffKeys(comparable(olds), comparable(news), KEYS, REPLACE_KEYS);
}

const what = (name: string) => `dimension ${name}`;

async function describeDimension(
    client: IoTClient,
    name: string,
): Promise<DescribeDimensionResponse> {
    return callAws(`Describe ${what(name)}`, () =>
        client.send(new DescribeDimensionCommand({ name })),
    );
}

async function create(inputs: DimensionInputs) {
    const ins = cleanInputs(inputs);
    const name = ins.name;
    const client = iotClient(ins.region);
    const { arn } = await createOrAdopt(client, {
        what: what(name),
        region: ins.region,
        tags: ins.tags as IotTag[] | undefined,
        deleteCommand: `aws iot delete-dimension --name ${name}`,
        create: async clientRequestToken => {
            const res = await detectWrite(() =>
                callAws(`Create ${what(name)}`, () =>
                    client.send(
                        new CreateDimensionCommand({
                            name,
                            type: ins.type as DimensionType,
                            stringValues: ins.stringValues,
                            tags: ins.tags?.length ? ins.tags : undefined,
                            clientRequestToken,
                        }),
                    ),
                ),
            );
            return { arn: res.arn! };
        },
        existing: async () => {
            const live = await describeDimension(client, name);
            const differs = [
                ...(live.type === ins.type ? [] : ["type"]),
                ...(sameValues(live.stringValues, ins.stringValues) ? [] : ["stringValues"]),
            ];
            return { arn: live.arn!, differs };
        },
    });
    return { id: name, outs: cleanInputs({ ...ins, arn }) };
}

async function update(_id: string, olds: DimensionOutputs, news: DimensionInputs) {
    const ins = cleanInputs(news);
    const name = ins.name;
    const client = iotClient(ins.region);
    let arn = olds.arn;
    if (!sameValues(olds.stringValues, ins.stringValues)) {
        const res = await callAws(`Update ${what(name)}`, () =>
            client.send(new UpdateDimensionCommand({ name, stringValues: ins.stringValues })),
        );
        arn = res.arn ?? arn;
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

async function read(id: string, props?: DimensionOutputs) {
    const region = props?.region as string;
    const name = props?.name ?? id;
    const client = iotClient(region);
    const live: DescribeDimensionResponse | undefined = await unlessNotFound(() =>
        describeDimension(client, name),
    );
    if (!live) return {};
    const arn = live.arn!;
    const tags = await listTags(client, arn, what(name), props?.tags as IotTag[] | undefined);
    const liveValues = live.stringValues ?? [];
    const outs: DimensionOutputs = cleanInputs({
        region,
        name: live.name ?? name,
        type: live.type as string,
        // The stored order when only the order differs, so a refresh shows no change.
        stringValues:
            props?.stringValues && sameValues(props.stringValues, liveValues)
                ? props.stringValues
                : liveValues,
        tags: tags.length > 0 || props?.tags ? (tags as Tag[]) : undefined,
        arn,
    });
    return { id: name, props: outs };
}

async function deleteDimension(_id: string, props: DimensionOutputs): Promise<void> {
    const client = iotClient(props.region);
    await unlessNotFound(() =>
        callAws(`Delete ${what(props.name)}`, () =>
            client.send(new DeleteDimensionCommand({ name: props.name })),
        ),
    );
}

export const dimensionProvider: pulumi.dynamic.ResourceProvider<DimensionInputs, DimensionOutputs> =
    {
        configure: configureAws,
        check,
        diff,
        create,
        read,
        update,
        delete: deleteDimension,
    };

export class Dimension extends pulumi.dynamic.Resource {
    static readonly __pulumiType = DYNAMIC_TYPES.Dimension;
    declare readonly region: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly type: pulumi.Output<string>;
    declare readonly stringValues: pulumi.Output<string[]>;
    declare readonly tags: pulumi.Output<Tag[] | undefined>;
    declare readonly arn: pulumi.Output<string>;

    constructor(name: string, args: DimensionArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            dimensionProvider,
            name,
            { arn: undefined, ...args },
            opts,
            DYNAMIC_MODULE,
            "Dimension",
        );
    }
}
