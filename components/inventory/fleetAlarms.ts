/**
 * The IoT Core fleet alarms a region deploys, by name: one per enabled `fleetAlarms` metric, with
 * Detect on (either engine), each with what it watches and how it judges.
 */
import { RegionSettings } from "../config/load";
import { FLEET_METRIC_NAMES, FleetMetric, fleetMetricQuery, IOT_CORE_METRICS } from "../facts";
import type { AlarmSpec } from "./index";
import { names } from "./names";

/** Any count at or over the threshold in a period alarms. */
export const FLEET_ALARM_OPERATOR = "GreaterThanOrEqualToThreshold";

export interface FleetAlarmSpec extends AlarmSpec {
    readonly metric: FleetMetric;
    /** The Metrics Insights query the alarm reads: the metric summed over every dimension. */
    readonly query: string;
    readonly threshold: number;
    readonly periodSeconds: number;
    readonly evaluationPeriods: number;
    readonly comparisonOperator: typeof FLEET_ALARM_OPERATOR;
}

export interface FleetAlarmsInventory {
    /** In `FLEET_METRICS`' order. */
    readonly alarms: readonly FleetAlarmSpec[];
}

/** The region's fleet alarms; undefined when off, with Detect off, or with no metric enabled. */
export function fleetAlarmsInventory(s: RegionSettings): FleetAlarmsInventory | undefined {
    if (!s.fleetAlarms.enabled || !s.detect.enabled) return undefined;
    const alarms = FLEET_METRIC_NAMES.filter(m => s.fleetAlarms.metrics[m].enabled).map(
        (metric): FleetAlarmSpec => {
            const { threshold, periodSeconds, evaluationPeriods } = s.fleetAlarms.metrics[metric];
            return {
                name: names.fleetAlarm(s, metric),
                namespace: IOT_CORE_METRICS.namespace,
                metric,
                // Summed over every dimension by the query: the alarm narrows to none.
                dimensions: {},
                query: fleetMetricQuery(metric),
                threshold,
                periodSeconds,
                evaluationPeriods,
                comparisonOperator: FLEET_ALARM_OPERATOR,
            };
        },
    );
    return alarms.length > 0 ? { alarms } : undefined;
}
