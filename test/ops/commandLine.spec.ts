/**
 * The CLI's argument parsing: commands, the stack, options and their defaults.
 */
import * as assert from "assert";
import { parseCommandLine } from "../../tools/ops/cli";
import { instantRetries } from "./fixture";

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
});
