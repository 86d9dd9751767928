/**
 * Tags of IoT resources: the API's `[{Key, Value}]` form, compared without order, read and set
 * with as few calls as the API allows.
 */
import type { IoTClient } from "@aws-sdk/client-iot";
import { callAws } from "../aws/calls";
import { containsUnknown } from "./inputs";
import { iotSdk } from "../aws/sdk";

/** Tags in the IoT API's `[{Key, Value}]` form, sorted, for stable diffs. */
export type IotTag = { Key: string; Value?: string };
export function tagMap(tags: readonly IotTag[] | undefined): Record<string, string> {
    return Object.fromEntries((tags ?? []).map(t => [t.Key, t.Value ?? ""]));
}

/** Tags in a form where order does not matter (for diff); unknown values are kept as they are. */
export function comparableTags(tags: unknown): unknown {
    return Array.isArray(tags) && !containsUnknown(tags) ? tagMap(tags as IotTag[]) : tags;
}

/** All tags of a resource, in `[{Key, Value}]` form, in the order of `prefer` where keys match. */
export async function listTags(
    client: IoTClient,
    resourceArn: string,
    what: string,
    prefer?: readonly IotTag[],
): Promise<IotTag[]> {
    const tags: IotTag[] = [];
    let nextToken: string | undefined;
    do {
        const page = await callAws(`List tags of ${what}`, () =>
            client.send(new (iotSdk().ListTagsForResourceCommand)({ resourceArn, nextToken })),
        );
        for (const t of page.tags ?? [])
            if (t.Key !== undefined) tags.push({ Key: t.Key, Value: t.Value ?? "" });
        nextToken = page.nextToken;
    } while (nextToken);
    const order = (prefer ?? []).map(t => t.Key);
    const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
    return tags.sort((a, b) => rank(a.Key) - rank(b.Key));
}

/**
 * Brings a resource's tags from `olds` to `news` with at most one TagResource (new or changed
 * values) and one UntagResource (removed keys); makes no call when the tags are the same.
 */
export async function syncTags(
    client: IoTClient,
    resourceArn: string,
    olds: readonly IotTag[] | undefined,
    news: readonly IotTag[] | undefined,
    what: string,
): Promise<void> {
    const before = tagMap(olds);
    const after = tagMap(news);
    const removed = Object.keys(before).filter(k => !(k in after));
    const set = Object.entries(after)
        .filter(([k, v]) => before[k] !== v)
        .map(([Key, Value]) => ({ Key, Value }));
    if (removed.length > 0) {
        await callAws(`Untag ${what}`, () =>
            client.send(new (iotSdk().UntagResourceCommand)({ resourceArn, tagKeys: removed })),
        );
    }
    if (set.length > 0) {
        await callAws(`Tag ${what}`, () =>
            client.send(new (iotSdk().TagResourceCommand)({ resourceArn, tags: set })),
        );
    }
}
