/**
 * Custom metrics as the provider's specs build them: inputs, state, what AWS describes, and the
 * subject the named-resource suite runs (test/iot/namedResourceSuite.ts).
 */
import {
    CreateCustomMetricCommand,
    DeleteCustomMetricCommand,
    DescribeCustomMetricCommand,
    UpdateCustomMetricCommand,
} from "@aws-sdk/client-iot";
import type { DescribeCustomMetricResponse } from "@aws-sdk/client-iot";
import { DYNAMIC_TYPES } from "../../components/facts";
import { UNKNOWN } from "../../components/iot/inputs";
import {
    CustomMetric,
    CustomMetricInputs,
    CustomMetricOutputs,
    customMetricProvider as provider,
} from "../../components/iot/customMetric";
import { NamedSubject } from "./namedSubject";
import { fixtures, STACK_TAGS, TEST_ACCOUNT, TEST_REGION } from "./support";

export const NAME = "cpu-temperature";
export const ARN = `arn:aws:iot:${TEST_REGION}:${TEST_ACCOUNT}:custommetric/${NAME}`;

export const inputs: CustomMetricInputs = {
    region: TEST_REGION,
    metricName: NAME,
    metricType: "number",
    displayName: "CPU temperature",
    tags: STACK_TAGS,
};
const ids = { arn: ARN };
export const { state, withInputs, described } = fixtures<
    CustomMetricInputs,
    CustomMetricOutputs,
    DescribeCustomMetricResponse
>(inputs, ids, {
    metricName: NAME,
    metricArn: ARN,
    metricType: "number",
    displayName: "CPU temperature",
});

export const customMetricSubject: NamedSubject = {
    title: "CustomMetric",
    noun: "metric",
    kind: "custom metric",
    type: DYNAMIC_TYPES.CustomMetric,
    provider,
    register: () => new CustomMetric("cpu", inputs),
    commands: {
        create: CreateCustomMetricCommand,
        describe: DescribeCustomMetricCommand,
        update: UpdateCustomMetricCommand,
        delete: DeleteCustomMetricCommand,
    },
    name: NAME,
    arn: ARN,
    inputs,
    state,
    withInputs,
    described,
    answer: { metricName: NAME, metricArn: ARN },
    ids,
    created: {
        metricName: NAME,
        metricType: "number",
        displayName: "CPU temperature",
        tags: inputs.tags,
    },
    clientToken: true,
    deleted: { metricName: NAME },
    cliDelete: `aws iot delete-custom-metric --metric-name ${NAME}`,
    inPlace: {
        words: "display name and tags",
        changes: [withInputs({ displayName: "Temperature" }), withInputs({ tags: undefined })],
    },
    replacing: {
        words: "name, type or region",
        changes: [
            ["metricName", "gpu-temperature"],
            ["metricType", "number-list"],
            ["region", "us-east-1"],
        ],
    },
    unknownChange: withInputs({ displayName: UNKNOWN }),
    otherDefinition: { described: { metricType: "string-list" }, fields: "metricType" },
    update: {
        title: "changes the display name with one UpdateCustomMetric call",
        news: withInputs({ displayName: "Temperature" }),
        sent: { metricName: NAME, displayName: "Temperature" },
    },
    drift: {
        described: { displayName: "" },
        tags: [{ Key: "env", Value: "prod" }],
        props: {
            region: TEST_REGION,
            metricName: NAME,
            metricType: "number",
            tags: [{ Key: "env", Value: "prod" }],
            arn: ARN,
        },
    },
    deleteRefusal: "nope",
    badInput: { news: withInputs({ metricName: "aws:x" }), property: "metricName" },
};
