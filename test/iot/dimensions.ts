/**
 * Dimensions as the provider's specs build them: inputs, state, what AWS describes, and the
 * subject the named-resource suite runs (test/iot/namedResourceSuite.ts).
 */
import {
    CreateDimensionCommand,
    DeleteDimensionCommand,
    DescribeDimensionCommand,
    UpdateDimensionCommand,
} from "@aws-sdk/client-iot";
import type { DescribeDimensionResponse } from "@aws-sdk/client-iot";
import { DYNAMIC_TYPES } from "../../components/facts";
import { UNKNOWN } from "../../components/iot/inputs";
import {
    Dimension,
    DimensionInputs,
    DimensionOutputs,
    dimensionProvider as provider,
} from "../../components/iot/dimension";
import { NamedSubject } from "./namedSubject";
import { fixtures, STACK_TAGS, TEST_ACCOUNT, TEST_REGION } from "./support";

export const NAME = "telemetry-topics";
export const ARN = `arn:aws:iot:${TEST_REGION}:${TEST_ACCOUNT}:dimension/${NAME}`;

export const inputs: DimensionInputs = {
    region: TEST_REGION,
    name: NAME,
    type: "TOPIC_FILTER",
    stringValues: ["telemetry/#", "devices/${iot:ClientId}/status"],
    tags: STACK_TAGS,
};
const ids = { arn: ARN };
export const { state, withInputs, described } = fixtures<
    DimensionInputs,
    DimensionOutputs,
    DescribeDimensionResponse
>(inputs, ids, {
    name: NAME,
    arn: ARN,
    type: "TOPIC_FILTER",
    stringValues: inputs.stringValues,
});

export const dimensionSubject: NamedSubject = {
    title: "Dimension",
    noun: "dimension",
    kind: "dimension",
    type: DYNAMIC_TYPES.Dimension,
    provider,
    register: () => new Dimension("topics", inputs),
    commands: {
        create: CreateDimensionCommand,
        describe: DescribeDimensionCommand,
        update: UpdateDimensionCommand,
        delete: DeleteDimensionCommand,
    },
    name: NAME,
    arn: ARN,
    inputs,
    state,
    withInputs,
    described,
    answer: { name: NAME, arn: ARN },
    ids,
    created: {
        name: NAME,
        type: "TOPIC_FILTER",
        stringValues: inputs.stringValues,
        tags: inputs.tags,
    },
    clientToken: true,
    deleted: { name: NAME },
    cliDelete: `aws iot delete-dimension --name ${NAME}`,
    inPlace: {
        words: "topic filters and tags",
        changes: [
            withInputs({ stringValues: ["telemetry/#"] }),
            withInputs({ tags: [{ Key: "env", Value: "prod" }] }),
        ],
    },
    replacing: {
        words: "name, type or region",
        changes: [
            ["name", "other-topics"],
            ["type", "OTHER"],
            ["region", "us-east-1"],
        ],
    },
    unknownChange: withInputs({ stringValues: [UNKNOWN] }),
    otherDefinition: { described: { stringValues: ["other/#"] }, fields: "stringValues" },
    update: {
        title: "changes the topic filters with one UpdateDimension call",
        news: withInputs({ stringValues: ["telemetry/#"] }),
        sent: { name: NAME, stringValues: ["telemetry/#"] },
    },
    drift: {
        described: { stringValues: ["edited/#"] },
        tags: inputs.tags!,
        props: { ...inputs, stringValues: ["edited/#"], arn: ARN },
    },
    deleteRefusal: "dimension is referenced",
    badInput: { news: withInputs({ type: "X" }), property: "type" },
};
