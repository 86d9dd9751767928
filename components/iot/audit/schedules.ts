/**
 * Brings the stack's scheduled audits from what the state holds to what the inputs want, in an
 * order AWS accepts once the configuration enables every check they will run: audits removed from
 * the stack (and released ones) go first, freeing the per-region quota and the checks about to be
 * disabled; then kept and reclaimed audits take their new settings and tags; then new ones are made.
 */
import type { IoTClient, Tag } from "@aws-sdk/client-iot";
import { IotTag, syncTags } from "../tags";
import { createScheduledAudit, deleteScheduledAudit, label, updateScheduledAudit } from "./calls";
import { sameSchedule } from "./mapping";
import { applyReleases, Survey } from "./release";
import type { Schedules } from "./types";

export interface ScheduleChange {
    region: string;
    /** What the state holds (none on create), with the tags and ARNs it recorded. */
    previous: Schedules;
    previousTags?: Tag[];
    arns: Record<string, string>;
    /** What the inputs want. */
    wanted: Schedules;
    tags?: Tag[];
}

/** Applies the change; returns the ARN of every wanted scheduled audit. */
export async function applySchedules(
    client: IoTClient,
    c: ScheduleChange,
    found: Survey,
): Promise<Record<string, string>> {
    const { region, previous, wanted } = c;
    for (const name of Object.keys(previous).filter(n => !(n in wanted)))
        await deleteScheduledAudit(client, region, name, " (removed from this stack)");
    await applyReleases(client, region, found.releases);

    const arns: Record<string, string> = {};
    const creating: string[] = [];
    for (const [name, s] of Object.entries(wanted)) {
        const reclaimed = found.reclaimed.get(name);
        const kept = name in previous;
        if (!kept && !reclaimed) {
            creating.push(name);
            continue;
        }
        const arn = reclaimed ? reclaimed.arn : c.arns[name];
        const was = reclaimed ? reclaimed.live : previous[name];
        if (!sameSchedule(was, s)) await updateScheduledAudit(client, region, name, s);
        const tagsWere = (reclaimed ? reclaimed.tags : c.previousTags) as IotTag[] | undefined;
        await syncTags(client, arn, tagsWere, c.tags as IotTag[] | undefined, label(name, region));
        arns[name] = arn;
    }
    for (const name of creating)
        arns[name] = await createScheduledAudit(client, region, name, wanted[name], c.tags);
    return arns;
}
