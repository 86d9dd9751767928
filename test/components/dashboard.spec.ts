import * as assert from "assert";
import { AUDIT_WIDGET_START, Dashboard } from "../../components/dashboard";
import { CLOUDWATCH } from "../../components/facts";
import { Json, OfflineEngine, readOutput } from "../harness";

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
});
