/**
 * The CLI: usage errors (printed with the usage), dispatch, regions and resource names. Argument
 * parsing: commandLine.spec.ts; failures: cliErrors.spec.ts.
 */
import { ListActiveViolationsCommand, StartOnDemandAuditTaskCommand } from "@aws-sdk/client-iot";
import * as assert from "assert";
import { names } from "../../components/inventory/names";
import { run, USAGE } from "../../tools/ops/cli";
import { stackSettings } from "../harness";
import { auditConfigured, awsFailure, harness, Harness, instantRetries } from "./fixture";
import { dev, deps } from "./cliDeps";

describe("ops cli", () => {
    instantRetries();

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
            // prod runs Device Defender Detect (dev's logs engine has no profiles to name).
            const outputs = {
                securityProfileNames: ["deployed-rules"],
                scheduledAuditNames: [],
                alarmNames: [],
                mitigationActionNames: {},
            };
            assert.strictEqual(
                await run(
                    ["violations", "--stack", "prod"],
                    deps(h, { outputs: () => ({ outputs }) }),
                ),
                0,
            );
            assert.deepStrictEqual(profilesAsked(h), ["deployed-rules"]);
            assert.deepStrictEqual(h.err, [
                "note: resource names from the outputs of stack prod; " +
                    "not in the outputs, so derived from Pulumi.prod.yaml: deadLetterQueueUrl, responderArn",
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
                names.securityProfile(prod, "gateways-connections"),
            ]);
            assert.deepStrictEqual(h.err, [
                `note: resource names derived from Pulumi.prod.yaml (no stack outputs: ${why})`,
            ]);
        });
    });
});
