import { DYNAMIC_TYPES } from "../../components/facts";
import {
    alertsNotSuppressed,
    behaviorThresholds,
    mlBehaviors,
    mlConfidence,
    securityProfileAlertTarget,
    securityProfileAttached,
    behaviorCriteriaValid,
} from "../../policies/rules/detect";
import {
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    ROLE_ARN,
    TOPIC_ARN,
    UNKNOWN,
} from "./helpers";
import { checkOnServer } from "./onServer";
import * as assert from "assert";

const PROFILE = DYNAMIC_TYPES.SecurityProfile;
const TOPIC = "aws:sns/topic:Topic";

const rule = (
    name: string,
    metric: string,
    count: number,
    extra: Record<string, unknown> = {},
) => ({
    name,
    metric,
    criteria: {
        comparisonOperator: "greater-than",
        value: { count },
        durationSeconds: 300,
        ...extra,
    },
});
const ml = (
    name: string,
    metric: string,
    confidenceLevel = "HIGH",
    extra: Record<string, unknown> = {},
) => ({
    name,
    metric,
    criteria: {
        consecutiveDatapointsToAlarm: 1,
        consecutiveDatapointsToClear: 1,
        mlDetectionConfig: { confidenceLevel },
        ...extra,
    },
});

const profile = (over: Record<string, unknown> = {}) => ({
    region: "eu-west-1",
    securityProfileName: "prod-rules",
    behaviors: [
        rule("ExcessiveMessages", "aws:num-messages-sent", 50),
        ml("ml-sent", "aws:num-messages-sent"),
    ],
    alertTargets: { SNS: { alertTargetArn: TOPIC_ARN, roleArn: ROLE_ARN } },
    targets: ["arn:aws:iot:eu-west-1:123456789012:thinggroup/production-gateways"],
    ...over,
});

describe("policy iot-security-profile-sns-alert-target (mandatory)", () => {
    const p = securityProfileAlertTarget;
    it("passes a profile alerting an SNS topic through a role", async () =>
        assertPasses(await check(p, PROFILE, profile())));
    it("rejects a profile without alert targets", async () =>
        assertFails(
            await checkOnServer(p, PROFILE, profile({ alertTargets: undefined })),
            "no alertTargets",
        ));
    it("rejects an SNS target without a roleArn", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({ alertTargets: { SNS: { alertTargetArn: TOPIC_ARN } } }),
            ),
            "roleArn is missing",
        ));
    it("rejects a target that is not an SNS topic and a role that is not a role", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({
                    alertTargets: {
                        SNS: {
                            alertTargetArn: "arn:aws:sqs:eu-west-1:123456789012:q",
                            roleArn: "arn:aws:iam::123456789012:user/u",
                        },
                    },
                }),
            ),
            "is not an SNS topic ARN",
            "is not an IAM role ARN",
        ));
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, TOPIC, { name: "t" })));
    it("reports nothing while the alert targets are unknown (preview)", async () =>
        assertUnknownOnly(await check(p, PROFILE, profile({ alertTargets: UNKNOWN }))));
    it("counts a topic and role unknown until deploy as set: a new stack's preview runs the rule (known map, unknown ARNs)", async () =>
        assertPasses(
            await check(
                p,
                PROFILE,
                profile({ alertTargets: { SNS: { alertTargetArn: UNKNOWN, roleArn: UNKNOWN } } }),
            ),
        ));
    it("still rejects a missing role, or a malformed one, next to a topic unknown until deploy (preview)", async () => {
        assertFails(
            await check(
                p,
                PROFILE,
                profile({ alertTargets: { SNS: { alertTargetArn: UNKNOWN } } }),
            ),
            "alertTargets.SNS.roleArn is missing",
        );
        assertFails(
            await check(
                p,
                PROFILE,
                profile({
                    alertTargets: { SNS: { alertTargetArn: UNKNOWN, roleArn: "publisher" } },
                }),
            ),
            '"publisher" is not an IAM role ARN',
        );
    });
    it("names the resource when the profile's name is unknown, and still rejects the missing alert targets (preview)", async () => {
        const o = await check(
            p,
            PROFILE,
            profile({ alertTargets: undefined, securityProfileName: UNKNOWN }),
            { name: "detect-rules" },
        );
        assertFails(o, "security profile detect-rules has no alertTargets");
        assert.strictEqual(o.unknown, undefined, "a real violation, not a preview note");
    });
});

describe("policy iot-security-profile-attached (mandatory)", () => {
    const p = securityProfileAttached;
    it("passes a profile attached to a thing group", async () =>
        assertPasses(await check(p, PROFILE, profile())));
    it("passes a profile attached to all registered things", async () =>
        assertPasses(
            await check(
                p,
                PROFILE,
                profile({ targets: ["arn:aws:iot:eu-west-1:123456789012:all/registered-things"] }),
            ),
        ));
    it("rejects a profile attached to nothing", async () =>
        assertFails(
            await checkOnServer(p, PROFILE, profile({ targets: [] })),
            "attached to no target",
        ));
    it("rejects a profile without targets", async () =>
        assertFails(
            await check(p, PROFILE, profile({ targets: undefined })),
            "attached to no target",
        ));
    it("rejects a target that is not a target ARN", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({ targets: ["arn:aws:iot:eu-west-1:123456789012:thing/t1"] }),
            ),
            "not a security profile target ARN",
        ));
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, TOPIC, {})));
    it("reports nothing while a target ARN is unknown (preview)", async () =>
        assertUnknownOnly(await check(p, PROFILE, profile({ targets: [UNKNOWN] }))));
});

describe("policy iot-ml-behaviors-well-formed (mandatory)", () => {
    const p = mlBehaviors;
    it("passes ML behaviors with a confidence level and rule behaviors with an operator", async () =>
        assertPasses(await check(p, PROFILE, profile())));
    it("rejects an ML behavior that also sets a static threshold", async () =>
        assertFails(
            await checkOnServer(
                p,
                PROFILE,
                profile({
                    behaviors: [
                        ml("m", "aws:num-messages-sent", "HIGH", {
                            comparisonOperator: "greater-than",
                            value: { count: 5 },
                        }),
                    ],
                }),
            ),
            "must not set a static threshold (comparisonOperator, value)",
        ));
    it("rejects an ML behavior with a statistical threshold", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({
                    behaviors: [
                        ml("m", "aws:num-messages-sent", "HIGH", {
                            statisticalThreshold: { statistic: "p90" },
                        }),
                    ],
                }),
            ),
            "statisticalThreshold",
        ));
    it("rejects a behavior with neither a rule nor mlDetectionConfig", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({
                    behaviors: [
                        {
                            name: "m",
                            metric: "aws:num-disconnects",
                            criteria: { consecutiveDatapointsToAlarm: 1 },
                        },
                    ],
                }),
            ),
            "must carry mlDetectionConfig",
        ));
    it("rejects ML on a metric ML Detect does not support, and a bad confidence level", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({ behaviors: [ml("m", "aws:source-ip-address", "VERY_HIGH")] }),
            ),
            "not supported by ML Detect",
            "confidenceLevel must be one of",
        ));
    it('rejects the recipe\'s "ML" profile, whose behaviors have no criteria: it detects nothing', async () => {
        const recipeMlBehaviors = [
            { name: "MLMessagesReceived", metric: "aws:num-messages-received" },
            { name: "MLMessagesSent", metric: "aws:num-messages-sent" },
            { name: "MLConnectionAttempts", metric: "aws:num-connection-attempts" },
            { name: "MLDisconnects", metric: "aws:num-disconnects" },
        ];
        const o = await check(
            p,
            PROFILE,
            profile({ securityProfileName: "recipe-ML", behaviors: recipeMlBehaviors }),
        );
        assert.deepStrictEqual(
            o.violations.map(v => v.message),
            [
                "security profile recipe-ML detects nothing: none of its behaviors has criteria (MLMessagesReceived (behaviors[0]), MLMessagesSent (behaviors[1]), " +
                    "MLConnectionAttempts (behaviors[2]), MLDisconnects (behaviors[3])), so each only retains its metric; " +
                    "give them criteria.mlDetectionConfig.confidenceLevel (ML Detect) or a static rule (comparisonOperator and value)",
            ],
        );
    });
    it("passes a behavior without criteria (metric retention) next to behaviors that detect", async () =>
        assertPasses(
            await check(
                p,
                PROFILE,
                profile({
                    behaviors: [
                        { name: "retain", metric: "aws:num-disconnects" },
                        ml("ml-sent", "aws:num-messages-sent"),
                    ],
                }),
            ),
        ));
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, TOPIC, {})));
    it("reports nothing while a behavior is unknown (preview)", async () =>
        assertUnknownOnly(await check(p, PROFILE, profile({ behaviors: [UNKNOWN] }))));
    it("reports nothing while the only criteria that could detect are unknown (preview)", async () =>
        assertUnknownOnly(
            await check(
                p,
                PROFILE,
                profile({
                    behaviors: [
                        { name: "retain", metric: "aws:num-disconnects" },
                        { name: "x", metric: "aws:num-messages-sent", criteria: UNKNOWN },
                    ],
                }),
            ),
        ));
});

describe("policy iot-behavior-thresholds (advisory)", () => {
    const p = behaviorThresholds;
    it("passes thresholds within the limits", async () =>
        assertPasses(await check(p, PROFILE, profile())));
    it("flags a count threshold above maxCount", async () =>
        assertFails(
            await checkOnServer(
                p,
                PROFILE,
                profile({ behaviors: [rule("Loose", "aws:num-messages-sent", 500)] }),
            ),
            "looser than the maximum 100",
        ));
    it("takes a tighter maxCount from config (prod)", async () =>
        assertFails(
            await check(p, PROFILE, profile(), { config: { maxCount: 10 } }),
            "looser than the maximum 10",
        ));
    it("uses maxCountByMetric for byte sizes", async () => {
        assertPasses(
            await check(
                p,
                PROFILE,
                profile({ behaviors: [rule("Big", "aws:message-byte-size", 1024)] }),
            ),
        );
        assertFails(
            await check(
                p,
                PROFILE,
                profile({ behaviors: [rule("Big", "aws:message-byte-size", 1024)] }),
                { config: { maxCountByMetric: { "aws:message-byte-size": 512 } } },
            ),
            "looser than the maximum 512",
        );
    });
    it("ignores lower-bound rules", async () =>
        assertPasses(
            await check(
                p,
                PROFILE,
                profile({
                    behaviors: [
                        rule("Quiet", "aws:num-messages-sent", 500, {
                            comparisonOperator: "less-than",
                        }),
                    ],
                }),
            ),
        ));
    it("flags consecutiveDatapointsToAlarm above the maximum", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({
                    behaviors: [
                        rule("Slow", "aws:num-messages-sent", 5, {
                            consecutiveDatapointsToAlarm: 5,
                        }),
                    ],
                }),
            ),
            "consecutiveDatapointsToAlarm 5",
        ));
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, TOPIC, {})));
    it("reports nothing while a threshold is unknown (preview)", async () =>
        assertUnknownOnly(
            await check(
                p,
                PROFILE,
                profile({
                    behaviors: [{ name: "x", metric: "aws:num-messages-sent", criteria: UNKNOWN }],
                }),
            ),
        ));
});

describe("policy iot-ml-confidence (advisory)", () => {
    const p = mlConfidence;
    it("passes MEDIUM and HIGH by default", async () =>
        assertPasses(
            await check(
                p,
                PROFILE,
                profile({ behaviors: [ml("a", "aws:num-disconnects", "MEDIUM")] }),
            ),
        ));
    it("flags LOW confidence", async () =>
        assertFails(
            await checkOnServer(
                p,
                PROFILE,
                profile({ behaviors: [ml("a", "aws:num-disconnects", "LOW")] }),
            ),
            "uses confidence LOW, below MEDIUM",
        ));
    it("flags MEDIUM when prod asks for HIGH", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({ behaviors: [ml("a", "aws:num-disconnects", "MEDIUM")] }),
                { config: { minConfidence: "HIGH" } },
            ),
            "below HIGH",
        ));
    it("does not apply to a profile without ML behaviors", async () =>
        assertNotApplicable(
            await check(
                p,
                PROFILE,
                profile({ behaviors: [rule("r", "aws:num-messages-sent", 5)] }),
            ),
        ));
    it("reports nothing while the ML config is unknown (preview)", async () =>
        assertUnknownOnly(
            await check(
                p,
                PROFILE,
                profile({
                    behaviors: [
                        {
                            name: "a",
                            metric: "aws:num-disconnects",
                            criteria: { mlDetectionConfig: UNKNOWN },
                        },
                    ],
                }),
            ),
        ));
});

describe("policy iot-behavior-alerts-not-suppressed (advisory)", () => {
    const p = alertsNotSuppressed;
    it("passes behaviors that alert", async () =>
        assertPasses(
            await check(
                p,
                PROFILE,
                profile({
                    behaviors: [
                        { ...rule("r", "aws:num-messages-sent", 5), suppressAlerts: false },
                    ],
                }),
            ),
        ));
    it("flags suppressAlerts: true", async () =>
        assertFails(
            await checkOnServer(
                p,
                PROFILE,
                profile({
                    behaviors: [{ ...rule("r", "aws:num-messages-sent", 5), suppressAlerts: true }],
                }),
            ),
            "behavior r suppresses its alerts",
        ));
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, TOPIC, {})));
    it("reports nothing while suppressAlerts is unknown (preview)", async () =>
        assertUnknownOnly(
            await check(
                p,
                PROFILE,
                profile({
                    behaviors: [
                        { ...rule("r", "aws:num-messages-sent", 5), suppressAlerts: UNKNOWN },
                    ],
                }),
            ),
        ));
});

describe("policy iot-behavior-criteria-valid (mandatory)", () => {
    const p = behaviorCriteriaValid;
    const behavior = (criteria: Record<string, unknown>) => ({
        behaviors: [{ name: "b", metric: "aws:num-messages-sent", criteria }],
    });
    it("rejects a duration outside the allowed set and datapoints outside 1-10", async () => {
        assertFails(
            await checkOnServer(p, PROFILE, behavior({ durationSeconds: 120 })),
            "durationSeconds 120 is not one of 300, 600, 900, 1800, 3600",
        );
        assertFails(
            await check(p, PROFILE, behavior({ consecutiveDatapointsToClear: 11 })),
            "consecutiveDatapointsToClear 11",
        );
    });
    it("passes allowed values and behaviors without criteria", async () => {
        assertPasses(
            await check(
                p,
                PROFILE,
                behavior({ durationSeconds: 900, consecutiveDatapointsToAlarm: 2 }),
            ),
        );
        assertPasses(
            await check(p, PROFILE, { behaviors: [{ name: "m", metric: "aws:num-disconnects" }] }),
        );
    });
});
