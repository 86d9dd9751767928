/** Behaviour monitoring: the `detect` section, for either engine. */
import { z } from "zod";
import { DESCRIPTION_MAX, LIMITS } from "../../facts";
import {
    DEFAULT_DETECT_ENGINE,
    DETECT_ENGINES,
    logsEngineIssues,
    logsSettings,
} from "../logsEngine";
import {
    declared,
    Issue,
    logsProfileIssues,
    mlMetricIssues,
    profileSetIssues,
    retentionIssues,
    ruleBehaviorIssues,
} from "../profileChecks";
import { DEFAULT_RULES_DESCRIPTION, profileSettings } from "../profiles";
import {
    customMetric,
    DEFAULT_RULE_BEHAVIORS,
    dimension,
    ruleBehavior,
    targets,
} from "./behaviors";
import { alarm, duplicates, printable } from "./fields";
import { mlDetect, namedProfile, retention } from "./profiles";

export const detect = z
    .strictObject({
        /** Behaviour monitoring on; false gives an audit-only stack. */
        enabled: z.boolean().default(true),
        /** `logs` (IoT Core logs, every account) or `device-defender` (Detect: accounts onboarded before 31 Aug 2026). */
        engine: z.enum(DETECT_ENGINES).default(DEFAULT_DETECT_ENGINE),
        /** The logs engine's own settings (see components/config/logsEngine.ts). */
        logs: logsSettings.prefault({}),
        /** Where the short form's profiles (`rules`, `ml`) are attached. */
        targets: targets.prefault({ allThings: "registered-things" }),
        customMetrics: z.array(customMetric).default([]),
        dimensions: z.array(dimension).max(LIMITS.dimensions).default([]),
        rules: z
            .strictObject({
                enabled: z.boolean().default(true),
                description: printable(DESCRIPTION_MAX).default(DEFAULT_RULES_DESCRIPTION),
                behaviors: z
                    .array(ruleBehavior)
                    .min(1)
                    .max(LIMITS.behaviorsPerProfile)
                    .prefault(DEFAULT_RULE_BEHAVIORS),
                ...retention,
            })
            .prefault({}),
        ml: z
            .strictObject({ enabled: z.boolean().default(true), ...mlDetect, ...retention })
            .prefault({}),
        /** Named security profiles, each with its own behaviours, targets and alarm (Device Defender engine). */
        profiles: z.array(namedProfile).default([]),
        /** Alarm on Violations per profile (a named profile may set its own). */
        alarm: alarm.prefault({}),
    })
    .superRefine((d, ctx) => {
        const add = (issues: Issue[]) => {
            for (const issue of issues) ctx.addIssue({ code: "custom", ...issue });
        };
        if (d.enabled && d.engine === "logs")
            add(
                logsEngineIssues({
                    behaviors: d.rules.behaviors,
                    logs: d.logs,
                    customMetrics: d.customMetrics,
                    dimensions: d.dimensions,
                    thingGroups: d.targets.thingGroups,
                }),
            );
        const known = declared(d);
        add(ruleBehaviorIssues(d.rules.behaviors, ["rules", "behaviors"], known));
        add(mlMetricIssues(d.ml, ["ml", "metrics"], known));
        d.profiles.forEach((p, i) => {
            if (p.behaviors)
                add(ruleBehaviorIssues(p.behaviors, ["profiles", i, "behaviors"], known));
            if (p.ml) add(mlMetricIssues(p.ml, ["profiles", i, "ml", "metrics"], known));
        });
        const profiles = profileSettings(d);
        for (const p of profiles) add(retentionIssues(p, [...p.path], known));
        if (d.enabled && d.engine === "logs") add(logsProfileIssues(d));
        if (d.enabled && d.engine === "device-defender") add(profileSetIssues(profiles));
        for (const [key, list] of [
            ["customMetrics", d.customMetrics.map(m => m.name)],
            ["dimensions", d.dimensions.map(x => x.name)],
        ] as const)
            for (const n of duplicates(list))
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    input: n,
                    message: `declares ${n} twice`,
                });
        if (d.enabled && profiles.length === 0)
            ctx.addIssue({
                code: "custom",
                path: ["enabled"],
                input: true,
                message:
                    "is true but both rules.enabled and ml.enabled are false and detect.profiles is empty; set detect.enabled: false for an audit-only stack",
            });
    });
