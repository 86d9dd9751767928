/**
 * Dimension: a Device Defender metric dimension (a set of MQTT topic filters that scopes a
 * behavior), as a Pulumi dynamic resource over @aws-sdk/client-iot.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "./dynamicResource";
import type { DimensionType } from "@aws-sdk/client-iot";
import type { DescribeDimensionResponse, Tag } from "@aws-sdk/client-iot";
import {
    DIMENSION_VALUE_LENGTH,
    DYNAMIC_MODULE,
    DYNAMIC_TYPES,
    LIMITS,
    NAME_RULES,
} from "../facts";
import { CheckFailure, checkString } from "./inputChecks";
import { UNKNOWN, containsUnknown, sameValue } from "./inputs";
import { namedResourceProvider } from "./namedResource";
import { iotSdk } from "../aws/sdk";

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

/**
 * Topic filters as a set: sorted copy (left alone while unknown). AWS may return them in another
 * order than they were sent, and the order does not change what the dimension matches.
 */
function valueSet(values: unknown): unknown {
    return Array.isArray(values) && !containsUnknown(values) ? [...values].sort() : values;
}

function checkFields(n: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const types: string[] = Object.values(iotSdk().DimensionType);
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
    return failures;
}

export const dimensionProvider: pulumi.dynamic.ResourceProvider<DimensionInputs, DimensionOutputs> =
    namedResourceProvider<
        DimensionInputs,
        DescribeDimensionResponse,
        { arn?: string },
        { arn: string }
    >({
        kind: "dimension",
        nameKey: "name",
        nameRule: NAME_RULES.dimensionName,
        fields: ["type", "stringValues"],
        replaceFields: ["type"],
        normalForm: { stringValues: valueSet },
        checkFields,
        cliDelete: "delete-dimension --name",
        detect: true,
        idKeys: ["arn"],
        ids: answer => ({ arn: answer.arn! }),
        liveFields: (live, props) => {
            const liveValues = live.stringValues ?? [];
            return {
                type: live.type as string,
                // The stored order when only the order differs, so a refresh shows no change.
                stringValues:
                    props?.stringValues &&
                    sameValue(valueSet(props.stringValues), valueSet(liveValues))
                        ? props.stringValues
                        : liveValues,
            };
        },
        describeCall: (client, name) =>
            client.send(new (iotSdk().DescribeDimensionCommand)({ name })),
        createCall: (client, ins, clientRequestToken) =>
            client.send(
                new (iotSdk().CreateDimensionCommand)({
                    name: ins.name,
                    type: ins.type as DimensionType,
                    stringValues: ins.stringValues,
                    tags: ins.tags?.length ? ins.tags : undefined,
                    clientRequestToken,
                }),
            ),
        updateCall: (client, ins) =>
            client.send(
                new (iotSdk().UpdateDimensionCommand)({
                    name: ins.name,
                    stringValues: ins.stringValues,
                }),
            ),
        deleteCall: (client, name) => client.send(new (iotSdk().DeleteDimensionCommand)({ name })),
    });

export class Dimension extends DynamicResource {
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
