/**
 * The HTTP fake's model: the trimmed copy equals the source model's operations and shapes (when
 * the source is beside the project), and requests are checked against it.
 */
import * as assert from "assert";
import * as iot from "@aws-sdk/client-iot";
import * as fs from "fs";
import { validate } from "./iotHttp";
import {
    ApiModel,
    providerSources,
    SOURCE_MODEL,
    TRIMMED_MODEL,
    trimModel,
    usedOperations,
} from "./trimIotModel";

describe("the IoT API model the HTTP fake validates against", () => {
    const trimmed = JSON.parse(fs.readFileSync(TRIMMED_MODEL, "utf8")) as ApiModel;

    it("holds exactly the operations the providers call", () => {
        assert.deepStrictEqual(Object.keys(trimmed.operations).sort(), usedOperations());
    });

    it("finds every IoT command the providers import, digits in the name included (GetV2LoggingOptions)", () => {
        const sources = providerSources()
            .map(f => fs.readFileSync(f, "utf8"))
            .filter(text => text.includes('from "@aws-sdk/client-iot"'));
        const named = Object.keys(iot)
            .filter(
                k => k.endsWith("Command") && sources.some(t => new RegExp(`\\b${k}\\b`).test(t)),
            )
            .map(k => k.slice(0, -"Command".length))
            .sort();
        assert.ok(named.includes("GetV2LoggingOptions"), named.join(" "));
        assert.deepStrictEqual(usedOperations(), named);
    });

    it("equals the source model's operations and shapes (skipped without ../shared)", function () {
        if (!SOURCE_MODEL) return this.skip();
        const source = JSON.parse(fs.readFileSync(SOURCE_MODEL, "utf8")) as ApiModel;
        assert.deepStrictEqual(trimmed, trimModel(source, usedOperations()));
    });

    it("rejects what AWS rejects: a missing required member, a bad enum, pattern, length or range, an unknown member", () => {
        const problems = validate(
            "CreateSecurityProfileRequest",
            {
                securityProfileDescription: "x".repeat(1001),
                behaviors: [
                    {
                        name: "bad name!",
                        criteria: {
                            comparisonOperator: "bigger",
                            consecutiveDatapointsToAlarm: 11,
                        },
                    },
                ],
                colour: "blue",
            },
            "CreateSecurityProfile",
        );
        for (const fragment of [
            "CreateSecurityProfile.securityProfileName: required",
            "securityProfileDescription: 1001 characters, above the maximum",
            'behaviors[0].name: "bad name!" does not match',
            'comparisonOperator: "bigger" is not one of',
            "consecutiveDatapointsToAlarm: 11, above the maximum 10",
            "CreateSecurityProfile.colour: not a member",
        ])
            assert.ok(
                problems.some(p => p.includes(fragment)),
                `${fragment} in ${JSON.stringify(problems, null, 1)}`,
            );
        assert.deepStrictEqual(
            validate("CreateSecurityProfileRequest", { securityProfileName: "ok_name-1" }, "op"),
            [],
        );
    });
});
