/**
 * Behavior rules: ML behaviors are well formed and every behavior's criteria valid (mandatory);
 * advisory checks on how sensitive the behaviors are.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
    behaviorProblems,
    CONFIDENCE_LEVELS,
    ConfidenceLevel,
    CONSECUTIVE_DATAPOINTS,
    DURATION_SECONDS,
    STATIC_CRITERIA,
} from "../../components/facts";
import { configOf, forTypes, isObject, schemaWithDefaults } from "./common";
import { behaviors, PROFILE, profileName } from "./profiles";

export const mlBehaviors: ResourceValidationPolicy = {
    name: "iot-ml-behaviors-well-formed",
    description:
        "ML Detect behaviors carry criteria.mlDetectionConfig with a confidence level, on an ML-capable metric, and no static threshold (comparisonOperator, value, statisticalThreshold, durationSeconds); every behavior with criteria is either a rule or ML; a profile whose behaviors all lack criteria (they only retain metrics) detects nothing and is rejected.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forTypes(PROFILE, (props, args, report) => {
        const all = behaviors(props);
        const retainOnly = all.filter(b => !b.criteria);
        // A behavior without criteria only retains its metric: fine next to behaviors that detect, but
        // a profile of such behaviors alone (the recipe's "ML" profile) detects nothing.
        if (all.length > 0 && retainOnly.length === all.length) {
            report(
                `security profile ${profileName(props, args.name)} detects nothing: none of its behaviors has criteria (${retainOnly.map(b => `${b.name} (${b.at})`).join(", ")}), so each only retains its metric; give them criteria.mlDetectionConfig.confidenceLevel (ML Detect) or a static rule (comparisonOperator and value)`,
            );
        }
        for (const b of all) {
            const c = b.criteria;
            if (!c) continue;
            const ml = c.mlDetectionConfig;
            if (ml === undefined || ml === null) {
                if (c.comparisonOperator === undefined && c.statisticalThreshold === undefined) {
                    report(
                        `behavior ${b.name} (${b.at}) has neither a static rule (comparisonOperator) nor criteria.mlDetectionConfig: an ML behavior must carry mlDetectionConfig`,
                    );
                }
                continue;
            }
            const problems = behaviorProblems({
                metric: b.metric ?? "",
                ml: true,
                confidenceLevel: isObject(ml) ? ml.confidenceLevel : undefined,
                statics: STATIC_CRITERIA.filter(f => c[f] !== undefined),
                values: [],
                hasDuration: c.durationSeconds !== undefined,
                hasDimension: false,
            });
            for (const p of problems) {
                if (p.on !== "ml") continue;
                if (p.code === "confidence")
                    report(
                        `behavior ${b.name}: mlDetectionConfig.confidenceLevel must be one of ${p.allowed.join(", ")}`,
                    );
                else if (p.code === "static")
                    report(
                        `ML behavior ${b.name} must not set a static threshold (${p.fields.join(", ")})`,
                    );
                else
                    report(
                        `ML behavior ${b.name}: metric ${b.metric} is not supported by ML Detect`,
                    );
            }
        }
    }),
};

export const behaviorCriteriaValid: ResourceValidationPolicy = {
    name: "iot-behavior-criteria-valid",
    description: `Behavior criteria use values Device Defender accepts: durationSeconds one of ${DURATION_SECONDS.join(", ")}, consecutiveDatapointsToAlarm and consecutiveDatapointsToClear integers ${CONSECUTIVE_DATAPOINTS.min}-${CONSECUTIVE_DATAPOINTS.max}. The config and the provider check them too; this is the last line for a stack that bypasses them.`,
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forTypes(PROFILE, (props, _args, report) => {
        const { min, max } = CONSECUTIVE_DATAPOINTS;
        for (const b of behaviors(props)) {
            const c = b.criteria;
            if (!c) continue;
            if (
                c.durationSeconds !== undefined &&
                !(DURATION_SECONDS as readonly unknown[]).includes(c.durationSeconds)
            )
                report(
                    `behavior ${b.name} (${b.at}): durationSeconds ${JSON.stringify(c.durationSeconds)} is not one of ${DURATION_SECONDS.join(", ")}`,
                );
            for (const k of ["consecutiveDatapointsToAlarm", "consecutiveDatapointsToClear"]) {
                const v = c[k];
                if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max))
                    report(
                        `behavior ${b.name} (${b.at}): ${k} ${JSON.stringify(v)} is not an integer ${min}-${max}`,
                    );
            }
        }
    }),
};

// ---------------------------------------------------------------------------------------------
// Advisory

const THRESHOLD_DEFAULTS = {
    /** Largest `value.count` an upper-bound (greater-than) rule may use. */
    maxCount: 100,
    /** Per-metric overrides of maxCount (e.g. byte sizes). 131072 bytes is the largest MQTT message AWS IoT accepts. */
    maxCountByMetric: { "aws:message-byte-size": 131072 } as Record<string, number>,
    /** Largest consecutiveDatapointsToAlarm before a violation is raised. */
    maxConsecutiveDatapointsToAlarm: 3,
};

export const behaviorThresholds: ResourceValidationPolicy = {
    name: "iot-behavior-thresholds",
    description:
        "Rule behaviors are not too loose: upper-bound count thresholds at most maxCount (or maxCountByMetric[metric]) and consecutiveDatapointsToAlarm at most maxConsecutiveDatapointsToAlarm.",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: schemaWithDefaults(THRESHOLD_DEFAULTS, {
        maxCount: { type: "integer", minimum: 0 },
        maxCountByMetric: { type: "object", additionalProperties: { type: "integer", minimum: 0 } },
        maxConsecutiveDatapointsToAlarm: {
            type: "integer",
            minimum: CONSECUTIVE_DATAPOINTS.min,
            maximum: CONSECUTIVE_DATAPOINTS.max,
        },
    }),
    validateResource: forTypes(PROFILE, (props, args, report) => {
        const cfg = configOf(args, THRESHOLD_DEFAULTS);
        for (const b of behaviors(props)) {
            const c = b.criteria;
            if (!c) continue;
            const op = c.comparisonOperator;
            const count = isObject(c.value) ? c.value.count : undefined;
            if (
                typeof count === "number" &&
                (op === "greater-than" || op === "greater-than-equals")
            ) {
                const max =
                    (b.metric !== undefined ? cfg.maxCountByMetric?.[b.metric] : undefined) ??
                    cfg.maxCount;
                if (count > max)
                    report(
                        `behavior ${b.name}: ${b.metric} ${op} ${count} is looser than the maximum ${max}`,
                    );
            }
            const dp = c.consecutiveDatapointsToAlarm;
            if (typeof dp === "number" && dp > cfg.maxConsecutiveDatapointsToAlarm) {
                report(
                    `behavior ${b.name}: consecutiveDatapointsToAlarm ${dp} delays alerts beyond ${cfg.maxConsecutiveDatapointsToAlarm} datapoints`,
                );
            }
        }
    }),
};

const CONFIDENCE_DEFAULTS = { minConfidence: "MEDIUM" as ConfidenceLevel };

export const mlConfidence: ResourceValidationPolicy = {
    name: "iot-ml-confidence",
    description:
        "ML Detect behaviors use at least minConfidence (LOW raises the most false alarms).",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: schemaWithDefaults(CONFIDENCE_DEFAULTS, {
        minConfidence: { type: "string", enum: [...CONFIDENCE_LEVELS] },
    }),
    validateResource: forTypes(PROFILE, (props, args, report) => {
        const { minConfidence } = configOf(args, CONFIDENCE_DEFAULTS);
        const ml = behaviors(props).filter(b => isObject(b.criteria?.mlDetectionConfig));
        if (ml.length === 0) args.notApplicable("no ML Detect behaviors");
        const rank = (l: unknown) => CONFIDENCE_LEVELS.indexOf(l as ConfidenceLevel);
        for (const b of ml) {
            const level = b.criteria!.mlDetectionConfig.confidenceLevel;
            if (rank(level) >= 0 && rank(level) < rank(minConfidence)) {
                report(`ML behavior ${b.name} uses confidence ${level}, below ${minConfidence}`);
            }
        }
    }),
};

export const alertsNotSuppressed: ResourceValidationPolicy = {
    name: "iot-behavior-alerts-not-suppressed",
    description:
        "No behavior sets suppressAlerts: true (its violations would be recorded but never sent to the alert target).",
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: forTypes(PROFILE, (props, _args, report) => {
        for (const b of behaviors(props)) {
            if (b.suppressAlerts === true)
                report(`behavior ${b.name} suppresses its alerts (suppressAlerts: true)`);
        }
    }),
};

export const behaviorPolicies = [
    mlBehaviors,
    behaviorCriteriaValid,
    behaviorThresholds,
    mlConfidence,
    alertsNotSuppressed,
];
