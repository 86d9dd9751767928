/**
 * Checks between the fields of Device Defender security profiles, for the short form's two and each
 * named profile alike: behaviours against declared metrics and dimensions, ML metrics, metrics to
 * retain and export, and AWS's limits per profile and per target (GR-quotas, "AWS IoT Device
 * Defender endpoints and quotas": 5 security profiles per target, 100 behaviours and 1,000 metric
 * value elements per profile, none adjustable; the AttachSecurityProfile reference says the same of
 * targets). Issues carry paths relative to `detect`.
 */
import {
    behaviorProblems,
    CUSTOM_METRIC_TYPES,
    LIMITS,
    METRICS,
    ML_METRIC_NAMES,
    MetricValueKind,
} from "../facts";
import { ruleIssues } from "./behaviorRules";
import { ProfileSetting } from "./profiles";
import type { CustomMetricSetting, DimensionSetting, RuleBehavior } from "./schema/behaviors";
import { COUNT_MAX, duplicates } from "./schema/fields";

export type Path = (string | number)[];
export interface Issue {
    readonly path: Path;
    readonly input: unknown;
    readonly message: string;
}

/** What the profiles may refer to: the declared custom metrics and dimensions. */
export interface Declared {
    readonly customKinds: ReadonlyMap<string, MetricValueKind>;
    readonly dimensions: ReadonlySet<string>;
}

export function declared(d: {
    customMetrics: readonly CustomMetricSetting[];
    dimensions: readonly DimensionSetting[];
}): Declared {
    return {
        customKinds: new Map(d.customMetrics.map(m => [m.name, CUSTOM_METRIC_TYPES[m.type]])),
        dimensions: new Set(d.dimensions.map(x => x.name)),
    };
}

const undeclaredDimension = (name: string, known: ReadonlySet<string>) =>
    `is not declared under detect.dimensions; declared: ${[...known].join(", ") || "none"}`;

/** Rule behaviours at `at` (`["rules", "behaviors"]`, `["profiles", 2, "behaviors"]`). */
export function ruleBehaviorIssues(
    behaviors: readonly RuleBehavior[],
    at: Path,
    known: Declared,
): Issue[] {
    const issues: Issue[] = [];
    behaviors.forEach((b, i) => {
        // The rules of a behavior are the facts'; formats and declarations are the config's.
        const rules = ruleIssues(b, known.customKinds);
        for (const { path, input, message } of rules)
            issues.push({ path: [...at, i, ...path], input, message });
        if (rules.some(x => x.path[0] === "metric")) return;
        const kind = METRICS[b.metric]?.valueKind ?? known.customKinds.get(b.metric);
        if (
            kind === "count" &&
            b.threshold !== undefined &&
            !(Number.isInteger(b.threshold) && b.threshold <= COUNT_MAX)
        )
            issues.push({
                path: [...at, i, "threshold"],
                input: b.threshold,
                message: `must be a whole number from 0 to ${COUNT_MAX} for ${b.metric} (a count)`,
            });
        if (b.dimension && !known.dimensions.has(b.dimension.name))
            issues.push({
                path: [...at, i, "dimension", "name"],
                input: b.dimension.name,
                message: undeclaredDimension(b.dimension.name, known.dimensions),
            });
    });
    for (const n of duplicates(behaviors.map(b => b.name)))
        issues.push({ path: at, input: n, message: `has two behaviors named ${n}` });
    return issues;
}

/** ML Detect metrics at `at` (`["ml", "metrics"]`). */
export function mlMetricIssues(
    ml: { metrics: readonly string[]; confidenceLevel: string },
    at: Path,
    known: Declared,
): Issue[] {
    const customNumbers = [...known.customKinds].filter(([, k]) => k === "number");
    const allowed = ML_METRIC_NAMES.concat(customNumbers.map(([n]) => n));
    const issues: Issue[] = [];
    ml.metrics.forEach((m, i) => {
        const problems = behaviorProblems({
            metric: m,
            customMetrics: known.customKinds,
            ml: true,
            confidenceLevel: ml.confidenceLevel,
            values: [],
            hasDuration: false,
            hasDimension: false,
        });
        if (problems.some(p => p.on === "metric" || (p.on === "ml" && p.code === "metric")))
            issues.push({
                path: [...at, i],
                input: m,
                message: `is not supported by ML Detect; allowed: ${allowed.join(", ")}`,
            });
    });
    for (const m of duplicates(ml.metrics))
        issues.push({ path: at, input: m, message: `lists ${m} twice` });
    return issues;
}

/** Metrics to retain, what the profile exports, and the metric value elements of its rules. */
export function retentionIssues(p: ProfileSetting, at: Path, known: Declared): Issue[] {
    const issues: Issue[] = [];
    p.metricsToRetain.forEach((m, i) => {
        const here = [...at, "metricsToRetain", i];
        const custom = known.customKinds.has(m.metric);
        if (!METRICS[m.metric] && !custom)
            issues.push({
                path: [...here, "metric"],
                input: m.metric,
                message: `is not a Device Defender metric or a declared custom metric; allowed: ${[...Object.keys(METRICS), ...known.customKinds.keys()].join(", ")}`,
            });
        else if (m.dimension && (custom || !METRICS[m.metric].dimensionCapable))
            issues.push({
                path: [...here, "dimension"],
                input: m.metric,
                message: `cannot scope ${m.metric}; allowed metrics: ${Object.keys(METRICS)
                    .filter(x => METRICS[x].dimensionCapable)
                    .join(", ")}`,
            });
        else if (m.dimension && !known.dimensions.has(m.dimension.name))
            issues.push({
                path: [...here, "dimension", "name"],
                input: m.dimension.name,
                message: undeclaredDimension(m.dimension.name, known.dimensions),
            });
    });
    const retained = p.metricsToRetain.map(m => `${m.metric} ${m.dimension?.name ?? ""}`);
    for (const m of duplicates(retained))
        issues.push({
            path: [...at, "metricsToRetain"],
            input: m.trim(),
            message: `lists ${m.trim()} twice`,
        });
    const exporting = [
        ...p.metricsToRetain.filter(m => m.exportMetric).map(m => m.metric),
        ...p.behaviors.filter(b => b.exportMetric).map(b => b.name),
    ];
    // UNCONFIRMED whether AWS refuses exportMetric without metricsExportConfig: CreateSecurityProfile
    // and MetricsExportConfig (API reference) say only that the config "specifies the MQTT topic and
    // role ARN required for metric export"; the CloudFormation schema and public issues say nothing.
    // Required here either way: an export without a topic goes nowhere.
    if (exporting.length > 0 && !p.metricsExport)
        issues.push({
            path: [...at, "metricsExport"],
            input: undefined,
            message: `is required: profile ${p.id} exports ${exporting.join(", ")} (exportMetric: true) but names no topic to export to; set metricsExport.mqttTopic or drop exportMetric`,
        });
    const elements = p.behaviors.reduce(
        (n, b) => n + (b.cidrs ?? b.ports ?? b.numbers ?? b.strings ?? [null]).length,
        0,
    );
    if (elements > LIMITS.metricValuesPerProfile)
        issues.push({
            path: [...at, "behaviors"],
            input: elements,
            message: `profile ${p.id} has ${elements} metric value elements (thresholds, CIDRs, ports, numbers, strings); AWS allows at most ${LIMITS.metricValuesPerProfile} per profile`,
        });
    return issues;
}

/** Unique profile ids, and at most LIMITS.profilesPerTarget profiles on any one target. */
export function profileSetIssues(profiles: readonly ProfileSetting[]): Issue[] {
    const issues: Issue[] = [];
    for (const id of duplicates(profiles.map(p => p.id)))
        issues.push({
            path: ["profiles"],
            input: id,
            message: `declare two security profiles named ${id} (${profiles
                .filter(p => p.id === id)
                .map(p => p.key)
                .join(
                    ", ",
                )}); names must be unique, and rules and ml are the short form's while detect.rules or detect.ml is enabled`,
        });
    const onTarget = new Map<string, ProfileSetting[]>();
    for (const p of profiles)
        for (const t of [
            ...(p.targets.allThings ? [`all/${p.targets.allThings}`] : []),
            ...p.targets.thingGroups.map(g => `thing group ${g}`),
        ])
            onTarget.set(t, [...(onTarget.get(t) ?? []), p]);
    for (const [target, on] of onTarget)
        if (on.length > LIMITS.profilesPerTarget)
            issues.push({
                path: ["profiles"],
                input: target,
                message: `attach ${on.length} security profiles to ${target} (${on.map(p => `${p.id} from ${p.key}`).join(", ")}); AWS attaches at most ${LIMITS.profilesPerTarget} to one target (not adjustable): move some to other targets`,
            });
    return issues;
}

/**
 * What the logs engine cannot do with profiles. It watches `detect.rules.behaviors` for every
 * client of the account: it has no thing groups to scope a profile's rules to (IoT Core logs name
 * client IDs, not groups) and no Detect metrics to retain or export, so named profiles and
 * retention are Device Defender's only.
 */
export function logsProfileIssues(d: {
    profiles: readonly unknown[];
    rules: { metricsToRetain: readonly unknown[]; metricsExport?: unknown };
}): Issue[] {
    const engine =
        "the logs engine, which watches detect.rules.behaviors for every client of the account";
    const issues: Issue[] = [];
    if (d.profiles.length > 0)
        issues.push({
            path: ["profiles"],
            input: d.profiles.length,
            message: `are Device Defender security profiles, each on its own targets; ${engine}, cannot scope rules to thing groups: list the behaviours under detect.rules.behaviors, or set detect.engine: device-defender`,
        });
    for (const key of ["metricsToRetain", "metricsExport"] as const) {
        const v = d.rules[key];
        if (Array.isArray(v) ? v.length > 0 : v !== undefined)
            issues.push({
                path: ["rules", key],
                input: v,
                message: `is a Device Defender security profile setting, which ${engine}, does not have; remove it or set detect.engine: device-defender`,
            });
    }
    return issues;
}
