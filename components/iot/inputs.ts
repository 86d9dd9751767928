/**
 * Provider inputs: the unknown-value guards a preview needs and the comparison `diff` and
 * `update` plan with.
 *
 * Provider objects are serialized by Pulumi with everything they reference, so this module holds
 * only plain functions and constants.
 */
import { runtime } from "@pulumi/pulumi";

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
