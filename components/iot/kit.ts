/**
 * Shared machinery of the Device Defender dynamic providers: IoT clients, bounded retries on
 * throttling and transient errors, error wording, unknown-value guards and input diffing.
 *
 * Provider objects are serialized by Pulumi with everything they reference, so this module holds
 * only plain functions and constants; the SDK is reached through named imports and clients are
 * built inside calls, never captured.
 */
import { IoTClient } from "@aws-sdk/client-iot";

/** The value Pulumi passes for inputs not known yet (preview), whatever the field's type. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True if the value, or anything inside it, is not known yet. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** A property failure, as `check` reports it. */
export interface CheckFailure { property: string; reason: string }

/**
 * An IoT client for one region. The SDK's own retries are off: `callAws` retries with bounded
 * backoff, so retries behave the same under test mocks as against AWS.
 */
export function iotClient(region: string): IoTClient {
    return new IoTClient({ region, maxAttempts: 1 });
}

/** Errors worth retrying: throttling, and AWS-side failures that are transient by nature. */
const RETRYABLE = new Set([
    "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "Throttling",
    "InternalFailureException", "InternalServerException", "ServiceUnavailableException", "ServiceUnavailable",
    "TimeoutError", "RequestTimeout", "ECONNRESET", "ETIMEDOUT", "EPIPE",
]);

export function isRetryable(err: unknown): boolean {
    const e = err as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
    const status = e?.$metadata?.httpStatusCode;
    return RETRYABLE.has(e?.name ?? "") || RETRYABLE.has(e?.code ?? "") || !!e?.$retryable || status === 429 || (status !== undefined && status >= 500);
}

export function isNotFound(err: unknown): boolean {
    return (err as { name?: string })?.name === "ResourceNotFoundException";
}

export function errorName(err: unknown): string {
    return (err as { name?: string })?.name ?? "Error";
}

/** Retry policy: attempts and backoff are bounded, so a call gives up within about a minute. */
export const RETRY = { attempts: 6, baseMs: 500, maxDelayMs: 20_000 };

/** Overridable wait, so tests run retries without real delays. */
export const clock = { sleep: (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)) };

/**
 * Runs one AWS call with retries on throttling and transient errors (exponential backoff with
 * full jitter). Permanent errors, and the last transient one, are rethrown with `what` in front of
 * the AWS message, keeping the AWS error name so callers can still branch on it.
 */
export async function callAws<T>(what: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            if (attempt < RETRY.attempts && isRetryable(err)) {
                const cap = Math.min(RETRY.maxDelayMs, RETRY.baseMs * 2 ** (attempt - 1));
                await clock.sleep(Math.floor(Math.random() * cap) + 1);
                continue;
            }
            throw awsError(what, err, attempt);
        }
    }
}

/** An Error carrying the AWS error name and message, prefixed with what was being done. */
export function awsError(what: string, err: unknown, attempts = 1): Error {
    const e = err as { name?: string; message?: string };
    const tried = attempts > 1 ? ` (after ${attempts} attempts)` : "";
    const wrapped = new Error(`${what}: ${e?.name ?? "Error"}: ${e?.message ?? String(err)}${tried}`);
    wrapped.name = e?.name ?? "Error";
    return wrapped;
}

/** Inputs without Pulumi's `__provider` (the serialized provider) and without undefined fields. */
export function cleanInputs<T extends object>(inputs: T): T {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(inputs)) if (k !== "__provider" && v !== undefined) out[k] = v;
    return out as T;
}

/** Deep equality that ignores undefined fields and the order of object keys. */
export function sameValue(a: unknown, b: unknown): boolean {
    return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
    return JSON.stringify(v, (_k, val) => (val && typeof val === "object" && !Array.isArray(val)
        ? Object.fromEntries(Object.entries(val).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
        : val)) ?? "undefined";
}

/** Result of `diff`, as the dynamic provider interface expects it. */
export interface DiffResult { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }

/**
 * Compares old state with new inputs over `keys`. Keys in `replaceKeys` force replacement (names,
 * region, immutable fields). An unknown new value counts as a change. `__provider` is never compared.
 */
export function diffKeys(olds: Record<string, unknown>, news: Record<string, unknown>, keys: readonly string[], replaceKeys: readonly string[]): DiffResult {
    const changed = keys.filter(k => k !== "__provider" && (containsUnknown(news[k]) || !sameValue(olds[k], news[k])));
    const replaces = changed.filter(k => replaceKeys.includes(k));
    // Names are unique in the account: the old resource must go before the new one is created.
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
}

/** Names of the keys whose value differs between two objects (for update planning). */
export function changedKeys(olds: Record<string, unknown>, news: Record<string, unknown>, keys: readonly string[]): string[] {
    return keys.filter(k => !sameValue(olds[k], news[k]));
}

/** Basic checks shared by every resource: a region and a name matching the API's rule. */
export function checkRegionAndName(inputs: Record<string, unknown>, nameKey: string, rule: { pattern: RegExp; allowed: string }): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const region = inputs.region;
    if (region !== UNKNOWN && (typeof region !== "string" || !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(region))) {
        failures.push({ property: "region", reason: `region must be an AWS region name like eu-west-1; got ${JSON.stringify(region)}` });
    }
    const name = inputs[nameKey];
    if (name !== UNKNOWN && (typeof name !== "string" || !rule.pattern.test(name))) {
        failures.push({ property: nameKey, reason: `${nameKey} must be ${rule.allowed}; got ${JSON.stringify(name)}` });
    }
    return failures;
}

/** Tags in the IoT API's `[{Key, Value}]` form, sorted, for stable diffs. */
export type IotTag = { Key: string; Value?: string };
export function tagMap(tags: readonly IotTag[] | undefined): Record<string, string> {
    return Object.fromEntries((tags ?? []).map(t => [t.Key, t.Value ?? ""]));
}
