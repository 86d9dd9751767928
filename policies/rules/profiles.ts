/** A security profile's properties as the Detect rules read them. */
import { DYNAMIC_TYPES } from "../../components/facts";
import { isObject, nonEmptyString, Props, read } from "./common";

export const PROFILE = [DYNAMIC_TYPES.SecurityProfile];

/** The behaviors of a profile, as plain objects with their index (reading them may throw UnknownValueError). */
export function behaviors(props: Props): {
    at: string;
    name: string;
    metric?: string;
    criteria?: Props;
    suppressAlerts?: boolean;
}[] {
    const list = props.behaviors;
    if (!Array.isArray(list)) return [];
    return list.map((b: Props, i: number) => ({
        at: `behaviors[${i}]`,
        name: typeof b?.name === "string" ? b.name : `#${i}`,
        metric: typeof b?.metric === "string" ? b.metric : undefined,
        criteria: isObject(b?.criteria) ? b.criteria : undefined,
        suppressAlerts: b?.suppressAlerts,
    }));
}

/** The profile's name for messages: securityProfileName, or the resource name while that is unknown (preview). */
export function profileName(props: Props, resourceName: string): string {
    const name = read(() => props.securityProfileName);
    return name.known && nonEmptyString(name.value) ? name.value : resourceName;
}
