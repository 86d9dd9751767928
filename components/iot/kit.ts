/**
 * Shared machinery of the Device Defender dynamic providers: unknown-value guards, input checks,
 * input diffing and tags. AWS calls themselves (clients, retries, errors) are `../aws/calls`.
 *
 * Provider objects are serialized by Pulumi with everything they reference, so this module holds
 * only plain functions and constants; the SDK is reached through named imports and clients are
 * built inside calls, never captured.
 */
import { runtime } from "@pulumi/pulumi";
import {
    IoTClient,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UntagResourceCommand,
} from "@aws-sdk/client-iot";
import {
    ArnProblem,
    ArnRule,
    arnProblem,
    isReservedTagKey,
    REGION_PATTERN,
    ROLE_ARN,
    TAG_LIMITS,
} from "../facts";
import { callAws } from "../aws/calls";
import { OWNERSHIP_TAG_KEYS } from "../tags";

/** The value Pulumi passes for inputs not known yet (preview), whatever the field's type. */
export const UNKNOWN = runtime.unknownValue;

/** True if the value, or anything inside it, is not known yet. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** True for a plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
    return !!v && typeof v === "object" && !Array.isArray(v);
}

/** A property failure, as `check` reports it. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** Inputs without Pulumi's `__provider` (the serialized provider) and without undefined fields. */
export function cleanInputs<T extends object>(inputs: T): T {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(inputs))
        if (k !== "__provider" && v !== undefined) out[k] = v;
    return out as T;
}

/** Deep equality that ignores undefined fields and the order of object keys. */
export function sameValue(a: unknown, b: unknown): boolean {
    return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
    return (
        JSON.stringify(v, (_k, val) =>
            val && typeof val === "object" && !Array.isArray(val)
                ? Object.fromEntries(
                      Object.entries(val)
                          .filter(([, x]) => x !== undefined)
                          .sort(([a], [b]) => a.localeCompare(b)),
                  )
                : val,
        ) ?? "undefined"
    );
}

/** Result of `diff`, as the dynamic provider interface expects it. */
export interface DiffResult {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/**
 * Compares old state with new inputs over `keys`. Keys in `replaceKeys` force replacement (names,
 * region, immutable fields). An unknown new value counts as a change. `__provider` is never compared.
 */
export function diffKeys(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    keys: readonly string[],
    replaceKeys: readonly string[],
): DiffResult {
    const changed = keys.filter(
        k => k !== "__provider" && (containsUnknown(news[k]) || !sameValue(olds[k], news[k])),
    );
    const replaces = changed.filter(k => replaceKeys.includes(k));
    // Names are unique in the account: the old resource must go before the new one is created.
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
}

/** Names of the keys whose value differs between two objects (for update planning). */
export function changedKeys(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    keys: readonly string[],
): string[] {
    return keys.filter(k => !sameValue(olds[k], news[k]));
}

/** Basic checks shared by every resource: a region and a name matching the API's rule. */
export function checkRegionAndName(
    inputs: Record<string, unknown>,
    nameKey: string,
    rule: { pattern: RegExp; allowed: string },
): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const region = inputs.region;
    if (region !== UNKNOWN && (typeof region !== "string" || !REGION_PATTERN.test(region))) {
        failures.push({
            property: "region",
            reason: `region must be an AWS region name like eu-west-1; got ${JSON.stringify(region)}`,
        });
    }
    const name = inputs[nameKey];
    if (name !== UNKNOWN && (typeof name !== "string" || !rule.pattern.test(name))) {
        failures.push({
            property: nameKey,
            reason: `${nameKey} must be ${rule.allowed}; got ${JSON.stringify(name)}`,
        });
    }
    return failures;
}

/** Tags in the IoT API's `[{Key, Value}]` form, sorted, for stable diffs. */
export type IotTag = { Key: string; Value?: string };
export function tagMap(tags: readonly IotTag[] | undefined): Record<string, string> {
    return Object.fromEntries((tags ?? []).map(t => [t.Key, t.Value ?? ""]));
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by SecurityProfile, MitigationAction, CustomMetric and Dimension.

/** A problem the facts' ARN validator found, worded for `check`. */
export function arnFailure(
    property: string,
    value: unknown,
    problem: ArnProblem,
    rule: ArnRule,
): CheckFailure {
    const allowed =
        problem === "format"
            ? `${rule.what} (${rule.shape})`
            : `a string of ${rule.min}-${rule.max} characters`;
    return { property, reason: `${property} must be ${allowed}; got ${JSON.stringify(value)}` };
}

/** A failure unless the value is unknown or an ARN the rule accepts. */
export function checkArn(value: unknown, property: string, rule: ArnRule): CheckFailure[] {
    const problem = value === UNKNOWN ? undefined : arnProblem(value, rule);
    return problem ? [arnFailure(property, value, problem, rule)] : [];
}

/** A failure unless the value is unknown or an IAM role ARN. */
export function checkRoleArn(value: unknown, property: string): CheckFailure[] {
    return checkArn(value, property, ROLE_ARN);
}

/** A failure unless the value is unknown, absent (when optional) or a string within the bounds. */
export function checkString(
    value: unknown,
    property: string,
    rule: { min?: number; max: number; pattern?: RegExp; optional?: boolean },
): CheckFailure[] {
    if (value === UNKNOWN || (value === undefined && rule.optional)) return [];
    const min = rule.min ?? 1;
    if (
        typeof value !== "string" ||
        value.length < min ||
        value.length > rule.max ||
        (rule.pattern && !rule.pattern.test(value))
    ) {
        const shape = rule.pattern ? ` matching ${rule.pattern}` : "";
        return [
            {
                property,
                reason: `${property} must be a string of ${min}-${rule.max} characters${shape}; got ${JSON.stringify(value)}`,
            },
        ];
    }
    return [];
}

/** Checks `[{Key, Value}]` tags against the API limits; unknown values are skipped. */
export function checkTags(tags: unknown, property = "tags"): CheckFailure[] {
    if (tags === undefined || tags === UNKNOWN) return [];
    if (!Array.isArray(tags))
        return [
            {
                property,
                reason: `${property} must be a list of {Key, Value}; got ${JSON.stringify(tags)}`,
            },
        ];
    const failures: CheckFailure[] = [];
    if (tags.length > TAG_LIMITS.perResource) {
        failures.push({
            property,
            reason: `${property} has ${tags.length} tags; at most ${TAG_LIMITS.perResource} tags are allowed`,
        });
    }
    const seen = new Set<string>();
    tags.forEach((tag: unknown, i: number) => {
        if (tag === UNKNOWN) return;
        const t = tag as { Key?: unknown; Value?: unknown };
        if (!t || typeof t !== "object") {
            failures.push({
                property: `${property}[${i}]`,
                reason: `${property}[${i}] must be {Key, Value}; got ${JSON.stringify(tag)}`,
            });
            return;
        }
        failures.push(...checkString(t.Key, `${property}[${i}].Key`, { max: TAG_LIMITS.keyMax }));
        failures.push(
            ...checkString(t.Value, `${property}[${i}].Value`, {
                min: 0,
                max: TAG_LIMITS.valueMax,
                optional: true,
            }),
        );
        if (typeof t.Key === "string" && t.Key !== UNKNOWN) {
            failures.push(...checkTagKey(t.Key, `${property}[${i}].Key`));
            if (seen.has(t.Key))
                failures.push({
                    property: `${property}[${i}].Key`,
                    reason: `tag key ${JSON.stringify(t.Key)} appears more than once`,
                });
            seen.add(t.Key);
        }
    });
    return failures;
}

/** A tag key's characters (the API's TagKey pattern) and AWS's reserved prefix. */
function checkTagKey(key: string, property: string): CheckFailure[] {
    if (!TAG_LIMITS.keyPattern.test(key)) {
        return [
            {
                property,
                reason: `${property} may hold only letters, digits, spaces and _ . : / = + - @; got ${JSON.stringify(key)}`,
            },
        ];
    }
    if (isReservedTagKey(key)) {
        return [
            {
                property,
                reason: `${property} must not start with "${TAG_LIMITS.reservedPrefix}" in any letter case (reserved for AWS); got ${JSON.stringify(key)}`,
            },
        ];
    }
    return [];
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
            client.send(new ListTagsForResourceCommand({ resourceArn, nextToken })),
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
 * Adopts a resource a create found already there, with the wanted definition (see
 * `refuseIfDifferent`), only if it is provably this stack's own: it carries every ownership tag
 * (Project and Stack, `OWNERSHIP_TAG_KEYS`) with the value the wanted tags give it. That is a
 * create that succeeded before Pulumi saved state. Another stack's, a teammate's or a hand-made
 * resource of the same name lacks them and is refused, with the way out. Its tags are then set
 * to the wanted ones.
 */
export async function adoptOwn(
    client: IoTClient,
    existing: Existing,
    tags: readonly IotTag[] | undefined,
): Promise<void> {
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
    await syncTags(client, arn, live, tags, what);
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
            client.send(new UntagResourceCommand({ resourceArn, tagKeys: removed })),
        );
    }
    if (set.length > 0) {
        await callAws(`Tag ${what}`, () =>
            client.send(new TagResourceCommand({ resourceArn, tags: set })),
        );
    }
}
