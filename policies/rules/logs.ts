/**
 * Rules of the `logs` Detect engine: every Contributor Insights rule is watched by an alarm that
 * tells the stack's alert topic (a rule nobody alarms on detects nothing); IoT logging is not left
 * at DEBUG (cost, and device data in logs); a role AWS IoT logs with may write only to the
 * AWSIotLogsV2 log group.
 */
import type {
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { DYNAMIC_TYPES, IOT_V2_LOGGING, ruleOfInsightMetric } from "../../components/facts";
import { findRole, roleDocuments } from "./stackResources";
import {
    actionsOf,
    asArray,
    AWS,
    configOf,
    forTypes,
    isAllow,
    isObject,
    nonEmptyString,
    ofType,
    resourcesOf,
    schemaWithDefaults,
    statementsWithUnknownArns,
    Unknowns,
} from "./common";

/** The rule names an alarm's metric-math expressions read (INSIGHT_RULE_METRIC). */
function rulesRead(alarm: PolicyResource, unknowns: Unknowns): string[] {
    const queries = asArray(unknowns.get(() => alarm.props.metricQueries));
    return queries.flatMap(q => {
        const e = unknowns.get(() => (isObject(q) ? q.expression : undefined));
        const rule = typeof e === "string" ? ruleOfInsightMetric(e) : undefined;
        return rule ? [rule] : [];
    });
}

export const insightRulesAlarmed: StackValidationPolicy = {
    name: "logs-insight-rules-alarmed",
    description:
        "Every CloudWatch Contributor Insights rule of the stack is read by an alarm (INSIGHT_RULE_METRIC in its metric math) whose alarm actions, enabled, include an SNS topic of the stack: a rule no alarm reads, or an alarm that tells no one, detects nothing.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const rules = ofType(args.resources, AWS.ContributorInsightRule);
        if (rules.length === 0) args.notApplicable("no Contributor Insights rules in the stack");
        const unknowns = new Unknowns();
        const topics = ofType(args.resources, AWS.Topic)
            .map(t => unknowns.get(() => t.props.arn))
            .filter(nonEmptyString);
        const alarms = ofType(args.resources, AWS.MetricAlarm);
        for (const rule of rules) {
            const name = unknowns.get(() => rule.props.ruleName);
            if (!nonEmptyString(name)) continue;
            const reading = alarms.filter(a => rulesRead(a, unknowns).includes(name));
            if (reading.length === 0) {
                unknowns.violation(
                    report,
                    `Contributor Insights rule ${name} is read by no alarm: add a MetricAlarm on INSIGHT_RULE_METRIC('${name}', ...) that notifies the alert topic`,
                    rule.urn,
                );
                continue;
            }
            const tells = reading.some(
                a =>
                    unknowns.get(() => a.props.actionsEnabled) !== false &&
                    asArray(unknowns.get(() => a.props.alarmActions)).some(
                        action => typeof action === "string" && topics.includes(action),
                    ),
            );
            if (!tells)
                unknowns.violation(
                    report,
                    `no alarm on Contributor Insights rule ${name} (${reading.map(a => a.name).join(", ")}) notifies an SNS topic of the stack: its alarms would change state without telling anyone`,
                    rule.urn,
                );
        }
        unknowns.rethrow();
    },
};

const DEBUG_DEFAULTS = { forbiddenLevels: ["DEBUG"] };

/** The IoT log level a resource sets, and where: the logging singleton, or an enable-iot-logging action. */
function logLevelOf(type: string, props: Record<string, unknown>): [string, unknown] | undefined {
    if (type === DYNAMIC_TYPES.V2LoggingOptions) return ["defaultLogLevel", props.defaultLogLevel];
    const params = isObject(props.actionParams) ? props.actionParams : undefined;
    const logging =
        params && isObject(params.enableIoTLoggingParams)
            ? params.enableIoTLoggingParams
            : undefined;
    return logging ? ["actionParams.enableIoTLoggingParams.logLevel", logging.logLevel] : undefined;
}

export const iotLoggingNotDebug: ResourceValidationPolicy = {
    name: "iot-logging-not-debug",
    description: `AWS IoT logging is not set to ${DEBUG_DEFAULTS.forbiddenLevels.join(", ")} (forbiddenLevels), by the logs engine's logging setting or an enable-iot-logging mitigation action: DEBUG logs every message of every device, which costs CloudWatch Logs ingestion per byte and keeps device data in the logs. Mandatory in prod's pack config; advisory in dev's, where debugging a fleet for a while is legitimate.`,
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: schemaWithDefaults(DEBUG_DEFAULTS, {
        forbiddenLevels: {
            type: "array",
            items: { type: "string", enum: [...IOT_V2_LOGGING.levels] },
        },
    }),
    validateResource: forTypes(
        [DYNAMIC_TYPES.V2LoggingOptions, DYNAMIC_TYPES.MitigationAction],
        (props, args, report) => {
            const level = logLevelOf(args.type, props);
            if (!level) return args.notApplicable("sets no IoT log level");
            const { forbiddenLevels } = configOf(args, DEBUG_DEFAULTS);
            if (typeof level[1] === "string" && forbiddenLevels.includes(level[1]))
                report(
                    `${level[0]} is ${level[1]}: IoT would log every message of every device; use ${IOT_V2_LOGGING.stackLevels.filter(l => !forbiddenLevels.includes(l)).join(" or ")}`,
                );
        },
    ),
};

/** A log-group ARN of AWSIotLogsV2 (the group, or its streams). */
const IOT_LOG_GROUP_ARN = new RegExp(
    `^arn:[a-z-]+:logs:[a-z0-9-]+:\\d{12}:log-group:${IOT_V2_LOGGING.logGroupName}(:\\*)?$`,
);

/** The roles AWS IoT logs with: the logging singleton's and each enable-iot-logging action's. */
function loggingRoleArns(resources: readonly PolicyResource[], unknowns: Unknowns): string[] {
    const arns = [
        ...ofType(resources, DYNAMIC_TYPES.V2LoggingOptions).map(r =>
            unknowns.get(() => r.props.roleArn),
        ),
        ...ofType(resources, DYNAMIC_TYPES.MitigationAction).map(r =>
            unknowns.get(() => r.props.actionParams?.enableIoTLoggingParams?.roleArnForLogging),
        ),
    ];
    return [...new Set(arns.filter(nonEmptyString))];
}

export const iotLoggingRoleScoped: StackValidationPolicy = {
    name: "iot-logging-role-scoped",
    description: `A role AWS IoT logs with (the logs engine's logging setting, an enable-iot-logging mitigation action) is allowed only CloudWatch Logs actions (logs:*), and only on the ${IOT_V2_LOGGING.logGroupName} log group (arn:...:log-group:${IOT_V2_LOGGING.logGroupName} or its :* streams): IoT needs nothing else, and a wider grant lets whoever controls the logging setting write anywhere the role can.`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const unknowns = new Unknowns();
        const arns = loggingRoleArns(args.resources, unknowns);
        if (arns.length === 0 && !unknowns.any) args.notApplicable("no role AWS IoT logs with");
        for (const arn of arns) {
            const role = findRole(args.resources, arn, unknowns);
            if (!role) continue; // a role outside the stack: its policies are not here to read
            for (const doc of roleDocuments(role, args.resources, unknowns))
                for (const s of unknowns.get(() => statementsWithUnknownArns(doc)) ?? []) {
                    if (!isAllow(s)) continue;
                    const actions = actionsOf(s).filter(a => !a.toLowerCase().startsWith("logs:"));
                    const resources = resourcesOf(s).filter(r => !IOT_LOG_GROUP_ARN.test(r));
                    const sid = s.Sid ? `statement ${s.Sid}` : "a statement";
                    if (actions.length > 0 || s.NotAction !== undefined)
                        unknowns.violation(
                            report,
                            `logging role ${role.name}: ${sid} allows ${actions.join(", ") || "NotAction"}: IoT logging needs only logs: actions`,
                            role.urn,
                        );
                    if (resources.length > 0 || s.NotResource !== undefined)
                        unknowns.violation(
                            report,
                            `logging role ${role.name}: ${sid} allows writing to ${resources.join(", ") || "NotResource"}: only the ${IOT_V2_LOGGING.logGroupName} log group`,
                            role.urn,
                        );
                }
        }
        unknowns.rethrow();
    },
};

export const logsPolicies = [insightRulesAlarmed, iotLoggingNotDebug, iotLoggingRoleScoped];
