/** Field shapes the sections of the stack configuration share (names, text, alarms, tags). */
import { isIP } from "net";
import { z } from "zod";
import {
    alarmRangeMaxSeconds,
    CONSECUTIVE_DATAPOINTS,
    DESCRIPTION_PATTERN,
    DURATION_SECONDS,
    METRICS_INSIGHTS_ALARM_WINDOW_SECONDS,
    NameRule,
    PORT_RANGE,
    TAG_LIMITS,
    isReservedTagKey,
} from "../../facts";

export const name = (rule: NameRule) =>
    z.string().regex(rule.pattern, { message: `must be ${rule.allowed}` });
/** Text the API limits to printable ASCII and spaces (descriptions, display names). */
export const printable = (max: number) =>
    z.string().max(max).regex(DESCRIPTION_PATTERN, {
        message: "may hold only printable ASCII characters and spaces",
    });
export const datapoints = z
    .number()
    .int()
    .min(CONSECUTIVE_DATAPOINTS.min)
    .max(CONSECUTIVE_DATAPOINTS.max);
export const durationSeconds = z
    .number()
    .int()
    .refine(v => (DURATION_SECONDS as readonly number[]).includes(v), {
        message: `must be one of ${DURATION_SECONDS.join(", ")}`,
    });
/** An IPv4 or IPv6 address with an optional prefix length that fits it (the API's Cidr is just 2-43 of [0-9a-f:./]). */
export const cidr = z.string().refine(
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
export const COUNT_MAX = Number.MAX_SAFE_INTEGER;
export const port = z.number().int().min(PORT_RANGE.min).max(PORT_RANGE.max);

/** An alarm's fields, each checked alone; `alarm` and `insightsAlarm` add the checks between them. */
export const alarmFields = z.strictObject({
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

/** An alarm CloudWatch takes: it looks back no further than `alarmRangeMaxSeconds` allows. */
export const alarm = alarmFields.superRefine((a, ctx) => {
    const max = alarmRangeMaxSeconds(a.periodSeconds);
    if (a.evaluationPeriods * a.periodSeconds > max)
        ctx.addIssue({
            code: "custom",
            path: ["evaluationPeriods"],
            input: a.evaluationPeriods,
            message: `times periodSeconds ${a.periodSeconds} is ${a.evaluationPeriods * a.periodSeconds} s, past the ${max} s CloudWatch allows an alarm with that period; allowed: at most ${Math.floor(max / a.periodSeconds)} periods of ${a.periodSeconds} s`,
        });
});

/**
 * An alarm on a Metrics Insights query (the audit's NonCompliantResources, IoT Core's fleet
 * metrics): its periods must fit the 3 hours such an alarm evaluates (within `alarm`'s range).
 */
export const insightsAlarm = alarmFields.superRefine((a, ctx) => {
    const window = METRICS_INSIGHTS_ALARM_WINDOW_SECONDS;
    if (a.periodSeconds > window)
        ctx.addIssue({
            code: "custom",
            path: ["periodSeconds"],
            input: a.periodSeconds,
            message: `is past the ${window} s (3 hours) an alarm on a Metrics Insights query evaluates; allowed: a multiple of 60 from 60 to ${window}`,
        });
    else if (a.periodSeconds * a.evaluationPeriods > window)
        ctx.addIssue({
            code: "custom",
            path: ["evaluationPeriods"],
            input: a.evaluationPeriods,
            message: `times periodSeconds ${a.periodSeconds} is ${a.periodSeconds * a.evaluationPeriods} s, past the ${window} s (3 hours) an alarm on a Metrics Insights query evaluates; allowed: at most ${Math.floor(window / a.periodSeconds)} periods of ${a.periodSeconds} s`,
        });
});

export const tagKey = z
    .string()
    .min(1)
    .max(TAG_LIMITS.keyMax)
    .regex(TAG_LIMITS.keyPattern)
    .refine(k => !isReservedTagKey(k), {
        message: 'must not start with "aws:" (in any letter case)',
    });

export function duplicates(values: readonly string[]): string[] {
    const seen = new Set<string>();
    return [...new Set(values.filter(v => seen.has(v) || !seen.add(v)))];
}
