/**
 * AWS calls as the providers and the ops commands make them: an IoT client per region, bounded
 * retries on throttling and transient errors, and the wording and classification of AWS errors.
 *
 * Dynamic providers are serialized with everything they reference, so this module holds only
 * plain functions and constants; clients are built inside calls, never captured.
 */
import type { IoTClient } from "@aws-sdk/client-iot";
import { isRetryable } from "../facts";
import { session } from "./session";
import { iotSdk } from "./sdk";

/**
 * An IoT client for one region, with the stack's credentials when a provider's `configure` set
 * them (`./session`), else the SDK's default chain. The SDK's own retries are off: `callAws`
 * retries with bounded backoff, so retries behave the same under test mocks as against AWS.
 */
export function iotClient(region: string): IoTClient {
    if (session.failure) throw session.failure;
    const credentials = session.credentials;
    return new (iotSdk().IoTClient)({
        region,
        maxAttempts: 1,
        ...(credentials ? { credentials } : {}),
    });
}

export function isNotFound(err: unknown): boolean {
    return (err as { name?: string })?.name === "ResourceNotFoundException";
}

/** Runs a call; a ResourceNotFoundException yields undefined (already gone, or never there). */
export async function unlessNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
        return await call();
    } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
    }
}

export function errorName(err: unknown): string {
    return (err as { name?: string })?.name ?? "Error";
}

/** Retry policy: attempts and backoff are bounded, so a call gives up within about a minute. */
export const RETRY = { attempts: 6, baseMs: 500, maxDelayMs: 20_000 };

/** Overridable wait, so tests run retries without real delays. */
export const clock = {
    sleep: (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)),
};

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
    const wrapped = new Error(
        `${what}: ${e?.name ?? "Error"}: ${e?.message ?? String(err)}${tried}`,
    );
    wrapped.name = e?.name ?? "Error";
    return wrapped;
}

export function isAlreadyExists(err: unknown): boolean {
    return (err as { name?: string })?.name === "ResourceAlreadyExistsException";
}
