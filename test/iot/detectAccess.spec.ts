import * as assert from "assert";
import {
    CreateCustomMetricCommand,
    CreateDimensionCommand,
    CreateSecurityProfileCommand,
} from "@aws-sdk/client-iot";
import { isDetectClosed } from "../../components/iot/detectAccess";
import { customMetricProvider } from "../../components/iot/customMetric";
import { dimensionProvider } from "../../components/iot/dimension";
import { securityProfileProvider } from "../../components/iot/securityProfile";
import { awsError, OWNER_TAGS, useIotMock } from "./support";

const REGION = "eu-west-1";
/** The shapes AWS may use to refuse Detect to an account (AWS documents none; see detectAccess.ts). */
const closed = {
    "an access refusal": awsError(
        "AccessDeniedException",
        "Account is not allowed to use this feature",
        403,
    ),
    "an UnauthorizedException": awsError("UnauthorizedException", "Access denied", 401),
    "an invalid request saying Detect is unavailable": awsError(
        "InvalidRequestException",
        "AWS IoT Device Defender Detect is no longer available to new customers",
    ),
};
/** What to do, as the error must say it. */
const WAY_OUT =
    /cannot use Device Defender Detect.*iot-defender:detect\.engine: logs.*iot-defender:detect\.enabled: false/;

describe("Detect closed to the account", () => {
    const mock = useIotMock();

    it("recognises the plausible refusals, but not an IAM denial or other errors", () => {
        for (const [shape, err] of Object.entries(closed))
            assert.ok(isDetectClosed(err), `${shape} is recognised`);
        const iamDenial = awsError(
            "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: iot:CreateSecurityProfile",
            403,
        );
        assert.ok(!isDetectClosed(iamDenial), "an IAM denial is a missing permission");
        assert.ok(!isDetectClosed(awsError("InvalidRequestException", "behaviors[0] is invalid")));
        assert.ok(!isDetectClosed(awsError("ThrottlingException", "Rate exceeded", 429)));
    });

    for (const [shape, err] of Object.entries(closed)) {
        it(`creating a security profile, custom metric or dimension on ${shape} says what to do, keeping AWS's words`, async () => {
            mock.iot.on(CreateSecurityProfileCommand).rejects(err);
            mock.iot.on(CreateCustomMetricCommand).rejects(err);
            mock.iot.on(CreateDimensionCommand).rejects(err);
            const creates = [
                securityProfileProvider.create({
                    region: REGION,
                    securityProfileName: "fleet-rules",
                    tags: OWNER_TAGS,
                }),
                customMetricProvider.create({
                    region: REGION,
                    metricName: "cpu-temperature",
                    metricType: "number",
                    tags: OWNER_TAGS,
                }),
                dimensionProvider.create({
                    region: REGION,
                    name: "telemetry",
                    type: "TOPIC_FILTER",
                    stringValues: ["telemetry/#"],
                    tags: OWNER_TAGS,
                }),
            ];
            for (const create of creates)
                await assert.rejects(create, (e: Error) => {
                    assert.match(e.message, WAY_OUT);
                    assert.ok(e.message.includes(err.message), "AWS's message is kept");
                    return true;
                });
        });
    }

    it("leaves an IAM denial as AWS said it", async () => {
        mock.iot
            .on(CreateCustomMetricCommand)
            .rejects(
                awsError(
                    "AccessDeniedException",
                    "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iot:CreateCustomMetric",
                    403,
                ),
            );
        await assert.rejects(
            customMetricProvider.create({
                region: REGION,
                metricName: "cpu-temperature",
                metricType: "number",
            }),
            (e: Error) => !WAY_OUT.test(e.message) && /not authorized to perform/.test(e.message),
        );
    });
});
