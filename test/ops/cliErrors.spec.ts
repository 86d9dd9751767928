/**
 * Every failure a user of the CLI will meet (no credentials, unknown region, AccessDenied,
 * throttling, unknown stack, invalid config) as exactly one `error: ...` line on stderr, never a
 * stack trace, with a non-zero exit.
 */
import {
    DescribeSecurityProfileCommand,
    StartOnDemandAuditTaskCommand,
    ThrottlingException,
} from "@aws-sdk/client-iot";
import * as assert from "assert";
import { ConfigError } from "../../components/config/configError";
import { CliDeps, run } from "../../tools/ops/cli";
import { AwsCallError, describeError } from "../../tools/ops/errors";
import { stackSettings } from "../harness";
import {
    auditConfigured,
    awsFailure,
    harness,
    Harness,
    instantRetries,
    noStackTrace,
} from "./fixture";
import { dev, NO_CLI_NOTE_START, deps } from "./cliDeps";

describe("ops cli", () => {
    instantRetries();

    describe("errors are one line on stderr, exit 1", () => {
        // Besides the error, stderr may only hold the note on where names come from (printed once the stack is loaded).
        const oneLine = async (
            argv: string[],
            setup: (h: Harness) => void,
            extra: Partial<CliDeps> = {},
        ) => {
            const h = harness();
            auditConfigured(h, dev.audit.checks);
            setup(h);
            const code = await run(argv, deps(h, extra));
            assert.strictEqual(code, 1);
            const lines = h.err[0]?.startsWith(NO_CLI_NOTE_START) ? h.err.slice(1) : h.err;
            assert.strictEqual(
                lines.length,
                1,
                `expected one stderr line besides the note, got:\n${h.err.join("\n")}`,
            );
            assert.ok(noStackTrace(h.err));
            return lines[0];
        };

        it("no credentials", async () => {
            const line = await oneLine(["audit", "--stack", "dev"], h =>
                h.iot.on(StartOnDemandAuditTaskCommand).rejects(
                    Object.assign(new Error("Could not load credentials from any providers"), {
                        name: "CredentialsProviderError",
                    }),
                ),
            );
            assert.strictEqual(
                line,
                "error: no AWS credentials for iot:StartOnDemandAuditTask in eu-west-1 " +
                    "(set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login): Could not load credentials from any providers",
            );
        });

        it("rejected credentials", async () => {
            const line = await oneLine(["verify", "--stack", "prod"], h =>
                h.iot
                    .on(DescribeSecurityProfileCommand)
                    .rejects(
                        awsFailure(
                            "UnrecognizedClientException",
                            "The security token included in the request is invalid.",
                            403,
                        ),
                    ),
            );
            assert.match(
                line,
                /^error: AWS rejected the credentials for iot:DescribeSecurityProfile in eu-west-1 \(UnrecognizedClientException; .*\): The security token/,
            );
        });

        it("an unknown region (no endpoint resolves)", async () => {
            const line = await oneLine(["audit", "--stack", "dev", "--region", "xx-moon-1"], h =>
                h.iot
                    .on(StartOnDemandAuditTaskCommand)
                    .rejects(
                        Object.assign(
                            new Error("getaddrinfo ENOTFOUND iot.xx-moon-1.amazonaws.com"),
                            { code: "ENOTFOUND" },
                        ),
                    ),
            );
            assert.strictEqual(
                line,
                "error: cannot reach AWS for iot:StartOnDemandAuditTask in xx-moon-1 " +
                    "(unknown region, no AWS IoT there, or no network?): getaddrinfo ENOTFOUND iot.xx-moon-1.amazonaws.com",
            );
        });

        it("a region the SDK refuses", async () => {
            const line = await oneLine(["verify", "--stack", "prod"], h =>
                h.iot
                    .on(DescribeSecurityProfileCommand)
                    .rejects(
                        new Error(
                            'Region not accepted: region="eu west" is not a valid hostname component.',
                        ),
                    ),
            );
            assert.match(
                line,
                /^error: cannot reach AWS for iot:DescribeSecurityProfile in eu-west-1 \(unknown region, .*\): Region not accepted/,
            );
        });

        it("AccessDenied", async () => {
            const line = await oneLine(["audit", "--stack", "dev"], h =>
                h.iot
                    .on(StartOnDemandAuditTaskCommand)
                    .rejects(
                        awsFailure(
                            "AccessDeniedException",
                            "User: arn:aws:iam::123456789012:user/ops is not authorized\nto perform this",
                            403,
                        ),
                    ),
            );
            assert.strictEqual(
                line,
                "error: AWS denied iot:StartOnDemandAuditTask in eu-west-1: User: arn:aws:iam::123456789012:user/ops is not authorized to perform this",
            );
        });

        it("throttling beyond the retries", async () => {
            const line = await oneLine(["audit", "--stack", "dev"], h =>
                h.iot.on(StartOnDemandAuditTaskCommand).rejects(
                    new ThrottlingException({
                        message: "Rate exceeded",
                        $metadata: { httpStatusCode: 400 },
                    }),
                ),
            );
            assert.match(
                line,
                /^error: AWS kept throttling iot:StartOnDemandAuditTask in eu-west-1 after 6 attempts; try again later: Rate exceeded$/,
            );
        });

        it("an unknown stack", async () => {
            const line = await oneLine(["verify", "--stack", "staging"], () => undefined);
            assert.strictEqual(
                line,
                'error: unknown stack "staging": there is no Pulumi.staging.yaml; stacks here: dev, multi, prod',
            );
        });

        it("an invalid stack configuration", async () => {
            const line = await oneLine(["verify", "--stack", "dev"], () => undefined, {
                settings: () =>
                    stackSettings("dev", v => {
                        v["aws:region"] = "Europe";
                    }),
            });
            assert.match(
                line,
                /^error: invalid stack configuration in Pulumi\.dev\.yaml: 1 problem: aws:region: is not an AWS region name \(like eu-west-1\); got "Europe"$/,
            );
        });
    });

    it("describeError words errors it does not know without a stack trace", () => {
        assert.strictEqual(
            describeError(new TypeError("x is not a function")),
            "unexpected TypeError: x is not a function",
        );
        assert.strictEqual(
            describeError(
                new AwsCallError(
                    "iot:DescribeAuditTask",
                    "eu-west-1",
                    awsFailure("InvalidRequestException", "bad task id"),
                    1,
                ),
            ),
            "iot:DescribeAuditTask in eu-west-1 failed: InvalidRequestException: bad task id",
        );
        assert.ok(
            !describeError(new ConfigError(["a: b", "c: d"], "Pulumi.x.yaml")).includes("\n"),
        );
    });
});
