/**
 * What the `logs` Detect engine deploys, by name: its behaviour plans (rule, alarm, size rule), and
 * every alarm with what it watches, for the stack inventory.
 */
import { RegionSettings } from "../config/load";
import { LogsBehaviorPlan, logsBehaviorPlans } from "./logsBehaviors";
import { IOT_CORE_METRICS } from "../facts";
import { LogsNames, logsNames } from "./logsNames";
import type { AlarmSpec } from "./index";

export interface LogsDetectInventory {
    readonly names: LogsNames;
    /** One plan per behaviour, in the settings' order. */
    readonly behaviors: readonly LogsBehaviorPlan[];
    /** Behaviour alarms, then the anomaly alarms (when enabled). */
    readonly alarms: readonly AlarmSpec[];
}

/**
 * A behaviour alarm watches no namespace: its metric-math expression is
 * `INSIGHT_RULE_METRIC('<rule>', ...)`, which the spec gives as namespace and metric.
 */
const INSIGHT_FUNCTION = "INSIGHT_RULE_METRIC";

export function logsDetectInventory(s: RegionSettings, baseName: string): LogsDetectInventory {
    const names = logsNames(baseName);
    const { rules } = s.detect;
    const behaviors = logsBehaviorPlans(rules.enabled ? rules.behaviors : [], names);
    const iot = (name: string, metric: string, dimensions: Record<string, string> = {}) => ({
        name,
        namespace: IOT_CORE_METRICS.namespace,
        metric,
        dimensions,
    });
    return {
        names,
        behaviors,
        alarms: [
            ...behaviors.map(b => ({
                name: b.alarmName,
                namespace: INSIGHT_FUNCTION,
                metric: b.ruleName,
                dimensions: {},
            })),
            ...(s.detect.logs.anomalyDetection.enabled
                ? (
                      Object.entries(IOT_CORE_METRICS.anomaly) as [
                          keyof typeof IOT_CORE_METRICS.anomaly,
                          string,
                      ][]
                  ).map(([kind, m]) =>
                      iot(names.anomalyAlarm(kind), m, {
                          [IOT_CORE_METRICS.protocolDimension]: IOT_CORE_METRICS.protocol,
                      }),
                  )
                : []),
        ],
    };
}
