/**
 * FleetAlarms: alarms on IoT Core's own fleet metrics (auth errors, throttles, rule failures), each
 * on the metric summed over the whole fleet and notifying the alert topic, for either Detect
 * engine. The one owner of these alarms: they were the logs engine's until both engines had them,
 * and keep their physical names and, through aliases, their identity in stacks that had them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmRef } from "./alarms";
import { FLEET_METRICS, METRICS_INSIGHTS_ALARM_WINDOW_SECONDS } from "./facts";
import { FleetAlarmSpec } from "./inventory";

/** Where the logs engine created these alarms: its component's type and logical name. */
export interface FormerParent {
    readonly type: string;
    readonly name: string;
}

export interface FleetAlarmsArgs {
    /** One alarm each (see `fleetAlarmsInventory`): name, query, threshold, period, evaluation periods. */
    alarms: readonly FleetAlarmSpec[];
    /** Alert topic every alarm notifies (alarm and OK). */
    topicArn: pulumi.Input<string>;
    /**
     * The logs engine's component, in stacks where the alarms were its children (`<name>-fleet-<metric>`):
     * each alarm aliases that URN, so existing stacks move it instead of replacing it.
     */
    formerParent?: FormerParent;
}

export class FleetAlarms extends pulumi.ComponentResource {
    /** Every alarm, by name, in the args' order. */
    public readonly alarms: readonly AlarmRef[];

    constructor(name: string, args: FleetAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iot-defender:fleetAlarms:FleetAlarms", name, args, opts);
        const names = args.alarms.map(a => a.name);
        if (args.alarms.length === 0 || new Set(names).size !== names.length)
            throw new Error(
                `FleetAlarms ${name}: alarms must name each alarm once, at least one; got ${JSON.stringify(names)}`,
            );
        for (const a of args.alarms) {
            if (!(a.metric in FLEET_METRICS))
                throw new Error(
                    `FleetAlarms ${name}: alarm ${a.name} watches ${a.metric}, not an IoT Core fleet metric; allowed: ${Object.keys(FLEET_METRICS).join(", ")}`,
                );
            const problem = settingsProblem(a);
            if (problem) throw new Error(`FleetAlarms ${name}: alarm ${a.name} ${problem}`);
        }
        this.alarms = args.alarms.map(a => {
            const alarm = new aws.cloudwatch.MetricAlarm(
                `${name}-${a.metric}`,
                {
                    name: a.name,
                    alarmDescription: `IoT Core ${a.metric} across the fleet`,
                    metricQueries: [
                        {
                            id: "fleet",
                            expression: a.query,
                            period: a.periodSeconds,
                            label: a.metric,
                            returnData: true,
                        },
                    ],
                    evaluationPeriods: a.evaluationPeriods,
                    threshold: a.threshold,
                    comparisonOperator: a.comparisonOperator,
                    // No datapoint means nothing went wrong.
                    treatMissingData: "notBreaching",
                    alarmActions: [args.topicArn],
                    okActions: [args.topicArn],
                },
                {
                    parent: this,
                    aliases: args.formerParent ? [formerUrn(args.formerParent, a.metric)] : [],
                },
            );
            return { name: a.name, arn: alarm.arn };
        });
        this.registerOutputs({ alarmArns: this.alarms.map(a => a.arn) });
    }
}

/**
 * What CloudWatch would refuse in an alarm's settings (the config refuses the same, with its keys):
 * a threshold that is not a finite number, a period that is not a multiple of 60, evaluation
 * periods that are not a whole number ≥ 1, or periods past what a Metrics Insights alarm evaluates.
 */
function settingsProblem(a: FleetAlarmSpec): string | undefined {
    const window = METRICS_INSIGHTS_ALARM_WINDOW_SECONDS;
    if (!Number.isFinite(a.threshold))
        return `has threshold ${a.threshold}; allowed: a finite number`;
    if (!Number.isInteger(a.periodSeconds) || a.periodSeconds < 60 || a.periodSeconds % 60 !== 0)
        return `has periodSeconds ${a.periodSeconds}; allowed: a multiple of 60 from 60 to ${window}`;
    if (!Number.isInteger(a.evaluationPeriods) || a.evaluationPeriods < 1)
        return `has evaluationPeriods ${a.evaluationPeriods}; allowed: a whole number ≥ 1`;
    if (a.periodSeconds * a.evaluationPeriods > window)
        return `looks back ${a.periodSeconds * a.evaluationPeriods} s (periodSeconds ${a.periodSeconds} × evaluationPeriods ${a.evaluationPeriods}); allowed: at most ${window} s, the 3 hours an alarm on a Metrics Insights query evaluates`;
    return undefined;
}

/** The URN the alarm on `metric` had as the logs engine's child. */
export function formerUrn(parent: FormerParent, metric: string): pulumi.Output<string> {
    return pulumi.createUrn(
        `${parent.name}-fleet-${metric}`,
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        pulumi.createUrn(parent.name, parent.type),
    );
}
