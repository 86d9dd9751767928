/**
 * A CloudWatch dashboard: violations per profile (Device Defender engine), the top contributors
 * of each behaviour's Contributor Insights rule and IoT Core's fleet metrics (logs engine),
 * non-compliant resources per check, alarm states.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { nonCompliantQuery } from "./alarms";
import { CLOUDWATCH, fleetMetricQuery, IOT_CORE_METRICS, TOP_CONTRIBUTORS } from "./facts";

/** Relative start of the audit widget's time range (Metrics Insights graphs at most two weeks). */
export const AUDIT_WIDGET_START = "-P14D";

export interface DashboardArgs {
    dashboardName: string;
    region: string;
    /** Security profiles whose Violations are graphed. */
    securityProfileNames: string[];
    /** Scheduled audits whose NonCompliantResources are graphed per check. */
    scheduledAuditNames: string[];
    /** Logs engine: one Contributor Insights widget per behaviour's rule. */
    insightRules?: readonly { behaviorName: string; ruleName: string; periodSeconds: number }[];
    /** Logs engine: graph IoT Core's fleet metrics (auth errors, throttles, messages, connections). */
    iotCoreMetrics?: boolean;
    /** Alarms whose state is shown. */
    alarmArns: pulumi.Input<string>[];
}

export class Dashboard extends pulumi.ComponentResource {
    public readonly dashboardArn: pulumi.Output<string>;

    constructor(name: string, args: DashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iot-defender:dashboard:Dashboard", name, args, opts);
        const widgets: unknown[] = [];
        const width = 12,
            height = 6;
        const place = (i: number) => ({
            x: (i % 2) * width,
            y: Math.floor(i / 2) * height,
            width,
            height,
        });
        if (args.securityProfileNames.length > 0) {
            widgets.push({
                type: "metric",
                properties: {
                    title: "Detect: violations per security profile",
                    region: args.region,
                    stat: "Sum",
                    period: CLOUDWATCH.detectPeriodSeconds,
                    view: "timeSeries",
                    metrics: args.securityProfileNames.map(p => [
                        CLOUDWATCH.namespace,
                        CLOUDWATCH.metrics.violations,
                        CLOUDWATCH.dimensions.securityProfileName,
                        p,
                    ]),
                },
            });
        }
        // A rule's top contributors, as the console's Contributor Insights widget is written.
        for (const rule of args.insightRules ?? [])
            widgets.push({
                type: "metric",
                properties: {
                    title: `Top clients: ${rule.behaviorName} (${rule.ruleName})`,
                    region: args.region,
                    insightRule: {
                        ruleName: rule.ruleName,
                        maxContributorCount: TOP_CONTRIBUTORS,
                        orderBy: "Sum",
                    },
                    period: rule.periodSeconds,
                    view: "timeSeries",
                    legend: { position: "right" },
                },
            });
        if (args.iotCoreMetrics) widgets.push(...iotCoreWidgets(args.region));
        if (args.scheduledAuditNames.length > 0) {
            widgets.push({
                type: "metric",
                properties: {
                    title: "Audit: non-compliant resources per check",
                    // Audits run daily to monthly: the dashboard's default 3 hours would mostly show nothing.
                    // Two weeks is the longest range Metrics Insights queries can graph.
                    region: args.region,
                    period: 86400,
                    view: "bar",
                    start: AUDIT_WIDGET_START,
                    metrics: [
                        [
                            {
                                id: "perCheck",
                                expression: nonCompliantQuery(
                                    args.scheduledAuditNames,
                                    "MAX",
                                    true,
                                ),
                                label: "",
                            },
                        ],
                    ],
                },
            });
        }
        const body = pulumi.all(args.alarmArns).apply(alarms =>
            JSON.stringify({
                widgets: [
                    ...widgets,
                    ...(alarms.length > 0
                        ? [{ type: "alarm", properties: { title: "Alarm states", alarms } }]
                        : []),
                ].map((w, i) => ({ ...(w as object), ...place(i) })),
            }),
        );
        const dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: args.dashboardName,
                dashboardBody: body,
            },
            { parent: this },
        );
        this.dashboardArn = dashboard.dashboardArn;
        this.registerOutputs({ dashboardArn: this.dashboardArn });
    }
}

/** IoT Core's fleet metrics the logs engine alarms on: errors and throttles summed, traffic (MQTT). */
function iotCoreWidgets(region: string): unknown[] {
    return [
        {
            type: "metric",
            properties: {
                title: "IoT Core: auth errors and throttles (fleet)",
                region,
                period: CLOUDWATCH.detectPeriodSeconds,
                view: "timeSeries",
                metrics: IOT_CORE_METRICS.fleet.map((metric, i) => [
                    { id: `f${i}`, expression: fleetMetricQuery(metric), label: metric },
                ]),
            },
        },
        {
            type: "metric",
            properties: {
                title: `IoT Core: messages and connections (${IOT_CORE_METRICS.protocol})`,
                region,
                stat: "Sum",
                period: CLOUDWATCH.detectPeriodSeconds,
                view: "timeSeries",
                metrics: Object.values(IOT_CORE_METRICS.anomaly).map(metric => [
                    IOT_CORE_METRICS.namespace,
                    metric,
                    IOT_CORE_METRICS.protocolDimension,
                    IOT_CORE_METRICS.protocol,
                ]),
            },
        },
    ];
}
