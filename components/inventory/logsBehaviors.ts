/**
 * Settings -> what the `logs` engine deploys per behaviour: a Contributor Insights rule keyed on the
 * client ID and filtered on the events the metric counts, an alarm on the rule's top contributor
 * (`INSIGHT_RULE_METRIC(rule, 'MaxContributorValue')`), and, for message size, the IoT rule that
 * writes oversized messages. Pure data: the component, the responder's settings, ops and the
 * policy pack read the same plans.
 */
import { RuleBehavior } from "../config/schema";
import {
    CONTRIBUTOR_INSIGHTS,
    IOT_LOG_ENTRY,
    IOT_V2_LOGGING,
    insightRuleMetric,
    LOGS_ALARM_OPERATORS,
    LOGS_DEFAULT_PERIOD_SECONDS,
    LOGS_METRICS,
    LogSource,
    SIZE_BEHAVIOR_FIELD,
    sizeRuleSql,
} from "../facts";
import { LogsNames } from "./logsNames";

/** A Contributor Insights rule body in the documented syntax. */
export interface InsightRuleDefinition {
    Schema: { Name: string; Version: number };
    LogGroupNames: string[];
    LogFormat: string;
    Contribution: { Keys: string[]; Filters: { Match: string; In: string[] }[] };
    AggregateOn: string;
}

export interface LogsBehaviorPlan {
    behaviorName: string;
    metric: string;
    ruleName: string;
    alarmName: string;
    definition: InsightRuleDefinition;
    /** The alarm's metric-math expression (names the rule). */
    expression: string;
    periodSeconds: number;
    /** Datapoints that must breach, out of as many periods. */
    datapointsToAlarm: number;
    threshold: number;
    comparisonOperator: string;
    /** The message-size IoT rule (name and SQL), for per-message metrics. */
    sizeRule?: { ruleName: string; sql: string };
}

/** One plan per behaviour; the config has already rejected what the engine cannot observe. */
export function logsBehaviorPlans(
    behaviors: readonly RuleBehavior[],
    names: LogsNames,
): LogsBehaviorPlan[] {
    return behaviors.map(b => {
        const fact = LOGS_METRICS[b.metric];
        if (!fact)
            throw new Error(`the logs engine cannot observe ${b.metric} (behaviour ${b.name})`);
        const ruleName = names.insightRule(b.name);
        const logGroups = (source: LogSource) =>
            source === "iot-logs" ? IOT_V2_LOGGING.logGroupName : names.eventsLogGroup;
        const filters = fact.filters.map(f => ({ Match: f.Match, In: [...f.In] }));
        const perMessage = fact.threshold === "per-message";
        if (perMessage) filters.push({ Match: SIZE_BEHAVIOR_FIELD, In: [b.name] });
        const datapoints = b.consecutiveDatapointsToAlarm ?? 1;
        return {
            behaviorName: b.name,
            metric: b.metric,
            ruleName,
            alarmName: names.behaviorAlarm(b.name),
            definition: {
                Schema: { ...CONTRIBUTOR_INSIGHTS.schema },
                LogGroupNames: [...new Set(fact.sources.map(logGroups))],
                LogFormat: CONTRIBUTOR_INSIGHTS.logFormat,
                Contribution: { Keys: [IOT_LOG_ENTRY.fields.clientId], Filters: filters },
                AggregateOn: CONTRIBUTOR_INSIGHTS.aggregateOn,
            },
            expression: insightRuleMetric(ruleName),
            periodSeconds: b.durationSeconds ?? LOGS_DEFAULT_PERIOD_SECONDS,
            datapointsToAlarm: datapoints,
            // Per message: the size rule writes only the messages past the threshold, so any one alarms.
            threshold: perMessage ? 0 : b.threshold!,
            comparisonOperator: perMessage
                ? LOGS_ALARM_OPERATORS["greater-than"]
                : LOGS_ALARM_OPERATORS[b.operator],
            ...(perMessage
                ? {
                      sizeRule: {
                          ruleName: names.sizeRule(b.name),
                          sql: sizeRuleSql(b.name, b.operator, b.threshold!),
                      },
                  }
                : {}),
        };
    });
}
