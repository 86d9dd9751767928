/**
 * The logs engine's rules: every Contributor Insights rule has an alarm that tells the stack's
 * topic; IoT logging is not DEBUG; a role IoT logs with writes only to AWSIotLogsV2.
 */
import * as assert from "assert";
import { DYNAMIC_TYPES, insightRuleMetric } from "../../components/facts";
import {
    insightRulesAlarmed,
    iotLoggingNotDebug,
    iotLoggingRoleScoped,
} from "../../policies/rules/logs";
import { allPolicies } from "../../policies/rules";
import { readPackConfig, resolvePolicies } from "../../tools/offline/policyConfig";
import {
    ACCOUNT,
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    checkStack,
    policyDoc,
    REGION,
    StackResource,
    TOPIC_ARN,
    trustPolicy,
    UNKNOWN,
} from "./helpers";
import { checkOnServer, checkStackOnServer } from "./onServer";

const RULE = "iot-defender-dev-AuthorizationFailures";
const topic: StackResource = {
    type: "aws:sns/topic:Topic",
    name: "alerts",
    props: { name: "alerts", arn: TOPIC_ARN },
};
const insightRule = (ruleName: unknown = RULE): StackResource => ({
    type: "aws:cloudwatch/contributorInsightRule:ContributorInsightRule",
    name: "rule",
    props: { ruleName, ruleState: "ENABLED", ruleDefinition: "{}" },
});
const alarm = (over: Record<string, unknown> = {}, rule = RULE): StackResource => ({
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    name: "alarm",
    props: {
        metricQueries: [{ id: "top", expression: insightRuleMetric(rule), period: 300 }],
        threshold: 5,
        comparisonOperator: "GreaterThanThreshold",
        alarmActions: [TOPIC_ARN],
        ...over,
    },
});

describe("policy logs-insight-rules-alarmed (mandatory)", () => {
    const p = insightRulesAlarmed;
    it("passes a rule read by an alarm that notifies the stack's topic", async () =>
        assertPasses(await checkStackOnServer(p, [topic, insightRule(), alarm()])));
    it("rejects a rule no alarm reads", async () =>
        assertFails(
            await checkStackOnServer(p, [topic, insightRule(), alarm({}, "another-rule")]),
            `Contributor Insights rule ${RULE} is read by no alarm`,
        ));
    it("rejects a rule whose alarms tell no topic of the stack, or have actions disabled", async () => {
        const elsewhere = `arn:aws:sns:${REGION}:${ACCOUNT}:someone-else`;
        assertFails(
            await checkStack(p, [topic, insightRule(), alarm({ alarmActions: [elsewhere] })]),
            "notifies an SNS topic of the stack",
        );
        assertFails(
            await checkStack(p, [topic, insightRule(), alarm({ actionsEnabled: false })]),
            "notifies an SNS topic of the stack",
        );
        assertFails(
            await checkStack(p, [topic, insightRule(), alarm({ alarmActions: [] })]),
            "notifies an SNS topic of the stack",
        );
    });
    it("waits for the topic's ARN in preview rather than guessing", async () =>
        assertUnknownOnly(
            await checkStack(p, [
                { ...topic, props: { name: "alerts", arn: UNKNOWN } },
                insightRule(),
                alarm({ alarmActions: [UNKNOWN] }),
            ]),
        ));
    it("does not apply without Contributor Insights rules", async () =>
        assertNotApplicable(await checkStack(p, [topic, alarm()])));
});

const logging = (defaultLogLevel: unknown) => ({
    region: REGION,
    accountId: ACCOUNT,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/logging`,
    defaultLogLevel,
});
const enableLogging = (logLevel: string) => ({
    region: REGION,
    actionName: "enable-iot-logging",
    roleArn: `arn:aws:iam::${ACCOUNT}:role/action`,
    actionParams: {
        enableIoTLoggingParams: {
            roleArnForLogging: `arn:aws:iam::${ACCOUNT}:role/logging`,
            logLevel,
        },
    },
});

describe("policy iot-logging-not-debug (mandatory in prod, advisory in dev)", () => {
    const p = iotLoggingNotDebug;
    it("passes ERROR and INFO logging", async () => {
        assertPasses(await checkOnServer(p, DYNAMIC_TYPES.V2LoggingOptions, logging("ERROR")));
        assertPasses(await check(p, DYNAMIC_TYPES.V2LoggingOptions, logging("INFO")));
    });
    it("rejects DEBUG logging, from the logging setting or an enable-iot-logging action", async () => {
        assertFails(
            await checkOnServer(p, DYNAMIC_TYPES.V2LoggingOptions, logging("DEBUG")),
            "defaultLogLevel is DEBUG",
        );
        assertFails(
            await check(p, DYNAMIC_TYPES.MitigationAction, enableLogging("DEBUG")),
            "actionParams.enableIoTLoggingParams.logLevel is DEBUG",
        );
    });
    it("does not apply to a mitigation action that sets no log level", async () =>
        assertNotApplicable(
            await check(p, DYNAMIC_TYPES.MitigationAction, {
                actionName: "q",
                actionParams: { addThingsToThingGroupParams: { thingGroupNames: ["q"] } },
            }),
        ));
    it("is mandatory in prod's pack config and advisory in dev's", () => {
        const level = (stack: string) =>
            resolvePolicies(
                allPolicies,
                readPackConfig(`policies/policy-config.${stack}.json`),
            ).find(r => r.name === p.name)?.level;
        assert.deepStrictEqual([level("prod"), level("dev")], ["mandatory", "advisory"]);
    });
});

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/logging`;
const IOT_LOGS = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:AWSIotLogsV2:*`;
const loggingRole: StackResource = {
    type: "aws:iam/role:Role",
    name: "logging-role",
    props: { name: "logging", id: "logging", arn: ROLE_ARN, assumeRolePolicy: trustPolicy() },
};
const rolePolicy = (...statements: Record<string, unknown>[]): StackResource => ({
    type: "aws:iam/rolePolicy:RolePolicy",
    name: "logging-policy",
    props: { role: "logging", policy: policyDoc(...statements) },
});
const singleton: StackResource = {
    type: DYNAMIC_TYPES.V2LoggingOptions,
    name: "logging",
    props: logging("ERROR"),
};
const write = (
    Resource: unknown,
    Action: unknown = ["logs:CreateLogStream", "logs:PutLogEvents"],
) => ({
    Effect: "Allow",
    Action,
    Resource,
});

describe("policy iot-logging-role-scoped (mandatory)", () => {
    const p = iotLoggingRoleScoped;
    it("passes a logging role that writes only to AWSIotLogsV2", async () =>
        assertPasses(
            await checkStackOnServer(p, [singleton, loggingRole, rolePolicy(write(IOT_LOGS))]),
        ));
    it("rejects a logging role that may write to any log group", async () =>
        assertFails(
            await checkStackOnServer(p, [
                singleton,
                loggingRole,
                rolePolicy(write(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`)),
            ]),
            `allows writing to arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*: only the AWSIotLogsV2 log group`,
        ));
    it("rejects other services' actions, and the same on the enable-iot-logging action's role", async () => {
        const action: StackResource = {
            type: DYNAMIC_TYPES.MitigationAction,
            name: "enable-logging",
            props: enableLogging("ERROR"),
        };
        assertFails(
            await checkStack(p, [action, loggingRole, rolePolicy(write("*", ["s3:PutObject"]))]),
            "allows s3:PutObject: IoT logging needs only logs: actions",
            "allows writing to *: only the AWSIotLogsV2 log group",
        );
    });
    it("does not apply where nothing sets IoT logging", async () =>
        assertNotApplicable(await checkStack(p, [loggingRole, rolePolicy(write(IOT_LOGS))])));
});
