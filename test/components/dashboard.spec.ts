import * as assert from "assert";
import { AUDIT_WIDGET_START, Dashboard } from "../../components/dashboard";
import { CLOUDWATCH, IOT_CORE_METRICS, TOP_CONTRIBUTORS } from "../../components/facts";
import { stackInventory } from "../../components/inventory";
import { buildOffline, Json, OfflineEngine, readOutput } from "../harness";

async function dashboardBody(args: ConstructorParameters<typeof Dashboard>[1]): Promise<Json> {
    const engine = new OfflineEngine();
    await engine.install("iot-defender", "unit", { "aws:region": "eu-west-1" });
    const dashboard = new Dashboard("team-a", args);
    await readOutput(dashboard.dashboardArn);
    await engine.settle();
    const [resource] = engine.ofType("aws:cloudwatch/dashboard:Dashboard");
    assert.strictEqual(resource.inputs.dashboardName, args.dashboardName);
    return JSON.parse(resource.inputs.dashboardBody);
}

describe("Dashboard component, on its own", () => {
    const alarmArns = [
        "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a",
        "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:b",
    ];

    it("graphs Violations of every profile in AWS/IoT, per SecurityProfileName", async () => {
        const body = await dashboardBody({
            dashboardName: "d",
            region: "eu-west-1",
            securityProfileNames: ["rules", "ml"],
            scheduledAuditNames: [],
            alarmArns,
        });
        const violations = body.widgets.find((w: Json) => /violations/i.test(w.properties.title));
        assert.deepStrictEqual(violations.properties.metrics, [
            [CLOUDWATCH.namespace, "Violations", "SecurityProfileName", "rules"],
            [CLOUDWATCH.namespace, "Violations", "SecurityProfileName", "ml"],
        ]);
        assert.strictEqual(CLOUDWATCH.namespace, "AWS/IoT");
    });

    it("graphs non-compliant resources per check of the scheduled audits over the last two weeks", async () => {
        const body = await dashboardBody({
            dashboardName: "d",
            region: "eu-west-1",
            securityProfileNames: [],
            scheduledAuditNames: ["weekly", "monthly"],
            alarmArns,
        });
        const audit = body.widgets.find((w: Json) => /non-compliant/i.test(w.properties.title));
        assert.strictEqual(audit.properties.start, AUDIT_WIDGET_START);
        assert.strictEqual(AUDIT_WIDGET_START, "-P14D");
        const [[query]] = audit.properties.metrics;
        assert.match(
            query.expression,
            /^SELECT MAX\(NonCompliantResources\) FROM SCHEMA\("AWS\/IoT", CheckName, ScheduledAuditName\)/,
        );
        assert.match(
            query.expression,
            /WHERE ScheduledAuditName = 'weekly' OR ScheduledAuditName = 'monthly' GROUP BY CheckName$/,
        );
    });

    it("shows the state of every alarm, and lays the widgets out without overlap", async () => {
        const body = await dashboardBody({
            dashboardName: "d",
            region: "eu-west-1",
            securityProfileNames: ["rules"],
            scheduledAuditNames: ["weekly"],
            alarmArns,
        });
        assert.deepStrictEqual(
            body.widgets.map((w: Json) => w.type),
            ["metric", "metric", "alarm"],
        );
        assert.deepStrictEqual(body.widgets[2].properties.alarms, alarmArns);
        const cells = body.widgets.map((w: Json) => `${w.x},${w.y}`);
        assert.strictEqual(new Set(cells).size, cells.length);
    });

    it("leaves out the widgets it has nothing for (audit-only: no Violations graph)", async () => {
        const body = await dashboardBody({
            dashboardName: "d",
            region: "eu-west-1",
            securityProfileNames: [],
            scheduledAuditNames: ["weekly"],
            alarmArns: [],
        });
        assert.deepStrictEqual(
            body.widgets.map((w: Json) => w.properties.title),
            ["Audit: non-compliant resources per check"],
        );
    });

    it("on the logs engine: a Contributor Insights widget per behaviour's rule, and IoT Core's fleet metrics", async () => {
        const body = await dashboardBody({
            dashboardName: "d",
            region: "eu-west-1",
            securityProfileNames: [],
            scheduledAuditNames: [],
            insightRules: [
                {
                    behaviorName: "AuthorizationFailures",
                    ruleName: "d-AuthFail",
                    periodSeconds: 300,
                },
                { behaviorName: "Disconnects", ruleName: "d-Disc", periodSeconds: 900 },
            ],
            iotCoreMetrics: true,
            alarmArns,
        });
        const insights = body.widgets.filter((w: Json) => w.properties.insightRule);
        assert.deepStrictEqual(
            insights.map((w: Json) => [w.properties.insightRule, w.properties.period]),
            [
                [
                    {
                        ruleName: "d-AuthFail",
                        maxContributorCount: TOP_CONTRIBUTORS,
                        orderBy: "Sum",
                    },
                    300,
                ],
                [
                    { ruleName: "d-Disc", maxContributorCount: TOP_CONTRIBUTORS, orderBy: "Sum" },
                    900,
                ],
            ],
        );
        const fleet = body.widgets.find((w: Json) =>
            /auth errors and throttles/.test(w.properties.title),
        );
        assert.deepStrictEqual(
            fleet.properties.metrics.map(([q]: Json[]) => q.expression),
            IOT_CORE_METRICS.fleet.map(m => `SELECT SUM("${m}") FROM "AWS/IoT"`),
        );
        const traffic = body.widgets.find((w: Json) =>
            /messages and connections/.test(w.properties.title),
        );
        assert.deepStrictEqual(traffic.properties.metrics, [
            ["AWS/IoT", "PublishIn.Success", "Protocol", "MQTT"],
            ["AWS/IoT", "Connect.Success", "Protocol", "MQTT"],
        ]);
        const cells = body.widgets.map((w: Json) => `${w.x},${w.y}`);
        assert.strictEqual(new Set(cells).size, cells.length);
    });

    it("in the dev stack (logs engine) shows every rule of the inventory", async () => {
        const dev = await buildOffline("dev");
        const [dashboard] = dev.engine.ofType("aws:cloudwatch/dashboard:Dashboard");
        const body = JSON.parse(dashboard.inputs.dashboardBody);
        assert.deepStrictEqual(
            body.widgets
                .filter((w: Json) => w.properties.insightRule)
                .map((w: Json) => w.properties.insightRule.ruleName),
            stackInventory(dev.settings).detect.logs!.behaviors.map(b => b.ruleName),
        );
        assert.ok(body.widgets.some((w: Json) => /IoT Core: auth errors/.test(w.properties.title)));
    });
});
