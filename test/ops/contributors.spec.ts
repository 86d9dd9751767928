/**
 * `ops violations` on a logs engine stack (dev): no Device Defender violations exist there, so it
 * lists each behaviour's current top contributors from its Contributor Insights rule
 * (GetInsightRuleReport), judged against the behaviour's threshold as its alarm judges them.
 */
import { GetInsightRuleReportCommand } from "@aws-sdk/client-cloudwatch";
import { ListActiveViolationsCommand } from "@aws-sdk/client-iot";
import * as assert from "assert";
import { stackInventory } from "../../components/inventory";
import { TOP_CONTRIBUTORS } from "../../components/facts";
import { ContributorsReport } from "../../tools/ops/contributors";
import { violations } from "../../tools/ops/violations";
import { stackSettings } from "../harness";
import { harness, Harness, instantRetries, START, target } from "./fixture";

const dev = stackSettings("dev");
const logs = stackInventory(dev).detect.logs!;
const auth = logs.behaviors.find(b => b.metric === "aws:num-authorization-failures")!;

/** Each rule's report: gateway-0042 failed authorization 9 times in one period, sensor-7 twice. */
function serve(h: Harness): void {
    h.cloudwatch.on(GetInsightRuleReportCommand).callsFake(input => ({
        Contributors:
            input.RuleName === auth.ruleName
                ? [
                      {
                          Keys: ["gateway-0042"],
                          ApproximateAggregateValue: 11,
                          Datapoints: [{ ApproximateValue: 2 }, { ApproximateValue: 9 }],
                      },
                      {
                          Keys: ["sensor-7\u001b[2J"],
                          ApproximateAggregateValue: 2,
                          Datapoints: [{ ApproximateValue: 2 }],
                      },
                  ]
                : [],
    }));
}

describe("ops violations: top contributors on the logs engine", () => {
    instantRetries();

    it("reads each behaviour's rule over its last periods, on its own period", async () => {
        const h = harness();
        serve(h);
        assert.strictEqual(await violations(h.ctx, target(dev), { json: false }), 0);
        const calls = h.cloudwatch
            .commandCalls(GetInsightRuleReportCommand)
            .map(c => c.args[0].input);
        assert.deepStrictEqual(
            calls.map(c => c.RuleName),
            logs.behaviors.map(b => b.ruleName),
        );
        const [first] = calls;
        const periodMs = logs.behaviors[0].periodSeconds * 1000;
        const end = (Math.floor(START.getTime() / periodMs) + 1) * periodMs;
        assert.deepStrictEqual(first, {
            RuleName: logs.behaviors[0].ruleName,
            StartTime: new Date(end - 3 * periodMs),
            EndTime: new Date(end),
            Period: logs.behaviors[0].periodSeconds,
            MaxContributorCount: TOP_CONTRIBUTORS,
            OrderBy: "Maximum",
        });
        assert.strictEqual(h.iot.commandCalls(ListActiveViolationsCommand).length, 0);
    });

    it("prints per behaviour its contributors, peak, total and whether they breach; no terminal escapes", async () => {
        const h = harness();
        serve(h);
        await violations(h.ctx, target(dev), { json: false });
        const at = h.out.findIndex(l => l.startsWith(`${auth.behaviorName} (`));
        assert.match(
            h.out[at],
            new RegExp(
                `rule ${auth.ruleName}, alarm ${auth.comparisonOperator} ${auth.threshold} per 300s\\) .*: 2 contributors, 1 breaching$`,
            ),
        );
        assert.deepStrictEqual(
            h.out.slice(at + 1, at + 4).map(l => l.split(/\s{2,}/).filter(Boolean)),
            [
                ["CLIENT ID", "PEAK", "TOTAL", "BREACHING"],
                ["gateway-0042", "9", "11", "yes"],
                ["sensor-7?[2J", "2", "2", "no"],
            ],
        );
        assert.ok(
            h.out.some(l =>
                / ExcessiveMessages .*: no contributors$|^ExcessiveMessages .*: no contributors$/.test(
                    l,
                ),
            ),
        );
        assert.ok(!h.out.join("\n").includes("\u001b"));
    });

    it("gives the same as one JSON document with --json", async () => {
        const h = harness();
        serve(h);
        await violations(h.ctx, target(dev), { json: true });
        const report: ContributorsReport = JSON.parse(h.out.join("\n"));
        const rule = report.rules.find(r => r.rule === auth.ruleName)!;
        assert.deepStrictEqual(rule.contributors[0], {
            clientId: "gateway-0042",
            peak: 9,
            total: 11,
            breaching: true,
        });
        assert.strictEqual(report.rules.length, logs.behaviors.length);
    });

    it("refuses --profile on a logs engine stack, which has no security profiles", async () => {
        const h = harness();
        assert.strictEqual(await violations(h.ctx, target(dev), { json: false, profile: "x" }), 1);
        assert.match(h.err.join("\n"), /runs the logs engine, which has no security profiles/);
        assert.strictEqual(h.cloudwatch.calls().length + h.iot.calls().length, 0);
    });
});
