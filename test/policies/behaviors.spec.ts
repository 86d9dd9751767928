import { DYNAMIC_TYPES } from "../../components/facts";
import {
    alertsNotSuppressed,
    behaviorThresholds,
    mlBehaviors,
    mlConfidence,
    behaviorCriteriaValid,
} from "../../policies/rules/behaviors";
import {
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    UNKNOWN,
} from "./helpers";
import { checkOnServer } from "./onServer";
import * as assert from "assert";
import { ml, profile, rule } from "./profiles";

const PROFILE = DYNAMIC_TYPES.SecurityProfile;
const TOPIC = "aws:sns/topic:Topic";

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
