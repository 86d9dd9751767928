/**
 * A CloudWatch dashboard: violations per profile (Device Defender engine), the top contributors
 * of each behaviour's Contributor Insights rule (logs engine), IoT Core's fleet metrics (either
 * engine) and traffic (logs engine), non-compliant resources per check, alarm states; a section
 * per region of the stack.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { nonCompliantQuery } from "./alarms";
import { CLOUDWATCH, fleetMetricQuery, IOT_CORE_METRICS, TOP_CONTRIBUTORS } from "./facts";

/** Relative start of the audit widget's time range (Metrics Insights graphs at most two weeks). */
export const AUDIT_WIDGET_START = "-P14D";

/** One region's part of the dashboard: every widget in it reads that region's metrics. */
export interface DashboardSection {
    region: string;
    /** Security profiles whose Violations are graphed. */
    securityProfileNames: string[];
    /** Scheduled audits whose NonCompliantResources are graphed per check. */
    scheduledAuditNames: string[];
    /** Logs engine: one Contributor Insights widget per behaviour's rule. */
    insightRules?: readonly { behaviorName: string; ruleName: string; periodSeconds: number }[];
    /** IoT Core fleet metrics graphed summed over the fleet: those the fleet alarms watch. */
    fleetMetrics?: readonly string[];
    /** Logs engine: graph IoT Core's messages and connections (what its anomaly bands watch). */
    iotCoreTraffic?: boolean;
    /** Alarms whose state is shown. */
    alarmArns: pulumi.Input<string>[];
}

export interface DashboardArgs {
    /** Account-wide: one dashboard per stack, in the home region. */
    dashboardName: string;
    /** A section per region of the stack, in order; titles name the region when there are several. */
    sections: DashboardSection[];
}

export class Dashboard extends pulumi.ComponentResource {
    public readonly dashboardArn: pulumi.Output<string>;

    constructor(name: string, args: DashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iot-defender:dashboard:Dashboard", name, args, opts);
        const regions = args.sections.map(s => s.region);
        if (regions.length === 0 || new Set(regions).size !== regions.length)
            throw new Error(
                `Dashboard ${name}: sections must name each region once, at least one; got ${JSON.stringify(regions)}`,
            );
        const several = args.sections.length > 1;
        const body = pulumi
            .all(args.sections.map(s => pulumi.all(s.alarmArns)))
            .apply(alarmsBySection =>
                JSON.stringify({
                    widgets: layout(
                        args.sections.map((section, i) => ({
                            region: section.region,
                            widgets: sectionWidgets(section, alarmsBySection[i], several),
                        })),
                        several,
                    ),
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

const WIDTH = 12,
    HEIGHT = 6;

/**
 * A region's widgets: Detect violations, audit findings per check, alarm states; each reads its
 * region's metrics.
 */
function sectionWidgets(
    section: DashboardSection,
    alarms: string[],
    several: boolean,
): Record<string, unknown>[] {
    const { region } = section;
    const title = (text: string) => (several ? `${region}: ${text}` : text);
    const widgets: Record<string, unknown>[] = [];
    if (section.securityProfileNames.length > 0) {
        widgets.push({
            type: "metric",
            properties: {
                title: title("Detect: violations per security profile"),
                region,
                stat: "Sum",
                period: CLOUDWATCH.detectPeriodSeconds,
                view: "timeSeries",
                metrics: section.securityProfileNames.map(p => [
                    CLOUDWATCH.namespace,
                    CLOUDWATCH.metrics.violations,
                    CLOUDWATCH.dimensions.securityProfileName,
                    p,
                ]),
            },
        });
    }
    // A rule's top contributors, as the console's Contributor Insights widget is written.
    for (const rule of section.insightRules ?? [])
        widgets.push({
            type: "metric",
            properties: {
                title: title(`Top clients: ${rule.behaviorName} (${rule.ruleName})`),
                region,
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
    if (section.fleetMetrics?.length)
        widgets.push(fleetWidget(region, title, section.fleetMetrics));
    if (section.iotCoreTraffic) widgets.push(trafficWidget(region, title));
    if (section.scheduledAuditNames.length > 0) {
        widgets.push({
            type: "metric",
            properties: {
                title: title("Audit: non-compliant resources per check"),
                // Audits run daily to monthly: the dashboard's default 3 hours would mostly show nothing.
                // Two weeks is the longest range Metrics Insights queries can graph.
                region,
                period: 86400,
                view: "bar",
                start: AUDIT_WIDGET_START,
                metrics: [
                    [
                        {
                            id: "perCheck",
                            expression: nonCompliantQuery(section.scheduledAuditNames, "MAX", true),
                            label: "",
                        },
                    ],
                ],
            },
        });
    }
    if (alarms.length > 0)
        widgets.push({
            type: "alarm",
            properties: { title: title("Alarm states"), ...(several ? { region } : {}), alarms },
        });
    return widgets;
}

/**
 * Places the widgets two to a row, section after section; with several regions each section
 * starts on a new row, below a header (a text widget across the grid) naming its region.
 */
function layout(
    sections: { region: string; widgets: Record<string, unknown>[] }[],
    several: boolean,
): Record<string, unknown>[] {
    const placed: Record<string, unknown>[] = [];
    let top = 0;
    for (const { region, widgets } of sections) {
        if (several) {
            placed.push({
                type: "text",
                x: 0,
                y: top,
                width: 2 * WIDTH,
                height: 1,
                properties: { markdown: `## ${region}` },
            });
            top += 1;
        }
        widgets.forEach((w, i) =>
            placed.push({
                ...w,
                x: (i % 2) * WIDTH,
                y: top + Math.floor(i / 2) * HEIGHT,
                width: WIDTH,
                height: HEIGHT,
            }),
        );
        top += Math.ceil(widgets.length / 2) * HEIGHT;
    }
    return placed;
}

/** IoT Core's fleet metrics, each summed over every dimension (as the fleet alarms read them). */
function fleetWidget(
    region: string,
    title: (text: string) => string,
    metrics: readonly string[],
): Record<string, unknown> {
    return {
        type: "metric",
        properties: {
            title: title("IoT Core: errors and throttles (fleet)"),
            region,
            period: CLOUDWATCH.detectPeriodSeconds,
            view: "timeSeries",
            metrics: metrics.map((metric, i) => [
                { id: `f${i}`, expression: fleetMetricQuery(metric), label: metric },
            ]),
        },
    };
}

/** IoT Core's messages and connections (MQTT): what the logs engine's anomaly bands watch. */
function trafficWidget(region: string, title: (text: string) => string): Record<string, unknown> {
    return {
        type: "metric",
        properties: {
            title: title(`IoT Core: messages and connections (${IOT_CORE_METRICS.protocol})`),
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
    };
}
