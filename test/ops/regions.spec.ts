/**
 * Ops commands on a stack of several regions (Pulumi.multi.yaml): every region by default, a few
 * at a time, each region's result under its name and a summary, the exit code of the worst
 * region; `--region` runs one region as a one-region stack always ran.
 */
import { ListActiveViolationsCommand } from "@aws-sdk/client-iot";
import * as assert from "assert";
import { CliDeps, run } from "../../tools/ops/cli";
import { EXIT } from "../../tools/ops/context";
import { inRegions, reportRegions, worstExit } from "../../tools/ops/regions";
import { regionOutputsOf, stackRegions } from "../../tools/ops/stack";
import { stackSettings } from "../harness";
import { awsFailure, harness, Harness, instantRetries } from "./fixture";

const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2"];
const multi = stackSettings("multi");

/** One mocked account per region; `out` and `err` are the first harness's. */
function perRegion(): { harnesses: Record<string, Harness>; deps: CliDeps; made: string[] } {
    const harnesses = Object.fromEntries(REGIONS.map(r => [r, harness(r)]));
    for (const h of Object.values(harnesses))
        h.iot.on(ListActiveViolationsCommand).resolves({ activeViolations: [] });
    const first = harnesses[REGIONS[0]];
    const made: string[] = [];
    const deps: CliDeps = {
        out: first.ctx.out,
        err: first.ctx.err,
        now: first.ctx.now,
        sleep: first.ctx.sleep,
        clients: region => {
            made.push(region);
            return harnesses[region].clients;
        },
        outputs: () => ({ missing: "the Pulumi CLI is not installed" }),
        settings: () => multi,
        drill: () => {
            throw new Error("no drill here");
        },
    };
    return { harnesses, deps, made };
}

describe("ops commands across a stack's regions", () => {
    instantRetries();

    it("run in every region of the stack, print each region's result under its name, then a summary", async () => {
        const { harnesses, deps, made } = perRegion();
        assert.strictEqual(await run(["violations", "--stack", "multi"], deps), EXIT.ok);
        assert.deepStrictEqual([...made].sort(), [...REGIONS].sort());
        for (const region of REGIONS)
            assert.deepStrictEqual(
                harnesses[region].iot
                    .commandCalls(ListActiveViolationsCommand)
                    .map(c => c.args[0].input.securityProfileName),
                ["iot-defender-multi-rules", "iot-defender-multi-ml"],
                region,
            );
        const out = harnesses["eu-west-1"].out;
        assert.deepStrictEqual(
            out.filter(l => l.startsWith("== ")),
            REGIONS.map(r => `== ${r} ==`),
        );
        assert.deepStrictEqual(out.slice(-4), [
            "Regions:",
            "  eu-west-1: ok (exit 0)",
            "  us-east-1: ok (exit 0)",
            "  ap-southeast-2: ok (exit 0)",
        ]);
    });

    it("exit with the worst region's code, naming the region on its error lines", async () => {
        const { harnesses, deps } = perRegion();
        harnesses["us-east-1"].iot
            .on(ListActiveViolationsCommand)
            .rejects(awsFailure("AccessDeniedException", "not authorized", 403));
        assert.strictEqual(await run(["violations", "--stack", "multi"], deps), EXIT.error);
        const { out, err } = harnesses["eu-west-1"];
        assert.ok(out.includes("  us-east-1: FAILED (exit 1)"), out.join("\n"));
        assert.ok(out.includes("  eu-west-1: ok (exit 0)"));
        assert.ok(
            err.some(l =>
                l.startsWith("[us-east-1] error: AWS denied iot:ListActiveViolations in us-east-1"),
            ),
            err.join("\n"),
        );
        assert.ok(!err.some(l => l.startsWith("[eu-west-1] error:")));
    });

    it("with --region, run in that region alone, printing as a stack of one region", async () => {
        const { harnesses, deps, made } = perRegion();
        assert.strictEqual(
            await run(["violations", "--stack", "multi", "--region", "us-east-1"], deps),
            EXIT.ok,
        );
        assert.deepStrictEqual(made, ["us-east-1"]);
        assert.ok(!harnesses["eu-west-1"].out.some(l => l.startsWith("== ")));
    });

    it("with --json, print one document holding each region's result and the worst exit code", async () => {
        const { harnesses, deps } = perRegion();
        await run(["violations", "--stack", "multi", "--json"], deps);
        const doc = JSON.parse(harnesses["eu-west-1"].out.join("\n"));
        assert.deepStrictEqual(Object.keys(doc.regions), REGIONS);
        assert.deepStrictEqual(doc.regions["us-east-1"].exitCode, 0);
        assert.deepStrictEqual(
            doc.regions["us-east-1"].result.profiles.map((p: { name: string }) => p.name),
            ["iot-defender-multi-rules", "iot-defender-multi-ml"],
        );
        assert.strictEqual(doc.exitCode, 0);
    });

    it("run at most the bound of regions at once, and report them in the stack's order", async () => {
        let inFlight = 0,
            most = 0;
        const regions = ["a-1", "b-1", "c-1", "d-1", "e-1"];
        const runs = await inRegions(
            regions,
            async (region, out) => {
                most = Math.max(most, ++inFlight);
                await new Promise(resolve => setTimeout(resolve, region === "a-1" ? 20 : 1));
                out(`done ${region}`);
                inFlight--;
                return region === "c-1" ? EXIT.findings : EXIT.ok;
            },
            2,
        );
        assert.strictEqual(most, 2);
        assert.deepStrictEqual(
            runs.map(r => [r.region, r.code, r.out]),
            regions.map(r => [r, r === "c-1" ? EXIT.findings : EXIT.ok, [`done ${r}`]]),
        );
        assert.ok(reportRegions(runs, false).includes("  c-1: findings (exit 2)"));
    });

    it("rank exit codes: an error over findings over ok", () => {
        assert.strictEqual(worstExit([EXIT.ok, EXIT.findings]), EXIT.findings);
        assert.strictEqual(worstExit([EXIT.findings, EXIT.error, EXIT.ok]), EXIT.error);
        assert.strictEqual(worstExit([EXIT.ok, EXIT.ok]), EXIT.ok);
    });

    it("take the regions from the stack outputs when deployed, else from the stack file", () => {
        const outputs = { region: "eu-west-1", regions: { "eu-west-1": {}, "us-east-1": {} } };
        assert.deepStrictEqual(stackRegions(multi, outputs), ["eu-west-1", "us-east-1"]);
        assert.deepStrictEqual(stackRegions(multi, {}), REGIONS);
        // Outputs of a stack deployed before outputs were keyed by region: its one region, flat.
        const flat = { region: "eu-west-1", alarmNames: ["a"] };
        assert.deepStrictEqual(stackRegions(multi, flat), ["eu-west-1"]);
        assert.deepStrictEqual(regionOutputsOf(flat, "eu-west-1"), flat);
        assert.deepStrictEqual(regionOutputsOf(outputs, "us-east-1"), {});
    });
});
