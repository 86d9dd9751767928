/**
 * Checks that need the stack itself, not just its settings: its name, region and account, and the
 * physical names the settings give. A bad value here would pass the schema and fail (or, worse,
 * collide with another stack) only at `pulumi up`.
 */
import { NAME_RULES } from "../facts";
import { names } from "../inventory/names";
import { show } from "./errors";
import { REDACTED } from "./secrets";
import type { ProjectSettings } from "./schema";

/** The stack the settings are for. */
export interface StackContext {
    readonly project: string;
    readonly stack: string;
    readonly region: string;
    /** `aws:allowedAccountIds`, when the stack file names its accounts. */
    readonly accountIds?: readonly string[];
    /** Whether a top-level setting (`alerting`) holds a secret: its values are never shown. */
    readonly isSecret?: (key: string) => boolean;
}

/** One problem line per value that does not fit the stack. */
export function stackProblems(s: ProjectSettings, stack: StackContext): string[] {
    const key = (path: string) => `${stack.project}:${path}`;
    const got = (path: string, value: unknown) =>
        `got ${stack.isSecret?.(path.split(/[.[]/)[0]) ? REDACTED : show(value)}`;
    const problems: string[] = [];

    // Physical names derive from the environment: two stacks with one environment would share them.
    if (s.environment !== stack.stack) {
        problems.push(
            `${key("environment")}: must be the stack's name, ${show(stack.stack)}, as physical names ` +
                `derive from it and two stacks must never share them (a copied stack file keeps the ` +
                `original's environment); ${got("environment", s.environment)}`,
        );
    }

    const auditNameMax = NAME_RULES.scheduledAuditName.max;
    s.audit.schedules.forEach((schedule, i) => {
        const physical = names.scheduledAudit(s, schedule.name);
        if (physical.length > auditNameMax) {
            problems.push(
                `${key(`audit.schedules[${i}].name`)}: makes the scheduled audit's name ${stack.isSecret?.("audit") ? "" : `${physical} `}` +
                    `${physical.length} characters long; the API allows at most ${auditNameMax}, so this ` +
                    `name may have at most ${auditNameMax - (physical.length - schedule.name.length)}; ${got("audit", schedule.name)}`,
            );
        }
    });

    const queue = s.alerting.sqsQueueArn;
    if (queue) {
        const [, , , region, account] = queue.split(":");
        if (region !== stack.region) {
            problems.push(
                `${key("alerting.sqsQueueArn")}: is in ${region}, not in the stack's region ` +
                    `${stack.region} (aws:region); use a queue in ${stack.region}; ${got("alerting", queue)}`,
            );
        }
        if (stack.accountIds && !stack.accountIds.includes(account)) {
            problems.push(
                `${key("alerting.sqsQueueArn")}: is in account ${account}, not in the stack's ` +
                    `account (aws:allowedAccountIds: ${stack.accountIds.join(", ")}); ${got("alerting", queue)}`,
            );
        }
    }

    const quarantine = names.quarantineGroup(s);
    const groupKeys = [
        ["detect.targets", s.detect.targets.thingGroups] as const,
        ...s.detect.profiles.map(
            (p, i) => [`detect.profiles[${i}].targets`, p.targets.thingGroups] as const,
        ),
    ];
    for (const [at, groups] of groupKeys) {
        const i = groups.indexOf(quarantine);
        if (s.detect.enabled && i >= 0)
            problems.push(
                `${key(`${at}.thingGroups[${i}]`)}: is the stack's own quarantine group: its ` +
                    `devices are already cut off, and their violations would re-trigger quarantine; ` +
                    `target the fleet's groups instead; ${got("detect", quarantine)}`,
            );
    }

    const profileNameMax = NAME_RULES.securityProfileName.max;
    s.detect.profiles.forEach((p, i) => {
        const physical = names.securityProfile(s, p.name);
        if (physical.length > profileNameMax)
            problems.push(
                `${key(`detect.profiles[${i}].name`)}: makes the security profile's name ${physical.length} ` +
                    `characters long; the API allows at most ${profileNameMax}, so this name may have at most ` +
                    `${profileNameMax - (physical.length - p.name.length)}; ${got("detect", p.name)}`,
            );
    });
    return problems;
}
