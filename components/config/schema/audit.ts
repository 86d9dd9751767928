/** The account audit: checks, thresholds, schedules and its alarm (the `audit` section). */
import { z } from "zod";
import {
    AUDIT_CHECK_NAMES,
    AUDIT_CHECKS,
    AUDIT_FREQUENCIES,
    DAY_OF_MONTH_PATTERN,
    DAYS_OF_WEEK,
    FREQUENCY_DAY_FIELD,
    LIMITS,
    NAME_RULES,
    suppressionIdentity,
} from "../../facts";
import { duplicates, insightsAlarm, name } from "./fields";
import { suppression } from "./suppressions";

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

export const audit = z
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
        /** Alarm on NonCompliantResources for any check (a Metrics Insights query). */
        alarm: insightsAlarm.prefault({}),
        /** Known and accepted findings (one check on one resource each), until a date or indefinitely. */
        suppressions: z.array(suppression).default([]),
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
        a.suppressions.forEach((s, i) => {
            if (!a.checks.includes(s.checkName))
                ctx.addIssue({
                    code: "custom",
                    path: ["suppressions", i, "checkName"],
                    input: s.checkName,
                    message: `is not enabled in audit.checks; a suppression needs an enabled check: ${a.checks.join(", ")}`,
                });
        });
        duplicates(
            a.suppressions.map(s => suppressionIdentity(s.checkName, s.resourceIdentifier)),
        ).forEach(d =>
            ctx.addIssue({
                code: "custom",
                path: ["suppressions"],
                input: d,
                message: `has two suppressions of ${d}`,
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
