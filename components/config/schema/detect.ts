/** Behaviour monitoring: the `detect` section, for either engine. */
import { z } from "zod";
import {
    behaviorProblems,
    CONFIDENCE_LEVELS,
    CUSTOM_METRIC_TYPES,
    DESCRIPTION_MAX,
    LIMITS,
    METRICS,
    ML_METRIC_NAMES,
} from "../../facts";
import { ruleIssues } from "../behaviorRules";
import {
    DEFAULT_DETECT_ENGINE,
    DETECT_ENGINES,
    logsEngineIssues,
    logsSettings,
} from "../logsEngine";
import {
    customMetric,
    DEFAULT_ML_METRICS,
    DEFAULT_RULE_BEHAVIORS,
    dimension,
    ruleBehavior,
    targets,
} from "./behaviors";
import { alarm, COUNT_MAX, datapoints, duplicates, printable } from "./fields";

export const detect = z
    .strictObject({
        /** Behaviour monitoring on; false gives an audit-only stack. */
        enabled: z.boolean().default(true),
        /** `logs` (IoT Core logs, every account) or `device-defender` (Detect: accounts onboarded before 31 Aug 2026). */
        engine: z.enum(DETECT_ENGINES).default(DEFAULT_DETECT_ENGINE),
        /** The logs engine's own settings (see components/config/logsEngine.ts). */
        logs: logsSettings.prefault({}),
        targets: targets.prefault({ allThings: "registered-things" }),
        customMetrics: z.array(customMetric).default([]),
        dimensions: z.array(dimension).max(LIMITS.dimensions).default([]),
        rules: z
            .strictObject({
                enabled: z.boolean().default(true),
                description: printable(DESCRIPTION_MAX).default(
                    "Rule-based Device Defender behaviors",
                ),
                behaviors: z
                    .array(ruleBehavior)
                    .min(1)
                    .max(LIMITS.behaviorsPerProfile)
                    .prefault(DEFAULT_RULE_BEHAVIORS),
            })
            .prefault({}),
        ml: z
            .strictObject({
                enabled: z.boolean().default(true),
                /** HIGH = least sensitive, fewest alarms. */
                confidenceLevel: z.enum(CONFIDENCE_LEVELS).default("HIGH"),
                /** ML-capable metrics (built-in, or declared `number` custom metrics). */
                metrics: z
                    .array(z.string())
                    .min(1)
                    .max(LIMITS.behaviorsPerProfile)
                    .default(DEFAULT_ML_METRICS),
                consecutiveDatapointsToAlarm: datapoints.default(1),
                consecutiveDatapointsToClear: datapoints.default(1),
            })
            .prefault({}),
        /** Alarm on Violations per profile. */
        alarm: alarm.prefault({}),
    })
    .superRefine((d, ctx) => {
        if (d.enabled && d.engine === "logs")
            for (const issue of logsEngineIssues({
                behaviors: d.rules.behaviors,
                logs: d.logs,
                customMetrics: d.customMetrics,
                dimensions: d.dimensions,
                thingGroups: d.targets.thingGroups,
            }))
                ctx.addIssue({ code: "custom", ...issue });
        const dimensions = new Set(d.dimensions.map(x => x.name));
        const customKinds = new Map(
            d.customMetrics.map(m => [m.name, CUSTOM_METRIC_TYPES[m.type]] as const),
        );
        d.rules.behaviors.forEach((b, i) => {
            const at = (...p: (string | number)[]) => ["rules", "behaviors", i, ...p];
            // The rules of a behavior are the facts'; formats and declarations are the config's.
            const issues = ruleIssues(b, customKinds);
            for (const { path, input, message } of issues)
                ctx.addIssue({ code: "custom", path: at(...path), input, message });
            if (issues.some(x => x.path[0] === "metric")) return;
            const kind = METRICS[b.metric]?.valueKind ?? customKinds.get(b.metric);
            if (
                kind === "count" &&
                b.threshold !== undefined &&
                !(Number.isInteger(b.threshold) && b.threshold <= COUNT_MAX)
            ) {
                ctx.addIssue({
                    code: "custom",
                    path: at("threshold"),
                    input: b.threshold,
                    message: `must be a whole number from 0 to ${COUNT_MAX} for ${b.metric} (a count)`,
                });
            }
            if (b.dimension && !dimensions.has(b.dimension.name)) {
                ctx.addIssue({
                    code: "custom",
                    path: at("dimension", "name"),
                    input: b.dimension.name,
                    message: `is not declared under detect.dimensions; declared: ${[...dimensions].join(", ") || "none"}`,
                });
            }
        });
        duplicates(d.rules.behaviors.map(b => b.name)).forEach(n =>
            ctx.addIssue({
                code: "custom",
                path: ["rules", "behaviors"],
                input: n,
                message: `has two behaviors named ${n}`,
            }),
        );
        const mlAllowed = ML_METRIC_NAMES.concat(
            d.customMetrics.filter(m => m.type === "number").map(m => m.name),
        );
        d.ml.metrics.forEach((m, i) => {
            const problems = behaviorProblems({
                metric: m,
                customMetrics: customKinds,
                ml: true,
                confidenceLevel: d.ml.confidenceLevel,
                values: [],
                hasDuration: false,
                hasDimension: false,
            });
            if (problems.some(p => p.on === "metric" || (p.on === "ml" && p.code === "metric"))) {
                ctx.addIssue({
                    code: "custom",
                    path: ["ml", "metrics", i],
                    input: m,
                    message: `is not supported by ML Detect; allowed: ${mlAllowed.join(", ")}`,
                });
            }
        });
        duplicates(d.ml.metrics).forEach(m =>
            ctx.addIssue({
                code: "custom",
                path: ["ml", "metrics"],
                input: m,
                message: `lists ${m} twice`,
            }),
        );
        duplicates(d.customMetrics.map(m => m.name)).forEach(m =>
            ctx.addIssue({
                code: "custom",
                path: ["customMetrics"],
                input: m,
                message: `declares ${m} twice`,
            }),
        );
        duplicates(d.dimensions.map(x => x.name)).forEach(m =>
            ctx.addIssue({
                code: "custom",
                path: ["dimensions"],
                input: m,
                message: `declares ${m} twice`,
            }),
        );
        if (d.enabled && !d.rules.enabled && !d.ml.enabled) {
            ctx.addIssue({
                code: "custom",
                path: ["enabled"],
                input: true,
                message:
                    "is true but both rules.enabled and ml.enabled are false; set detect.enabled: false for an audit-only stack",
            });
        }
    });
