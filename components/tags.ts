/** The tags every taggable resource carries. */
import { Settings } from "./config/load";

export function stackTags(settings: Settings): Record<string, string> {
    return {
        ...settings.tags,
        Project: settings.project,
        Stack: settings.stack,
        Environment: settings.environment,
        Owner: settings.owner,
        ManagedBy: "pulumi",
    };
}

/** The stack tags that say which stack made a resource: a stack is known by its project and stack names. */
export const OWNERSHIP_TAG_KEYS = ["Project", "Stack"] as const;

/** The ownership tags (Project and Stack) taken from a stack's tags; fails, naming it, if one is missing. */
export function ownershipTags(tags: Record<string, string>): Record<string, string> {
    const owner: Record<string, string> = {};
    for (const key of OWNERSHIP_TAG_KEYS) {
        if (!tags[key])
            throw new Error(
                `The stack tags have no ${key} tag (got keys ${Object.keys(tags).sort().join(", ") || "none"}): ownership is told by ${OWNERSHIP_TAG_KEYS.join(" and ")}; build the tags with stackTags`,
            );
        owner[key] = tags[key];
    }
    return owner;
}

/** Tags in the `[{Key, Value}]` form the IoT API uses. */
export function iotTags(tags: Record<string, string>): { Key: string; Value: string }[] {
    return Object.entries(tags)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([Key, Value]) => ({ Key, Value }));
}
