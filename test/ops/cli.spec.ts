/**
 * The CLI: argument parsing, usage errors (printed with the usage), and every failure a user will
 * meet (no credentials, unknown region, AccessDenied, throttling, unknown stack, invalid config)
 * as exactly one `error: ...` line on stderr, never a stack trace, with a non-zero exit.
 */
import {
    DescribeSecurityProfileCommand,
    ListActiveViolationsCommand,
    StartOnDemandAuditTaskCommand,
    ThrottlingException,
} from "@aws-sdk/client-iot";
import * as assert from "assert";
import { ConfigError } from "../../components/config/errors";
import { names } from "../../components/inventory/names";
import { CliDeps, parseCommandLine, run, USAGE } from "../../tools/ops/cli";
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

const dev = stackSettings("dev");
/** What `run` says on stderr when the Pulumi CLI is absent, before the command's own lines. */
/** The note on names derived from a stack file, for any stack (no Pulumi CLI here). */
const NO_CLI_NOTE_START = "note: resource names derived from Pulumi.";

/** Deps without the Pulumi CLI (unless `extra` says otherwise); records the regions clients are made for. */
function deps(h: Harness, extra: Partial<CliDeps> = {}): CliDeps & { regions: string[] } {
    const regions: string[] = [];
    return {
        out: h.ctx.out,
        err: h.ctx.err,
        now: h.ctx.now,
        sleep: h.ctx.sleep,
        clients: region => {
            regions.push(region);
            return h.clients;
        },
        outputs: () => ({ missing: "the Pulumi CLI is not installed" }),
        drill: () => ({
            logs: h.clients.logs,
            confirm: async () => false,
            onInterrupt: () => () => undefined,
        }),
        regions,
        ...extra,
    };
}

describe("ops cli", () => {
    instantRetries();

    describe("parseCommandLine", () => {
        it("reads the command, the stack and the defaults", () => {
            assert.deepStrictEqual(parseCommandLine(["audit", "--stack", "dev"]), {
                command: "audit",
                stack: "dev",
                region: undefined,
                json: false,
                checks: undefined,
                intervalSeconds: 15,
                timeoutSeconds: 1800,
                failOn: undefined,
                profile: undefined,
                yes: false,
                dryRun: false,
                cleanup: false,
            });
        });
        it("reads drill options, with the drill's own timeout and interval defaults", () => {
            const inv = parseCommandLine(["drill", "--stack", "dev", "--yes", "--dry-run"]);
            assert.strictEqual(inv.command, "drill");
            assert.deepStrictEqual(
                [inv.yes, inv.dryRun, inv.cleanup, inv.timeoutSeconds, inv.intervalSeconds],
                [true, true, false, 1200, 30],
            );
            assert.strictEqual(
                parseCommandLine(["drill", "--stack", "dev", "--cleanup", "--timeout", "5m"])
                    .timeoutSeconds,
                300,
            );
        });
        it("reads audit options: --checks list, durations with units, --fail-on in any case", () => {
            const inv = parseCommandLine([
                "audit",
                "--stack=prod",
                "--region",
                "us-east-1",
                "--json",
                "--checks",
                "A_CHECK, B_CHECK",
                "--interval",
                "30s",
                "--timeout",
                "1h",
                "--fail-on",
                "high",
            ]);
            assert.deepStrictEqual(
                [
                    inv.region,
                    inv.json,
                    inv.checks,
                    inv.intervalSeconds,
                    inv.timeoutSeconds,
                    inv.failOn,
                ],
                ["us-east-1", true, ["A_CHECK", "B_CHECK"], 30, 3600, "HIGH"],
            );
        });
        for (const [argv, message] of [
            [[], /no command given/],
            [
                ["deploy", "--stack", "dev"],
                /unknown command "deploy"; commands: audit, violations, verify/,
            ],
            [["audit"], /--stack <name> is required/],
            [
                ["audit", "--stack", "dev", "--fail-on", "SEVERE"],
                /--fail-on must be one of CRITICAL, HIGH, MEDIUM, LOW; got "SEVERE"/,
            ],
            [
                ["audit", "--stack", "dev", "--timeout", "soon"],
                /--timeout must be a positive duration/,
            ],
            [
                ["audit", "--stack", "dev", "--interval", "0"],
                /--interval must be a positive duration/,
            ],
            [
                ["verify", "--stack", "dev", "--checks", "X"],
                /--checks applies to audit, not verify/,
            ],
            [
                ["audit", "--stack", "dev", "--profile", "p"],
                /--profile applies to violations, not audit/,
            ],
            [["audit", "--stack", "dev", "--yes"], /--yes applies to drill, not audit/],
            [["verify", "--stack", "dev", "--cleanup"], /--cleanup applies to drill, not verify/],
            [
                ["violations", "--stack", "dev", "--timeout", "5m"],
                /--timeout applies to audit and drill, not violations/,
            ],
            [["verify", "--stack", "dev", "--bogus"], /Unknown option '--bogus'/],
            [["verify", "extra", "--stack", "dev"], /unexpected argument extra/],
            [
                ["verify", "--stack", "dev", "--region", "Europe west"],
                /--region must be an AWS region name like eu-west-1; got "Europe west"/,
            ],
        ] as [string[], RegExp][]) {
            it(`rejects ${JSON.stringify(argv)}`, () =>
                assert.throws(() => parseCommandLine(argv), message));
        }
    });

    it("prints the usage after a usage error, and exits 1", async () => {
        const h = harness();
        assert.strictEqual(await run(["audit", "--stack", "dev", "--fail-on", "nope"], deps(h)), 1);
        assert.match(h.err[0], /^error: --fail-on must be one of/);
        assert.strictEqual(h.err.slice(1).join("\n"), USAGE);
        assert.strictEqual(h.iot.calls().length, 0);
    });

    it("dispatches drill: prod does not allow drills, so nothing is created", async () => {
        const h = harness();
        assert.strictEqual(await run(["drill", "--stack", "prod", "--yes"], deps(h)), 1);
        assert.match(h.err.join("\n"), /error: drills are off for stack prod/);
        assert.strictEqual(h.iot.calls().length, 0);
    });

    it("--help prints the usage on stdout and exits 0", async () => {
        const h = harness();
        assert.strictEqual(await run(["--help"], deps(h)), 0);
        assert.strictEqual(h.out.join("\n"), USAGE);
    });

    it("talks to the stack's region, or --region, or the region in the stack outputs", async () => {
        const h = harness();
        auditConfigured(h, dev.audit.checks);
        h.iot
            .on(StartOnDemandAuditTaskCommand)
            .rejects(awsFailure("AccessDeniedException", "denied", 403));
        const d = deps(h);
        await run(["audit", "--stack", "dev"], d);
        await run(["audit", "--stack", "dev", "--region", "us-west-2"], d);
        await run(["audit", "--stack", "dev"], {
            ...d,
            outputs: () => ({ outputs: { region: "ap-southeast-2" } }),
        });
        assert.deepStrictEqual(d.regions, ["eu-west-1", "us-west-2", "ap-southeast-2"]);
    });

    describe("resource names", () => {
        const profilesAsked = (h: Harness) =>
            h.iot
                .commandCalls(ListActiveViolationsCommand)
                .map(c => c.args[0].input.securityProfileName);

        it("come from the stack outputs when the Pulumi CLI gives them, and a note on stderr says so", async () => {
            const h = harness();
            h.iot.on(ListActiveViolationsCommand).resolves({ activeViolations: [] });
            const outputs = {
                securityProfileNames: ["deployed-rules"],
                scheduledAuditNames: [],
                alarmNames: [],
                mitigationActionNames: {},
            };
            assert.strictEqual(
                await run(
                    ["violations", "--stack", "dev"],
                    deps(h, { outputs: () => ({ outputs }) }),
                ),
                0,
            );
            assert.deepStrictEqual(profilesAsked(h), ["deployed-rules"]);
            assert.deepStrictEqual(h.err, [
                "note: resource names from the outputs of stack dev; " +
                    "not in the outputs, so derived from Pulumi.dev.yaml: deadLetterQueueUrl, responderArn",
            ]);
        });

        it("are derived from the stack file without the CLI, and the note says why", async () => {
            const h = harness();
            h.iot.on(ListActiveViolationsCommand).resolves({ activeViolations: [] });
            // prod runs Device Defender Detect: its profiles are the names to derive.
            const prod = stackSettings("prod");
            const why = "pulumi stack output failed: error: no stack named 'prod' found";
            assert.strictEqual(
                await run(
                    ["violations", "--stack", "prod"],
                    deps(h, { outputs: () => ({ missing: why }) }),
                ),
                0,
            );
            assert.deepStrictEqual(profilesAsked(h), [
                names.ruleProfile(prod),
                names.mlProfile(prod),
            ]);
            assert.deepStrictEqual(h.err, [
                `note: resource names derived from Pulumi.prod.yaml (no stack outputs: ${why})`,
            ]);
        });
    });

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
                'error: unknown stack "staging": there is no Pulumi.staging.yaml; stacks here: dev, prod',
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
