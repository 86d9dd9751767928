/**
 * What the custom metric does of its own: its checks, and its display name on update. What it
 * shares with the other named resources: test/iot/namedResource.spec.ts.
 */
import * as assert from "assert";
import { UpdateCustomMetricCommand } from "@aws-sdk/client-iot";
import { CUSTOM_METRIC_TYPES } from "../../components/facts";
import { UNKNOWN } from "../../components/iot/inputs";
import { customMetricProvider as provider } from "../../components/iot/customMetric";
import { ARN, NAME, inputs, state, withInputs } from "./customMetrics";
import { checking, input, useIotMock } from "./support";

const { failuresOf, assertFailure } = checking(provider, inputs);

describe("CustomMetric dynamic resource", () => {
    const mock = useIotMock();

    describe("check", () => {
        it("accepts every custom metric type", async () => {
            for (const metricType of Object.keys(CUSTOM_METRIC_TYPES)) {
                assert.deepStrictEqual(
                    await failuresOf(withInputs({ metricType: metricType as never })),
                    [],
                );
            }
        });

        it("names the metric name, type, display name and tags when they break the API rules", async () => {
            await assertFailure(
                withInputs({ metricName: "aws:cpu" }),
                "metricName",
                /must not start with "aws:"/,
            );
            await assertFailure(withInputs({ metricName: "cpu temp" }), "metricName");
            await assertFailure(
                withInputs({ metricType: "float" as never }),
                "metricType",
                /number, number-list, string-list, ip-address-list/,
            );
            await assertFailure(withInputs({ displayName: "d".repeat(129) }), "displayName");
            await assertFailure(withInputs({ tags: [{ Key: "", Value: "x" }] }), "tags[0].Key");
        });

        it("tolerates values unknown during preview", async () => {
            assert.deepStrictEqual(
                await failuresOf({
                    region: UNKNOWN,
                    metricName: UNKNOWN,
                    metricType: UNKNOWN,
                    displayName: UNKNOWN,
                    tags: UNKNOWN,
                }),
                [],
            );
            assert.deepStrictEqual(
                await failuresOf(withInputs({ tags: [{ Key: UNKNOWN, Value: UNKNOWN }] })),
                [],
            );
        });
    });

    describe("update", () => {
        it("removes a cleared display name by sending an empty one (the API requires the field)", async () => {
            mock.iot.on(UpdateCustomMetricCommand).resolves({ metricArn: ARN });
            await provider.update!(NAME, state(), withInputs({ displayName: undefined }));
            assert.deepStrictEqual(input(mock.iot, UpdateCustomMetricCommand), {
                metricName: NAME,
                displayName: "",
            });
        });
    });
});
