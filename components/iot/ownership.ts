/**
 * Ownership: a create AWS refused because the name is taken adopts the resource only when it is
 * provably this stack's own (its ownership tags) and already has the wanted definition.
 */
import { randomUUID } from "crypto";
import type { IoTClient } from "@aws-sdk/client-iot";
import { isAlreadyExists } from "../aws/calls";
import { OWNERSHIP_TAG_KEYS } from "../tags";
import { IotTag, listTags, syncTags, tagMap } from "./tags";

/** A named resource to create, and how to read it back when its name is taken. */
export interface Creation<T extends { arn: string }> {
    /** "dimension d": what messages call it. */
    what: string;
    region: string;
    /** The tags the stack gives it (its ownership tags among them). */
    tags: readonly IotTag[] | undefined;
    /** The AWS CLI command that deletes it by hand, without --region. */
    deleteCommand: string;
    /**
     * Creates it, with `clientRequestToken` where the API takes one: the same for every retry, so
     * a retry of a create that went through answers as the first did, not ResourceAlreadyExists.
     */
    create(clientRequestToken: string): Promise<T>;
    /** The existing resource as `create` returns it, and the fields whose definition differs. */
    existing(): Promise<T & { differs: readonly string[] }>;
}

/**
 * Creates the resource; when its name is taken, adopts it only if it is provably this stack's own
 * (`requireOwn`) and has the wanted definition (`refuseIfDifferent`).
 */
export async function createOrAdopt<T extends { arn: string }>(
    client: IoTClient,
    creation: Creation<T>,
): Promise<T> {
    const { what, region, deleteCommand } = creation;
    try {
        return await creation.create(randomUUID());
    } catch (err) {
        if (!isAlreadyExists(err)) throw err;
    }
    const { differs, ...found } = await creation.existing();
    const existing = { what, region, arn: found.arn, deleteCommand };
    // Whose it is first: another's is refused as another's, whatever its definition, and never
    // with the advice to delete it as if it were a stale copy of this stack's.
    const live = await requireOwn(client, existing, creation.tags);
    refuseIfDifferent(what, region, differs, deleteCommand);
    await syncTags(client, found.arn, live, creation.tags, what);
    return found as unknown as T;
}

/**
 * A create AWS refused because the resource exists may be adopted only when its definition is the
 * wanted one: refuses otherwise, naming the fields that differ and a way out.
 */
export function refuseIfDifferent(
    what: string,
    region: string,
    differs: readonly string[],
    deleteCommand: string,
): void {
    if (differs.length === 0) return;
    throw new Error(
        `${capitalized(what)} already exists in ${region} with a different definition (${differs.join(", ")}), ` +
            `so Pulumi will not take it over. Delete it with \`${deleteCommand} --region ${region}\` and run again, ` +
            `or give the ${kind(what)} another name in the stack config.`,
    );
}

/** An existing resource to adopt: what it is, where, and how to delete it by hand. */
export interface Existing {
    what: string;
    region: string;
    arn: string;
    deleteCommand: string;
}

/**
 * A resource a create found already there may be adopted only if it is provably this stack's own:
 * it carries every ownership tag (Project and Stack, `OWNERSHIP_TAG_KEYS`) with the value the
 * wanted `tags` give it. That is a create that succeeded before Pulumi saved state. Another
 * stack's, a teammate's or a hand-made resource of the same name lacks them: refused, with the way
 * out. Returns its live tags (for the caller to set them to the wanted ones); changes nothing.
 */
export async function requireOwn(
    client: IoTClient,
    existing: Existing,
    tags: readonly IotTag[] | undefined,
): Promise<IotTag[]> {
    const { what, region, arn, deleteCommand } = existing;
    const live = await listTags(client, arn, what);
    const wanted = tagMap(tags);
    const have = tagMap(live);
    const owner = OWNERSHIP_TAG_KEYS.map(k => `${k}=${wanted[k] ?? "?"}`).join(", ");
    const missing = OWNERSHIP_TAG_KEYS.filter(k => !wanted[k]);
    if (missing.length > 0) {
        throw new Error(
            `${capitalized(what)} already exists in ${region}, and the tags this stack gives it have no ${missing.join(" or ")} tag ` +
                "(build them with stackTags), so nothing can show it is this stack's own: Pulumi will not take it over. " +
                `Delete it with \`${deleteCommand} --region ${region}\` and run again.`,
        );
    }
    const foreign = OWNERSHIP_TAG_KEYS.filter(k => have[k] !== wanted[k]);
    if (foreign.length > 0) {
        const found = OWNERSHIP_TAG_KEYS.map(k => `${k}=${have[k] ?? "(none)"}`).join(", ");
        throw new Error(
            `${capitalized(what)} already exists in ${region} and is not this stack's: it is tagged ${found}, ` +
                `not ${owner}, so Pulumi will not take it over (destroying this stack would delete it). ` +
                `Delete it with \`${deleteCommand} --region ${region}\` and run again, ` +
                `or give the ${kind(what)} another name in the stack config. If it really is this stack's ` +
                "(made by an earlier run, its tags since changed), tag it as the stack's own and run again: " +
                `\`aws iot tag-resource --region ${region} --resource-arn ${arn} --tags ` +
                `${OWNERSHIP_TAG_KEYS.map(k => `Key=${k},Value=${wanted[k]}`).join(" ")}\`.`,
        );
    }
    return live;
}

/** The ownership tags (Project and Stack) among `tags`; none unless every one of them is there. */
export function ownershipOf(tags: readonly IotTag[] | undefined): Record<string, string> {
    const all = tagMap(tags);
    if (!OWNERSHIP_TAG_KEYS.every(k => all[k])) return {};
    return Object.fromEntries(OWNERSHIP_TAG_KEYS.map(k => [k, all[k]]));
}

function capitalized(what: string): string {
    return `${what[0].toUpperCase()}${what.slice(1)}`;
}

/** "security profile" of "security profile fleet-rules". */
function kind(what: string): string {
    return what.split(" ").slice(0, -1).join(" ");
}
