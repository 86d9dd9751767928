/**
 * Pure planning of an update: what changed between the resource's state and its new inputs, and
 * the check maps to send around the scheduled audits' changes, in an order AWS accepts (a check a
 * scheduled audit uses cannot be disabled; a scheduled audit may only run enabled checks).
 */
import { sameValue } from "../inputs";
import { comparableTags, enabledNames, fullCheckMap, sameSchedule, targetsToSend } from "./mapping";
import type { AccountAuditInputs, AccountAuditOutputs, Checks, Targets } from "./types";

export interface UpdatePlan {
    /** Role, notification targets or checks differ. */
    configChanged: boolean;
    /** Checks enabled before and not after. */
    disabling: string[];
    /** Checks listed before and not after (sent disabled). */
    dropped: string[];
    /** Checks listed after and not before (validated against the API first). */
    added: string[];
    /** Scheduled audits: in the inputs only, in the state only, in both with other settings. */
    adding: string[];
    removing: string[];
    changing: string[];
    /** The scheduled audits' tags differ. */
    retag: boolean;
}

export function planUpdate(old: AccountAuditOutputs, news: AccountAuditInputs): UpdatePlan {
    const oldChecks = old.auditCheckConfigurations ?? {};
    const newChecks = news.auditCheckConfigurations;
    const oldSchedules = old.scheduledAudits ?? {};
    const newSchedules = news.scheduledAudits;
    const enabledAfter = enabledNames(newChecks);
    return {
        configChanged:
            !sameValue(old.roleArn, news.roleArn) ||
            !sameValue(
                old.auditNotificationTargetConfigurations,
                news.auditNotificationTargetConfigurations,
            ) ||
            !sameValue(oldChecks, newChecks),
        disabling: enabledNames(oldChecks).filter(n => !enabledAfter.includes(n)),
        dropped: Object.keys(oldChecks).filter(n => !(n in newChecks)),
        added: Object.keys(newChecks).filter(n => !(n in oldChecks)),
        adding: Object.keys(newSchedules).filter(n => !(n in oldSchedules)),
        removing: Object.keys(oldSchedules).filter(n => !(n in newSchedules)),
        changing: Object.keys(newSchedules).filter(
            n => n in oldSchedules && !sameSchedule(oldSchedules[n], newSchedules[n]),
        ),
        retag: !sameValue(comparableTags(old.tags ?? []), comparableTags(news.tags ?? [])),
    };
}

export function changesNothing(p: UpdatePlan): boolean {
    return (
        !p.configChanged &&
        !p.retag &&
        p.adding.length + p.removing.length + p.changing.length === 0
    );
}

/** A configuration call to make: undefined role or targets are not sent. */
export interface ConfigCall {
    roleArn?: string;
    targets?: Targets;
    checks: Checks;
}

/**
 * The configuration calls around the scheduled audits' changes. With no check disabled, one call
 * before them (new checks enabled first). Otherwise everything that can be refused (role, targets,
 * new checks and thresholds) goes before them with the checks being disabled still enabled (the
 * audits run them), made only if it changes anything, and a last call after them only disables.
 */
export function configCalls(
    old: AccountAuditOutputs,
    news: AccountAuditInputs,
    p: UpdatePlan,
): { before?: ConfigCall; after?: ConfigCall } {
    if (!p.configChanged) return {};
    const oldChecks = old.auditCheckConfigurations ?? {};
    const targets = targetsToSend(
        news.auditNotificationTargetConfigurations,
        old.auditNotificationTargetConfigurations,
    );
    const checks = news.auditCheckConfigurations;
    if (p.disabling.length === 0)
        return {
            before: {
                roleArn: news.roleArn,
                targets,
                checks: fullCheckMap(checks, p.dropped, oldChecks),
            },
        };
    const only = (disabled: boolean) =>
        Object.fromEntries(
            Object.entries(checks).filter(([n]) => p.disabling.includes(n) === disabled),
        );
    const kept = only(false);
    const changesBefore =
        !sameValue(old.roleArn, news.roleArn) ||
        !sameValue(
            old.auditNotificationTargetConfigurations,
            news.auditNotificationTargetConfigurations,
        ) ||
        Object.entries(kept).some(([name, c]) => !sameValue(oldChecks[name], c));
    return {
        ...(changesBefore
            ? {
                  before: {
                      roleArn: news.roleArn,
                      targets,
                      checks: fullCheckMap(kept, [], oldChecks),
                  },
              }
            : {}),
        after: { checks: fullCheckMap(only(true), p.dropped, oldChecks) },
    };
}
