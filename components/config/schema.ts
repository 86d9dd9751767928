/**
 * The stack configuration as one typed, validated object. Every key has a default except
 * `environment` and the alert recipients; every check reads its facts from `../facts`.
 */
import { isIP } from "net";
import { z } from "zod";
import {
    ALL_THINGS_TARGETS,
    AUDIT_CHECK_NAMES,
    AUDIT_CHECKS,
    AUDIT_FREQUENCIES,
    behaviorProblems,
    COMPARISON_OPERATORS,
    CONFIDENCE_LEVELS,
    CONSECUTIVE_DATAPOINTS,
    CUSTOM_METRIC_TYPES,
    DAY_OF_MONTH_PATTERN,
    DAYS_OF_WEEK,
    DESCRIPTION_MAX,
    DESCRIPTION_PATTERN,
    DIMENSION_OPERATORS,
    DIMENSION_VALUE_LENGTH,
    DISPLAY_NAME_MAX,
    DURATION_SECONDS,
    FREQUENCY_DAY_FIELD,
    LIMITS,
    METRIC_NAMES,
    METRICS,
    ML_METRIC_NAMES,
    MITIGATION_LOG_LEVELS,
    NAME_RULES,
    NameRule,
    PORT_RANGE,
    REMEDIATION_ACTION_NAMES,
    REMEDIATION_ACTIONS,
    RemediationAction,
    STATISTICS,
    TAG_LIMITS,
    isReservedTagKey,
} from "../facts";
import { ruleIssues } from "./behaviorRules";
import { checkWrittenResponses, VIOLATION_RESPONSES } from "./responses";
import {
    DEFAULT_DETECT_ENGINE,
    DETECT_ENGINES,
    logsEngineIssues,
    logsSettings,
    mlWithLogsIssue,
    withEngineDefaults,
} from "./logsEngine";

const name = (rule: NameRule) =>
    z.string().regex(rule.pattern, { message: `must be ${rule.allowed}` });
/** Text the API limits to printable ASCII and spaces (descriptions, display names). */
const printable = (max: number) =>
    z.string().max(max).regex(DESCRIPTION_PATTERN, {
        message: "may hold only printable ASCII characters and spaces",
    });
const datapoints = z.number().int().min(CONSECUTIVE_DATAPOINTS.min).max(CONSECUTIVE_DATAPOINTS.max);
const durationSeconds = z
    .number()
    .int()
    .refine(v => (DURATION_SECONDS as readonly number[]).includes(v), {
        message: `must be one of ${DURATION_SECONDS.join(", ")}`,
    });
/** An IPv4 or IPv6 address with an optional prefix length that fits it (the API's Cidr is just 2-43 of [0-9a-f:./]). */
const cidr = z.string().refine(
    v => {
        const [address, prefix, ...rest] = v.split("/");
        const bits = isIP(address) === 4 ? 32 : isIP(address) === 6 ? 128 : 0;
        return (
            bits > 0 &&
            rest.length === 0 &&
            (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits))
        );
    },
    { message: "must be an IPv4 or IPv6 address with an optional /prefix (0-32 or 0-128)" },
);
/** The API's counts are unsigned longs; above 2^53 a JSON number no longer holds the exact value. */
const COUNT_MAX = Number.MAX_SAFE_INTEGER;
const port = z.number().int().min(PORT_RANGE.min).max(PORT_RANGE.max);

/** A static or statistical rule in a rule-based profile. */
const ruleBehavior = z.strictObject({
    /** Behavior name, unique in the profile. */
    name: name(NAME_RULES.behaviorName),
    /** A built-in `aws:` metric or a custom metric declared under `detect.customMetrics`. */
    metric: z.string().min(1).max(NAME_RULES.customMetricName.max),
    operator: z.enum(COMPARISON_OPERATORS),
    /** Numeric threshold (count metrics and `number` custom metrics). Mutually exclusive with `statistic`. */
    threshold: z.number().min(0).optional(),
    /** Statistical threshold (percentile across the fleet) instead of a fixed number. */
    statistic: z.enum(STATISTICS).optional(),
    cidrs: z.array(cidr).min(1).optional(),
    ports: z.array(port).min(1).optional(),
    numbers: z.array(z.number()).min(1).optional(),
    strings: z.array(z.string().min(1)).min(1).optional(),
    durationSeconds: durationSeconds.optional(),
    consecutiveDatapointsToAlarm: datapoints.optional(),
    consecutiveDatapointsToClear: datapoints.optional(),
    /** Scope the metric to MQTT topics with a TOPIC_FILTER dimension declared under `detect.dimensions`. */
    dimension: z
        .strictObject({
            name: name(NAME_RULES.dimensionName),
            operator: z.enum(DIMENSION_OPERATORS).default("IN"),
        })
        .optional(),
    /** Suppressed behaviors still evaluate but send nothing to SNS. Off by default, on purpose. */
    suppressAlerts: z.boolean().default(false),
});
export type RuleBehavior = z.output<typeof ruleBehavior>;

/** The recipe's four behaviors: the defaults of the rule-based profile. */
export const DEFAULT_RULE_BEHAVIORS: z.input<typeof ruleBehavior>[] = [
    {
        name: "ExcessiveMessages",
        metric: "aws:num-messages-sent",
        operator: "greater-than",
        threshold: 100,
        durationSeconds: 300,
    },
    {
        name: "AuthorizationFailures",
        metric: "aws:num-authorization-failures",
        operator: "greater-than",
        threshold: 5,
        durationSeconds: 300,
    },
    {
        name: "LargeMessageSize",
        metric: "aws:message-byte-size",
        operator: "greater-than",
        threshold: 1024,
    },
    {
        name: "UnusualConnectionAttempts",
        metric: "aws:num-connection-attempts",
        operator: "greater-than",
        threshold: 20,
        durationSeconds: 300,
    },
];
/** The recipe's "ML" metrics, now with real ML Detect configuration. */
export const DEFAULT_ML_METRICS = [
    "aws:num-messages-received",
    "aws:num-messages-sent",
    "aws:num-connection-attempts",
    "aws:num-disconnects",
];

const alarm = z.strictObject({
    /** Alarm when the metric's sum over one period reaches this many. */
    threshold: z.number().int().min(1).default(1),
    evaluationPeriods: z.number().int().min(1).max(100).default(1),
    periodSeconds: z
        .number()
        .int()
        .refine(v => v % 60 === 0 && v >= 60 && v <= 86400, {
            message: "must be a multiple of 60 between 60 and 86400",
        })
        .default(300),
});

const alerting = z
    .strictObject({
        /** Email recipients of every alert (each must confirm the subscription). */
        emails: z.array(z.email()).default([]),
        /** Optional HTTPS endpoint (chat webhook relay, incident tool). */
        httpsEndpoint: z.url({ protocol: /^https$/ }).optional(),
        /** Optional SQS queue ARN (same account and region) that receives every alert. */
        sqsQueueArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]{1,80}(\.fifo)?$/)
            .optional(),
        /** KMS key deletion window when the stack is destroyed. */
        kmsKeyDeletionWindowDays: z.number().int().min(7).max(30).default(30),
    })
    .superRefine((a, ctx) => {
        if (a.emails.length === 0 && !a.httpsEndpoint && !a.sqsQueueArn) {
            ctx.addIssue({
                code: "custom",
                path: ["emails"],
                input: a.emails,
                message:
                    "no alert recipient: set at least one of emails, httpsEndpoint or sqsQueueArn",
            });
        }
        if (new Set(a.emails.map(e => e.toLowerCase())).size !== a.emails.length) {
            ctx.addIssue({
                code: "custom",
                path: ["emails"],
                input: a.emails,
                message: "lists an address twice",
            });
        }
    });

const DAY_OF_MONTH_VALUES = '"1".."31" or "LAST"';
const DAY_OF_MONTH_ALLOWED = `must be ${DAY_OF_MONTH_VALUES}`;

const schedule = z
    .strictObject({
        /** Suffix of the scheduled audit's name (the full name is `<prefix>-<environment>-<name>`). */
        name: name(NAME_RULES.scheduledAuditName),
        frequency: z.enum(AUDIT_FREQUENCIES),
        dayOfWeek: z.enum(DAYS_OF_WEEK).optional(),
        dayOfMonth: z
            .union([z.string(), z.number().int()], { error: DAY_OF_MONTH_ALLOWED })
            .transform(String)
            .refine(v => DAY_OF_MONTH_PATTERN.test(v), { message: DAY_OF_MONTH_ALLOWED })
            .optional(),
        /** Checks this audit runs; default: every enabled check. Each must be enabled under `audit.checks`. */
        checks: z.array(z.string()).min(1).optional(),
    })
    .superRefine((s, ctx) => {
        const needs = FREQUENCY_DAY_FIELD[s.frequency];
        for (const field of ["dayOfWeek", "dayOfMonth"] as const) {
            if (field === needs && s[field] === undefined) {
                const allowed =
                    field === "dayOfWeek" ? DAYS_OF_WEEK.join(", ") : DAY_OF_MONTH_VALUES;
                ctx.addIssue({
                    code: "custom",
                    path: [field],
                    input: undefined,
                    message: `is required when frequency is ${s.frequency}; allowed: ${allowed}`,
                });
            } else if (field !== needs && s[field] !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: [field],
                    input: s[field],
                    message:
                        `must not be set when frequency is ${s.frequency}` +
                        (needs ? ` (it uses ${needs})` : " (it runs every day)"),
                });
            }
        }
    });
export type AuditSchedule = z.output<typeof schedule>;

const audit = z
    .strictObject({
        enabled: z.boolean().default(true),
        /**
         * The account audit configuration is one per account and region. When the account already
         * has one, deployment stops unless this is true; the prior configuration is restored on destroy.
         */
        adoptExisting: z.boolean().default(false),
        /** Checks to enable; default: every current check. */
        checks: z
            .array(z.string())
            .min(1)
            .default([...AUDIT_CHECK_NAMES]),
        /** Thresholds, in days, for the checks that take one. */
        checkThresholds: z.record(z.string(), z.number().int()).default({}),
        schedules: z
            .array(schedule)
            .min(1)
            .max(LIMITS.scheduledAudits)
            .default([{ name: "weekly", frequency: "WEEKLY", dayOfWeek: "MON" }]),
        /** Alarm on NonCompliantResources for any check. */
        alarm: alarm.prefault({}),
    })
    .superRefine((a, ctx) => {
        a.checks.forEach((check, i) => {
            if (!AUDIT_CHECKS[check]) {
                ctx.addIssue({
                    code: "custom",
                    path: ["checks", i],
                    input: check,
                    message: `is not an audit check; allowed: ${AUDIT_CHECK_NAMES.join(", ")}`,
                });
            }
        });
        duplicates(a.checks).forEach(d =>
            ctx.addIssue({
                code: "custom",
                path: ["checks"],
                input: d,
                message: `lists ${d} twice`,
            }),
        );
        for (const [check, days] of Object.entries(a.checkThresholds)) {
            const threshold = AUDIT_CHECKS[check]?.threshold;
            const configurable = AUDIT_CHECK_NAMES.filter(c => AUDIT_CHECKS[c].threshold);
            if (!threshold) {
                ctx.addIssue({
                    code: "custom",
                    path: ["checkThresholds", check],
                    input: check,
                    message: `is not a check with a threshold; allowed: ${configurable.join(", ")}`,
                });
            } else if (days < threshold.min || days > threshold.max) {
                ctx.addIssue({
                    code: "custom",
                    path: ["checkThresholds", check],
                    input: days,
                    message: `must be between ${threshold.min} and ${threshold.max} days`,
                });
            } else if (!a.checks.includes(check)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["checkThresholds", check],
                    input: days,
                    message: `sets a threshold for a check that is not enabled; add ${check} to audit.checks`,
                });
            }
        }
        a.schedules.forEach((s, i) =>
            (s.checks ?? []).forEach((check, j) => {
                if (!a.checks.includes(check)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["schedules", i, "checks", j],
                        input: check,
                        message: `is not enabled in audit.checks; a scheduled audit may only run enabled checks: ${a.checks.join(", ")}`,
                    });
                }
            }),
        );
        duplicates(a.schedules.map(s => s.name)).forEach(d =>
            ctx.addIssue({
                code: "custom",
                path: ["schedules"],
                input: d,
                message: `has two schedules named ${d}`,
            }),
        );
    });

const targets = z
    .strictObject({
        /** Attach to every thing of this kind (`registered-things`, `unregistered-things` or `things`). */
        allThings: z.enum(ALL_THINGS_TARGETS).optional(),
        /** Attach to these thing groups (names). */
        thingGroups: z.array(name(NAME_RULES.thingGroupName)).default([]),
    })
    .superRefine((t, ctx) => {
        if (!t.allThings && t.thingGroups.length === 0) {
            ctx.addIssue({
                code: "custom",
                path: [],
                input: t,
                message: `attach profiles to at least one target: set allThings (${ALL_THINGS_TARGETS.join(", ")}) or list thingGroups`,
            });
        }
        duplicates(t.thingGroups).forEach(d =>
            ctx.addIssue({
                code: "custom",
                path: ["thingGroups"],
                input: d,
                message: `lists ${d} twice`,
            }),
        );
    });

const customMetric = z.strictObject({
    name: name(NAME_RULES.customMetricName).refine(n => !n.startsWith("aws:"), {
        message: 'must not start with "aws:"',
    }),
    type: z.enum(Object.keys(CUSTOM_METRIC_TYPES) as [keyof typeof CUSTOM_METRIC_TYPES]),
    displayName: printable(DISPLAY_NAME_MAX).optional(),
});
export type CustomMetricSetting = z.output<typeof customMetric>;

const dimension = z.strictObject({
    name: name(NAME_RULES.dimensionName),
    /** MQTT topic filters; `+`, `#` and `${iot:ClientId}` are allowed. */
    topicFilters: z
        .array(z.string().min(DIMENSION_VALUE_LENGTH.min).max(DIMENSION_VALUE_LENGTH.max))
        .min(1)
        .max(LIMITS.dimensionValues),
});
export type DimensionSetting = z.output<typeof dimension>;

const detect = z
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

const remediationAction = z.enum(
    REMEDIATION_ACTION_NAMES as [RemediationAction, ...RemediationAction[]],
);
/** Detect violation responses: what the responder does when a behavior on this metric is violated. */
const violationResponse = z.enum(VIOLATION_RESPONSES);

const remediation = z
    .strictObject({
        /** Mitigation actions, quarantine group and the responder Lambda. */
        enabled: z.boolean().default(true),
        /** Log each decision without acting. Default on; turn off per stack once the response map is trusted. */
        dryRun: z.boolean().default(true),
        /** Mitigation actions to create (each with a role holding only its managed policy). */
        actions: z
            .array(remediationAction)
            .min(1)
            .default([...REMEDIATION_ACTION_NAMES]),
        /** Log level set by the enable-iot-logging action. */
        loggingLevel: z.enum(MITIGATION_LOG_LEVELS).default("ERROR"),
        /** Detect: metric -> response. Unset: the defaults that fit what is enabled (responses.ts). */
        violationResponses: z.record(z.string(), violationResponse).optional(),
        /** Audit: check -> mitigation actions (1-5 each). Unset: the defaults that fit (responses.ts). */
        auditResponses: z
            .record(
                z.string(),
                z.array(remediationAction).min(1).max(LIMITS.actionsPerMitigationTask),
            )
            .optional(),
        /** Alarm on messages in the dead-letter queue (any is a lost alert until handled). */
        dlqAlarmThreshold: z.number().int().min(1).default(1),
    })
    .superRefine((r, ctx) => {
        for (const [metric, response] of Object.entries(r.violationResponses ?? {})) {
            if (!METRICS[metric]) {
                ctx.addIssue({
                    code: "custom",
                    path: ["violationResponses", metric],
                    input: metric,
                    message: `is not a Device Defender metric; allowed: ${METRIC_NAMES.join(", ")}`,
                });
            } else if (response === "quarantine" && !r.actions.includes("quarantine")) {
                ctx.addIssue({
                    code: "custom",
                    path: ["violationResponses", metric],
                    input: response,
                    message: "needs the quarantine action; add quarantine to remediation.actions",
                });
            }
        }
        for (const [check, actions] of Object.entries(r.auditResponses ?? {})) {
            const fact = AUDIT_CHECKS[check];
            if (!fact) {
                ctx.addIssue({
                    code: "custom",
                    path: ["auditResponses", check],
                    input: check,
                    message: `is not an audit check; allowed: ${AUDIT_CHECK_NAMES.join(", ")}`,
                });
                continue;
            }
            actions.forEach((action, i) => {
                const allowed = REMEDIATION_ACTION_NAMES.filter(a =>
                    fact.actions.includes(REMEDIATION_ACTIONS[a]),
                );
                if (!fact.actions.includes(REMEDIATION_ACTIONS[action])) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["auditResponses", check, i],
                        input: action,
                        message: `cannot mitigate ${check} findings; allowed: ${allowed.join(", ")}`,
                    });
                } else if (!r.actions.includes(action)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["auditResponses", check, i],
                        input: action,
                        message: `is not created; add it to remediation.actions (${r.actions.join(", ")})`,
                    });
                }
            });
        }
    });
export type RemediationSettings = z.output<typeof remediation>;

const tagKey = z
    .string()
    .min(1)
    .max(TAG_LIMITS.keyMax)
    .regex(TAG_LIMITS.keyPattern)
    .refine(k => !isReservedTagKey(k), {
        message: 'must not start with "aws:" (in any letter case)',
    });

/** Everything under the project's config namespace. Keys are those of `Pulumi.<stack>.yaml`. */
export const settingsSchema = z
    .strictObject({
        /** Environment name, used in resource names and tags: the stack's name (stackChecks.ts). */
        environment: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, {
            message: "must be 1 to 20 lowercase letters, digits or hyphens, starting with a letter",
        }),
        /** Prefix of every physical name. */
        namePrefix: z
            .string()
            .regex(/^[a-zA-Z][a-zA-Z0-9-]{0,29}$/)
            .default("iot-defender"),
        /** Owner tag (team or person accountable for the stack). */
        owner: z.string().min(1).max(TAG_LIMITS.valueMax).default("platform-security"),
        /** Extra tags for every taggable resource. */
        tags: z.record(tagKey, z.string().max(TAG_LIMITS.valueMax)).default({}),
        alerting,
        audit: audit.prefault({}),
        detect: z
            .preprocess((raw, ctx) => {
                const issue = mlWithLogsIssue(raw);
                if (issue) ctx.addIssue({ code: "custom", ...issue });
                return withEngineDefaults(raw, DEFAULT_RULE_BEHAVIORS);
            }, detect)
            .prefault({}),
        dashboard: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
        remediation: remediation.prefault({}),
        /** `npm run ops -- drill`: a misbehaving test device in this stack's account. Off unless a stack opts in. */
        drill: z.strictObject({ enabled: z.boolean().default(false) }).prefault({}),
    })
    .superRefine((s, ctx) => {
        checkWrittenResponses(s, ctx);
        if (!s.audit.enabled && !s.detect.enabled) {
            ctx.addIssue({
                code: "custom",
                path: ["audit", "enabled"],
                input: false,
                message:
                    "and detect.enabled are both false: the stack would deploy nothing; enable at least one",
            });
        }
    });

export type SettingsInput = z.input<typeof settingsSchema>;
export type ProjectSettings = z.output<typeof settingsSchema>;

function duplicates(values: readonly string[]): string[] {
    const seen = new Set<string>();
    return [...new Set(values.filter(v => seen.has(v) || !seen.add(v)))];
}
