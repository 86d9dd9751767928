/**
 * The Device Defender security profiles a `detect` section declares, in one form: the short form's
 * rule-based profile (`detect.rules`) and ML profile (`detect.ml`) on `detect.targets`, then each
 * named profile of `detect.profiles` on its own targets. The inventory names and deploys them; the
 * schema's checks judge them (limits per profile and per target) in this same form.
 */
import type { AllThingsTarget } from "../facts";
import type { RuleBehavior } from "./schema/behaviors";
import type {
    MetricsExportSetting,
    MetricToRetainSetting,
    MlSettings,
    NamedProfileSetting,
} from "./schema/profiles";

/** The short form's profile ids; a named profile's id is its name. */
export const SHORT_FORM_IDS = { rules: "rules", ml: "ml" } as const;
export const DEFAULT_RULES_DESCRIPTION = "Rule-based Device Defender behaviors";
export const mlDescription = (confidenceLevel: string) =>
    `ML Detect behaviors (confidence ${confidenceLevel})`;

export interface TargetsSetting {
    readonly allThings?: AllThingsTarget;
    readonly thingGroups: readonly string[];
}
export interface ProfileAlarmSetting {
    readonly threshold: number;
    readonly evaluationPeriods: number;
    readonly periodSeconds: number;
}

/** One security profile as the settings declare it. */
export interface ProfileSetting {
    /** Unique in the stack: `rules`, `ml` or the named profile's name; names derive from it. */
    readonly id: string;
    /** The config key it comes from, for messages: `detect.rules`, `detect.profiles[2]`. */
    readonly key: string;
    /** The same key as a path under `detect`: `["rules"]`, `["profiles", 2]`. */
    readonly path: readonly (string | number)[];
    readonly kind: "rules" | "ml";
    readonly description: string;
    /** Rule behaviours (rules profiles; empty for ML ones). */
    readonly behaviors: readonly RuleBehavior[];
    /** ML Detect settings (ML profiles only). */
    readonly ml?: MlSettings;
    readonly targets: TargetsSetting;
    readonly alarm: ProfileAlarmSetting;
    readonly metricsToRetain: readonly MetricToRetainSetting[];
    readonly metricsExport?: MetricsExportSetting;
}

/** The part of the `detect` settings profiles come from. */
export interface ProfileSource {
    readonly targets: TargetsSetting;
    readonly rules: {
        readonly enabled: boolean;
        readonly description: string;
        readonly behaviors: readonly RuleBehavior[];
        readonly metricsToRetain: readonly MetricToRetainSetting[];
        readonly metricsExport?: MetricsExportSetting;
    };
    readonly ml: MlSettings & {
        readonly enabled: boolean;
        readonly metricsToRetain: readonly MetricToRetainSetting[];
        readonly metricsExport?: MetricsExportSetting;
    };
    readonly profiles: readonly NamedProfileSetting[];
    readonly alarm: ProfileAlarmSetting;
}

/** Every profile the settings declare: the short form's (when enabled), then the named ones. */
export function profileSettings(d: ProfileSource): ProfileSetting[] {
    const { enabled: rulesOn, description, behaviors, ...rulesRetention } = d.rules;
    const { enabled: mlOn, metricsToRetain, metricsExport, ...ml } = d.ml;
    const shared = { targets: d.targets, alarm: d.alarm };
    return [
        ...(rulesOn
            ? [
                  {
                      id: SHORT_FORM_IDS.rules,
                      key: "detect.rules",
                      path: ["rules"],
                      kind: "rules" as const,
                      description,
                      behaviors,
                      ...rulesRetention,
                      ...shared,
                  },
              ]
            : []),
        ...(mlOn
            ? [
                  {
                      id: SHORT_FORM_IDS.ml,
                      key: "detect.ml",
                      path: ["ml"],
                      kind: "ml" as const,
                      description: mlDescription(ml.confidenceLevel),
                      behaviors: [],
                      ml,
                      metricsToRetain,
                      metricsExport,
                      ...shared,
                  },
              ]
            : []),
        ...d.profiles.map((p, i) => ({
            id: p.name,
            key: `detect.profiles[${i}]`,
            path: ["profiles", i],
            kind: p.ml ? ("ml" as const) : ("rules" as const),
            description:
                p.description ??
                (p.ml ? mlDescription(p.ml.confidenceLevel) : DEFAULT_RULES_DESCRIPTION),
            behaviors: p.behaviors ?? [],
            ...(p.ml ? { ml: p.ml } : {}),
            targets: p.targets,
            alarm: p.alarm ?? d.alarm,
            metricsToRetain: p.metricsToRetain,
            ...(p.metricsExport ? { metricsExport: p.metricsExport } : {}),
        })),
    ];
}
