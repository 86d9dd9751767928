/**
 * The HTTP fake's model: the trimmed copy equals the source model's operations and shapes (when
 * the source is beside the project), and requests are checked against it; its answers carry the
 * status and error type the model gives each error.
 */
import * as assert from "assert";
import * as iot from "@aws-sdk/client-iot";
import * as fs from "fs";
import { TEST_ACCOUNT_ID } from "../../tools/offline/engine";
import { FakeIotAccount } from "./iotAccount";
import { IotHttpEndpoint, validate } from "./iotHttp";
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

    it("finds every IoT command the providers use, digits in the name included (GetV2LoggingOptions)", () => {
        const sources = providerSources()
            .map(f => fs.readFileSync(f, "utf8"))
            .filter(text => text.includes("iotSdk()"));
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

describe("the IoT fake over HTTP answers as AWS does", () => {
    let account: FakeIotAccount;
    let endpoint: IotHttpEndpoint;
    before(async () => {
        account = new FakeIotAccount(TEST_ACCOUNT_ID, "eu-west-1");
        endpoint = await IotHttpEndpoint.start(account);
    });
    after(() => endpoint.close());

    /** One REST-JSON request; the status and the error type AWS names in `x-amzn-ErrorType`. */
    const request = async (method: string, path: string, body?: object) => {
        const res = await fetch(`${endpoint.url}${path}`, {
            method,
            headers: { "content-type": "application/json" },
            body: body && JSON.stringify(body),
        });
        return { status: res.status, error: res.headers.get("x-amzn-errortype") };
    };

    it("with the model's status and error type: not found, already exists, version conflict, throttled, invalid", async () => {
        const profile = "/security-profiles/http-errors";
        assert.deepStrictEqual(await request("GET", profile), {
            status: 404,
            error: "ResourceNotFoundException",
        });
        assert.deepStrictEqual(await request("POST", profile, {}), { status: 200, error: null });
        assert.deepStrictEqual(await request("POST", profile, {}), {
            status: 409,
            error: "ResourceAlreadyExistsException",
        });
        assert.deepStrictEqual(await request("PATCH", `${profile}?expectedVersion=7`, {}), {
            status: 409,
            error: "VersionConflictException",
        });
        endpoint.throttle("DescribeSecurityProfile");
        assert.deepStrictEqual(await request("GET", profile), {
            status: 400,
            error: "ThrottlingException",
        });
        assert.deepStrictEqual(await request("GET", profile), { status: 200, error: null });
        assert.deepStrictEqual(await request("POST", profile, { behaviors: "all" }), {
            status: 400,
            error: "InvalidRequestException",
        });
        assert.deepStrictEqual(
            endpoint.invalid.map(i => i.operation),
            ["CreateSecurityProfile"],
        );
        assert.deepStrictEqual(endpoint.errors, [
            "DescribeSecurityProfile ResourceNotFoundException",
            "CreateSecurityProfile ResourceAlreadyExistsException",
            "UpdateSecurityProfile VersionConflictException",
            "DescribeSecurityProfile ThrottlingException",
            "CreateSecurityProfile InvalidRequestException",
        ]);
    });
});
