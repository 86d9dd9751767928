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

/** Tags in the `[{Key, Value}]` form the IoT API uses. */
export function iotTags(tags: Record<string, string>): { Key: string; Value: string }[] {
    return Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)).map(([Key, Value]) => ({ Key, Value }));
}
