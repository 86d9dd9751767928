/**
 * Settings -> Device Defender behaviors in the API's shape. Rule behaviors carry an operator and a
 * value (or a statistical threshold); ML behaviors carry `mlDetectionConfig` and no value, which is
 * what makes a profile an ML Detect profile (the original recipe's "ML" profile had neither).
 */
import type { Behavior, BehaviorCriteria, MetricToRetain, MetricValue } from "@aws-sdk/client-iot";
import { RuleBehavior } from "./config/schema";
import type { MetricToRetainSetting } from "./config/schema/profiles";
import { ConfidenceLevel } from "./facts";
import { names } from "./inventory/names";

export function ruleBehaviors(behaviors: readonly RuleBehavior[]): Behavior[] {
    return behaviors.map(b => {
        const criteria: BehaviorCriteria = { comparisonOperator: b.operator };
        if (b.statistic !== undefined) criteria.statisticalThreshold = { statistic: b.statistic };
        else criteria.value = metricValue(b);
        if (b.durationSeconds !== undefined) criteria.durationSeconds = b.durationSeconds;
        if (b.consecutiveDatapointsToAlarm !== undefined)
            criteria.consecutiveDatapointsToAlarm = b.consecutiveDatapointsToAlarm;
        if (b.consecutiveDatapointsToClear !== undefined)
            criteria.consecutiveDatapointsToClear = b.consecutiveDatapointsToClear;
        const behavior: Behavior = {
            name: b.name,
            metric: b.metric,
            criteria,
            suppressAlerts: b.suppressAlerts,
        };
        if (b.dimension)
            behavior.metricDimension = {
                dimensionName: b.dimension.name,
                operator: b.dimension.operator,
            };
        if (b.exportMetric !== undefined) behavior.exportMetric = b.exportMetric;
        return behavior;
    });
}

function metricValue(b: RuleBehavior): MetricValue {
    if (b.cidrs) return { cidrs: [...b.cidrs] };
    if (b.ports) return { ports: [...b.ports] };
    if (b.numbers) return { numbers: [...b.numbers] };
    if (b.strings) return { strings: [...b.strings] };
    // Built-in metrics compare whole counts; `number` custom metrics compare a double.
    return b.metric.startsWith("aws:") ? { count: b.threshold } : { number: b.threshold };
}

export interface MlBehaviorOptions {
    metrics: readonly string[];
    confidenceLevel: ConfidenceLevel;
    consecutiveDatapointsToAlarm: number;
    consecutiveDatapointsToClear: number;
}

/** One ML Detect behavior per metric, named after it (`ml-num-messages-sent`). */
export function mlBehaviors(options: MlBehaviorOptions): Behavior[] {
    return options.metrics.map(metric => ({
        name: names.mlBehavior(metric),
        metric,
        criteria: {
            mlDetectionConfig: { confidenceLevel: options.confidenceLevel },
            consecutiveDatapointsToAlarm: options.consecutiveDatapointsToAlarm,
            consecutiveDatapointsToClear: options.consecutiveDatapointsToClear,
        },
        suppressAlerts: false,
    }));
}

/** Metrics to retain in the API's shape (`additionalMetricsToRetainV2`). */
export function metricsToRetain(list: readonly MetricToRetainSetting[]): MetricToRetain[] {
    return list.map(m => ({
        metric: m.metric,
        ...(m.dimension
            ? {
                  metricDimension: {
                      dimensionName: m.dimension.name,
                      operator: m.dimension.operator,
                  },
              }
            : {}),
        ...(m.exportMetric ? { exportMetric: true } : {}),
    }));
}
