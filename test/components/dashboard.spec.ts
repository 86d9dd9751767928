import * as assert from "assert";
import { AUDIT_WIDGET_START, Dashboard } from "../../components/dashboard";
import { CLOUDWATCH, TOP_CONTRIBUTORS } from "../../components/facts";
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
            sections: [
                {
                    region: "eu-west-1",
                    securityProfileNames: ["rules", "ml"],
                    scheduledAuditNames: [],
                    alarmArns,
                },
            ],
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
            sections: [
                {
                    region: "eu-west-1",
                    securityProfileNames: [],
                    scheduledAuditNames: ["weekly", "monthly"],
                    alarmArns,
                },
            ],
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
            sections: [
                {
                    region: "eu-west-1",
                    securityProfileNames: ["rules"],
                    scheduledAuditNames: ["weekly"],
                    alarmArns,
                },
            ],
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
            sections: [
                {
                    region: "eu-west-1",
                    securityProfileNames: [],
                    scheduledAuditNames: ["weekly"],
                    alarmArns: [],
                },
            ],
        });
        assert.deepStrictEqual(
            body.widgets.map((w: Json) => w.properties.title),
            ["Audit: non-compliant resources per check"],
        );
    });

    it("gives each region a section under its header, every widget reading its own region, none overlapping", async () => {
        const section = (region: string) => ({
            region,
            securityProfileNames: ["rules"],
            scheduledAuditNames: ["weekly"],
            alarmArns: [`arn:aws:cloudwatch:${region}:123456789012:alarm:a`],
        });
        const body = await dashboardBody({
            dashboardName: "d",
            sections: [section("eu-west-1"), section("us-east-1")],
        });
        assert.deepStrictEqual(
            body.widgets.map((w: Json) => w.type),
            ["text", "metric", "metric", "alarm", "text", "metric", "metric", "alarm"],
        );
        assert.deepStrictEqual(
            body.widgets
                .filter((w: Json) => w.type === "text")
                .map((w: Json) => w.properties.markdown),
            ["## eu-west-1", "## us-east-1"],
        );
        const [eu, us] = [body.widgets.slice(1, 4), body.widgets.slice(5)];
        for (const w of eu) assert.strictEqual(w.properties.region, "eu-west-1");
        for (const w of us) assert.strictEqual(w.properties.region, "us-east-1");
        assert.match(us[0].properties.title, /^us-east-1: /);
        // No two widgets share a cell of the grid.
        const cells = body.widgets.flatMap((w: Json) =>
            Array.from({ length: w.height }, (_, dy) =>
                Array.from({ length: w.width }, (_, dx) => `${w.x + dx},${w.y + dy}`),
            ).flat(),
        );
        assert.strictEqual(new Set(cells).size, cells.length);
    });

    it("refuses a region given two sections", () => {
        const section = {
            region: "eu-west-1",
            securityProfileNames: [],
            scheduledAuditNames: [],
            alarmArns: [],
        };
        assert.throws(
            () => new Dashboard("twice", { dashboardName: "d", sections: [section, section] }),
            /each region once.*"eu-west-1","eu-west-1"/,
        );
    });

    it("on the logs engine: a Contributor Insights widget per behaviour's rule, IoT Core's fleet metrics and traffic", async () => {
        const body = await dashboardBody({
            dashboardName: "d",
            sections: [
                {
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
                    fleetMetrics: ["Connect.AuthError", "RuleMessageThrottled"],
                    iotCoreTraffic: true,
                    alarmArns,
                },
            ],
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
            /errors and throttles/.test(w.properties.title),
        );
        assert.deepStrictEqual(fleet.properties.metrics, [
            [
                {
                    id: "f0",
                    expression: 'SELECT SUM("Connect.AuthError") FROM "AWS/IoT"',
                    label: "Connect.AuthError",
                },
            ],
            [
                {
                    id: "f1",
                    expression: 'SELECT SUM("RuleMessageThrottled") FROM "AWS/IoT"',
                    label: "RuleMessageThrottled",
                },
            ],
        ]);
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
        assert.ok(
            body.widgets.some((w: Json) =>
                /IoT Core: errors and throttles/.test(w.properties.title),
            ),
        );
    });

    it("in the prod stack (Device Defender engine) graphs the fleet alarms' metrics, not the logs engine's traffic", async () => {
        const prod = await buildOffline("prod");
        const [dashboard] = prod.engine.ofType("aws:cloudwatch/dashboard:Dashboard");
        const body = JSON.parse(dashboard.inputs.dashboardBody);
        const fleet = body.widgets.find((w: Json) =>
            /errors and throttles/.test(w.properties.title),
        );
        assert.deepStrictEqual(
            fleet.properties.metrics.map(([q]: Json[]) => q.label),
            stackInventory(prod.settings).fleetAlarms!.alarms.map(a => a.metric),
        );
        assert.ok(
            !body.widgets.some((w: Json) => /messages and connections/.test(w.properties.title)),
        );
    });
});
