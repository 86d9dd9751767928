/**
 * What the resource must know about the account's scheduled audits before it changes anything:
 * whether a name it is adding is taken, and which audits outside its state use a check it is about
 * to disable. The stack's scheduled audits are the ones in the resource's state. One missing from
 * it (a run that stopped before Pulumi saved state) counts as the stack's only when it carries the
 * stack's Project and Stack tags; every other audit is left alone, and the run refuses, changing
 * nothing, when one is in the way. Tags are read only for audits outside the state that are in the way.
 */
import type { IoTClient, Tag } from "@aws-sdk/client-iot";
import { IotTag, listTags, tagMap } from "../tags";
import { ownershipOf } from "../ownership";
import {
    deleteScheduledAudit,
    describeScheduledAudit,
    label,
    listScheduledAudits,
    moveScheduledAudit,
} from "./calls";
import { describeSchedule, liveSchedule } from "./mapping";
import { ScheduleSettings, where } from "./types";

/** An audit outside the state, proven the stack's, that is not wanted any more but runs a check being disabled. */
export type Release =
    | { name: string; delete: true; using: string[] }
    | { name: string; delete?: false; using: string[]; targetCheckNames: string[] };

/** A name the stack adds that exists already and is proven its own: set, not created. */
export interface Reclaimed {
    arn: string;
    live: ScheduleSettings;
    tags: Tag[];
}

export interface Survey {
    reclaimed: Map<string, Reclaimed>;
    releases: Release[];
}

export interface SurveyRequest {
    region: string;
    accountId?: string;
    /** The tags the stack's scheduled audits carry (ownership is told by Project and Stack). */
    tags?: Tag[];
    /** Names in the resource's state: the stack's own. */
    known: readonly string[];
    /** Names the stack is adding (not in its state). */
    adding: readonly string[];
    /** Checks about to be disabled. */
    disabling: readonly string[];
    /** Why the checks are disabled, for the refusal. */
    purpose?: string;
}

/** Surveys the account's scheduled audits, with no change made; throws when one is in the way. */
export async function survey(client: IoTClient, req: SurveyRequest): Promise<Survey> {
    // Built here, not captured: Pulumi's closure serialization turns a captured Map into an object.
    if (req.adding.length === 0 && req.disabling.length === 0)
        return { reclaimed: new Map(), releases: [] };
    const live = await listScheduledAudits(client, req);
    const owner = ownershipOf(req.tags as IotTag[] | undefined);
    const isOwn = async (name: string, arn: string) => {
        // With no ownership tags to compare, no audit can be proven the stack's: no need to read.
        if (Object.keys(owner).length === 0) return { tags: [] as Tag[], own: false };
        const tags = await listTags(client, arn, label(name, req.region));
        const map = tagMap(tags);
        const own =
            Object.keys(owner).length > 0 && Object.entries(owner).every(([k, v]) => map[k] === v);
        return { tags: tags as Tag[], own };
    };

    const reclaimed = new Map<string, Reclaimed>();
    for (const name of req.adding.filter(n => live.has(n))) {
        const audit = await describeScheduledAudit(client, req.region, name);
        const arn = audit.scheduledAuditArn ?? live.get(name) ?? "";
        const { tags, own } = await isOwn(name, arn);
        if (!own)
            throw nameTaken(
                req,
                name,
                describeSchedule(liveSchedule(audit), tags as IotTag[]),
                owner,
            );
        reclaimed.set(name, { arn, live: liveSchedule(audit), tags });
    }

    const releases: Release[] = [];
    const problems: string[] = [];
    if (req.disabling.length > 0) {
        for (const [name, arn] of live) {
            if (req.known.includes(name) || reclaimed.has(name)) continue;
            const audit = await describeScheduledAudit(client, req.region, name);
            const checks = audit.targetCheckNames ?? [];
            const using = checks.filter(c => req.disabling.includes(c));
            if (using.length === 0) continue;
            if (!(await isOwn(name, audit.scheduledAuditArn ?? arn)).own) {
                problems.push(
                    `scheduled audit ${name} (runs ${checks.join(", ")}) uses ${using.join(", ")}, and this stack does not manage it: ${notOwnReason(owner)}`,
                );
                continue;
            }
            const remaining = checks.filter(c => !using.includes(c));
            releases.push(
                remaining.length > 0
                    ? { name, using, targetCheckNames: remaining }
                    : { name, using, delete: true },
            );
        }
    }
    if (problems.length > 0) {
        throw new Error(
            `Cannot disable audit check(s) ${req.disabling.join(", ")} for ${where(req)}${req.purpose ?? ""}: ${problems.join("; ")}. ` +
                "A check used by a scheduled audit cannot be disabled: remove it from the scheduled audit (or delete the audit) first.",
        );
    }
    return { reclaimed, releases };
}

function notOwnReason(owner: Record<string, string>): string {
    const tags = Object.entries(owner);
    if (tags.length === 0)
        return "this stack's scheduled audits carry no Project and Stack tags, so no scheduled audit can be shown to be the stack's";
    return `it is not tagged ${tags.map(([k, v]) => `${k}=${v}`).join(", ")} as the stack's own scheduled audits are`;
}

function nameTaken(
    req: SurveyRequest,
    name: string,
    live: string,
    owner: Record<string, string>,
): Error {
    return new Error(
        `Scheduled audit ${name} already exists in ${req.region} (${live}) and is not in this stack's state: ${notOwnReason(owner)}, ` +
            "so this stack will not take it over, and this run changed nothing. " +
            `Delete it (\`aws iot delete-scheduled-audit --scheduled-audit-name ${name} --region ${req.region}\`) or give this schedule another name.`,
    );
}

/** Frees the released audits of the checks being disabled: each loses them, or is deleted when none would be left. */
export async function applyReleases(
    client: IoTClient,
    region: string,
    releases: readonly Release[],
) {
    for (const r of releases) {
        if (r.delete)
            await deleteScheduledAudit(client, region, r.name, " (not in this stack any more)");
        else await moveScheduledAudit(client, region, r.name, r.using, r.targetCheckNames);
    }
}

/**
 * Before DeleteAccountAuditConfiguration, which disables every check: fails, naming them, if a
 * scheduled audit the resource does not hold is left; `live` is the account's audits by name.
 */
export function assertNoOutsideAudits(
    state: { accountId?: string; region: string },
    live: ReadonlyMap<string, string>,
    own: readonly string[],
): void {
    const left = [...live.keys()].filter(n => !own.includes(n));
    if (left.length === 0) return;
    throw new Error(
        `Cannot delete the audit configuration of ${where(state)}: scheduled audit(s) ${left.sort().join(", ")} exist, ` +
            "which this stack does not manage; deleting the configuration would disable every check they run. The configuration is left in place. So are this stack's own scheduled audits. " +
            `Delete those scheduled audits (\`aws iot delete-scheduled-audit --region ${state.region} --scheduled-audit-name <name>\`) and run \`pulumi destroy\` again. ` +
            "To keep them running, the configuration must outlive this stack, but this destroy deletes the audit role and the notification topic it uses: " +
            "first adopt it in another stack (`iot-defender:audit.adoptExisting: true`), or point it at a role that stays " +
            `(\`aws iot update-account-audit-configuration --region ${state.region} --role-arn <role>\`, with \`--audit-notification-target-configurations\` for a topic that stays); ` +
            "then remove it from this stack's state only (`pulumi state delete <urn>`) and run `pulumi destroy` again.",
    );
}
