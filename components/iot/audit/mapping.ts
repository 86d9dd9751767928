/**
 * Pure mapping between the resource's inputs and the IoT API: the check map and notification
 * targets to send, the live configuration and scheduled audits read back as inputs, and the forms
 * `diff` compares. No AWS call here.
 */
import type {
    DescribeAccountAuditConfigurationResponse,
    DescribeScheduledAuditResponse,
} from "@aws-sdk/client-iot";
import {
    ALERT_TARGET_TYPE,
    AUDIT_CHECKS,
    AuditFrequency,
    DayOfWeek,
    FREQUENCY_DAY_FIELD,
} from "../../facts";
import { containsUnknown, isObject, sameValue } from "../inputs";
import { IotTag, tagMap } from "../tags";
import type {
    AccountAuditOutputs,
    Checks,
    PriorConfiguration,
    ScheduleSettings,
    Targets,
} from "./types";
import { DAY_FIELDS } from "./scheduleInputs";

type Live = DescribeAccountAuditConfigurationResponse;

export function enabledNames(checks: Checks | undefined): string[] {
    return Object.entries(checks ?? {})
        .filter(([, c]) => c?.enabled === true)
        .map(([name]) => name)
        .sort();
}

/** An account "has a configuration" when it has an audit role or any enabled check. */
export function hasConfiguration(live: Live): boolean {
    return !!live.roleArn || enabledNames(live.auditCheckConfigurations).length > 0;
}

export function describeLive(live: Live): string {
    const all = Object.keys(live.auditCheckConfigurations ?? {});
    const enabled = enabledNames(live.auditCheckConfigurations);
    const sns = live.auditNotificationTargetConfigurations?.[ALERT_TARGET_TYPE];
    return [
        `role ${live.roleArn ? live.roleArn : "(none)"}`,
        `${enabled.length} of ${all.length} checks enabled${enabled.length ? ` (${enabled.join(", ")})` : ""}`,
        sns?.targetArn
            ? `SNS notifications to ${sns.targetArn} (${sns.enabled ? "enabled" : "disabled"})`
            : "no notification target",
    ].join("; ");
}

/** The live configuration, as `priorConfiguration` records it when adopting. */
export function priorOf(live: Live): PriorConfiguration {
    const targets = live.auditNotificationTargetConfigurations;
    return {
        ...(live.roleArn ? { roleArn: live.roleArn } : {}),
        ...(targets && Object.keys(targets).length > 0
            ? { auditNotificationTargetConfigurations: targets }
            : {}),
        auditCheckConfigurations: live.auditCheckConfigurations ?? {},
    };
}

/** A check's threshold at its default, as the API spells it (days as a string); undefined if it has none. */
function defaultConfiguration(name: string): Record<string, string> | undefined {
    const threshold = AUDIT_CHECKS[name]?.threshold;
    return threshold ? { [threshold.configName]: String(threshold.defaultDays) } : undefined;
}

function hasSettings(configuration: Record<string, string> | undefined): boolean {
    return !!configuration && Object.keys(configuration).length > 0;
}

/** True when the configuration is the check's default threshold (AWS reports that value when none was set). */
function isDefaultConfiguration(name: string, configuration: Record<string, string> | undefined) {
    const fallback = defaultConfiguration(name);
    return fallback !== undefined && sameValue(configuration, fallback);
}

/**
 * The check map to send: the configured checks as configured, and every check in `others`
 * explicitly disabled. An enabled check whose threshold was set before (`previous`) and is no
 * longer configured gets its default back: the API keeps a threshold it is not sent.
 */
export function fullCheckMap(
    configured: Checks,
    others: readonly string[],
    previous?: Checks,
): Checks {
    const map: Checks = {};
    for (const name of others) map[name] = { enabled: false };
    for (const [name, c] of Object.entries(configured)) {
        const reset =
            c.enabled === true &&
            !hasSettings(c.configuration) &&
            hasSettings(previous?.[name]?.configuration)
                ? defaultConfiguration(name)
                : undefined;
        const configuration = hasSettings(c.configuration) ? c.configuration : reset;
        map[name] = configuration ? { enabled: c.enabled, configuration } : { enabled: c.enabled };
    }
    return map;
}

/** Checks where a threshold at its default counts as none, for diff (unknown values left alone). */
export function comparableChecks(checks: unknown): unknown {
    if (!isObject(checks) || containsUnknown(checks)) return checks;
    return Object.fromEntries(
        Object.entries(checks as Checks).map(([name, c]) => {
            const configuration = c?.configuration;
            const plain =
                isObject(c) &&
                (!hasSettings(configuration) || isDefaultConfiguration(name, configuration));
            return [name, plain ? { ...c, configuration: undefined } : c];
        }),
    );
}

/**
 * Notification targets to send: the configured ones, plus any target that exists now and is not
 * configured, disabled (the API has no call that removes a target).
 */
export function targetsToSend(configured?: Targets, existing?: Targets): Targets | undefined {
    const out: Targets = {};
    for (const [type, t] of Object.entries(existing ?? {})) {
        if (!configured?.[type] && t?.targetArn && t.enabled)
            out[type] = { targetArn: t.targetArn, roleArn: t.roleArn, enabled: false };
    }
    for (const [type, t] of Object.entries(configured ?? {})) out[type] = { ...t };
    return Object.keys(out).length > 0 ? out : undefined;
}

/** The live configuration mapped back to input names; `stored` keeps what refresh must not churn. */
export function liveToInputs(
    live: Live,
    stored: Partial<AccountAuditOutputs>,
): Pick<
    AccountAuditOutputs,
    "roleArn" | "auditNotificationTargetConfigurations" | "auditCheckConfigurations"
> {
    const checks: Checks = {};
    for (const [name, c] of Object.entries(live.auditCheckConfigurations ?? {})) {
        const was = stored.auditCheckConfigurations?.[name];
        if (c?.enabled === true) {
            // The default threshold is how AWS shows "none set": it is not invented into the inputs.
            const keep =
                hasSettings(c.configuration) &&
                !(
                    isDefaultConfiguration(name, c.configuration) &&
                    !hasSettings(was?.configuration)
                );
            checks[name] = keep
                ? { enabled: true, configuration: c.configuration }
                : { enabled: true };
        } else if (was && was.enabled === false) {
            checks[name] = { enabled: false };
        }
    }
    const targets: Targets = {};
    for (const [type, t] of Object.entries(live.auditNotificationTargetConfigurations ?? {})) {
        // A disabled target the inputs never had is how "no target" looks once one existed.
        if (!t || (!t.enabled && !stored.auditNotificationTargetConfigurations?.[type])) continue;
        targets[type] = { targetArn: t.targetArn, roleArn: t.roleArn, enabled: t.enabled };
    }
    return {
        roleArn: live.roleArn ?? "",
        ...(Object.keys(targets).length > 0
            ? { auditNotificationTargetConfigurations: targets }
            : {}),
        auditCheckConfigurations: checks,
    };
}

/**
 * CloudFormation's marker for a cleared day field. Only CloudFormation's AWS::IoT::ScheduledAudit
 * schema accepts it; the API model does not (DayOfWeek is SUN..SAT, DayOfMonth `1..31|LAST`), and
 * CloudFormation's own handler never sends it either. So it is never sent; a live audit carrying it
 * (one managed elsewhere) reads as having no day.
 */
export const DAY_UNSET = "UNSET_VALUE";

/** The day field the frequency uses, with its value, and nothing else. */
export function dayFor(
    s: Pick<ScheduleSettings, "frequency" | "dayOfWeek" | "dayOfMonth">,
): Pick<ScheduleSettings, "dayOfWeek" | "dayOfMonth"> {
    const field = FREQUENCY_DAY_FIELD[s.frequency];
    return field && s[field] !== undefined ? { [field]: s[field] } : {};
}

/** A schedule as the API takes it: the frequency, its day field, the checks. */
export function scheduleRequest(s: ScheduleSettings): ScheduleSettings {
    return { frequency: s.frequency, ...dayFor(s), targetCheckNames: s.targetCheckNames };
}

/** The live audit as settings; the day field the frequency does not use (or a cleared one) is left out. */
export function liveSchedule(live: DescribeScheduledAuditResponse): ScheduleSettings {
    const raw = {
        frequency: live.frequency as AuditFrequency,
        dayOfWeek: live.dayOfWeek as DayOfWeek | undefined,
        dayOfMonth: live.dayOfMonth,
    };
    for (const f of DAY_FIELDS) if (raw[f] === DAY_UNSET) delete raw[f];
    return { ...scheduleRequest({ ...raw, targetCheckNames: live.targetCheckNames ?? [] }) };
}

/** Schedules where check order does not matter (unknown values left alone). */
export function comparableSchedules(v: unknown): unknown {
    if (!isObject(v) || containsUnknown(v)) return v;
    return Object.fromEntries(
        Object.entries(v).map(([name, s]) => {
            const checks = isObject(s) ? s.targetCheckNames : undefined;
            return [
                name,
                Array.isArray(checks)
                    ? { ...(s as object), targetCheckNames: [...checks].sort() }
                    : s,
            ];
        }),
    );
}

export function sameSchedule(
    a: ScheduleSettings | undefined,
    b: ScheduleSettings | undefined,
): boolean {
    return sameValue(comparableSchedules({ s: a }), comparableSchedules({ s: b }));
}

/** Tags in a form where order does not matter (unknown values left alone). */
export function comparableTags(tags: unknown): unknown {
    return Array.isArray(tags) && !containsUnknown(tags) ? tagMap(tags as IotTag[]) : tags;
}

export function describeSchedule(
    s: Partial<ScheduleSettings>,
    tags: readonly IotTag[] | undefined,
): string {
    const day = s.dayOfWeek ? ` on ${s.dayOfWeek}` : s.dayOfMonth ? ` on day ${s.dayOfMonth}` : "";
    const tagText = Object.entries(tagMap(tags))
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
    return `${s.frequency}${day}, checks ${(s.targetCheckNames ?? []).join(", ")}, tags {${tagText}}`;
}
