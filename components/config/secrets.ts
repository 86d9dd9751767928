/**
 * Secret config values (`secure:` in the stack file). Under the Pulumi CLI the program gets them
 * decrypted, with the keys that hold them (a structured key holding a `secure:` value anywhere is
 * secret as a whole). Offline there is no CLI to decrypt them: the stack-file reader puts a
 * placeholder in their place, and validation stands in a value of the right form, which the plan
 * shows as a secret and nothing deploys. Either way, the strings of secret keys are what the
 * program keeps secret (components/secrets.ts) and what error messages never print.
 */
import * as pulumi from "@pulumi/pulumi";

/** Stands for a `secure:` value offline tools cannot decrypt. */
export const OFFLINE_SECRET = "[secret: decrypted only under the Pulumi CLI]";

/** How a secret value is shown in messages. */
export const REDACTED = "[secret]";

/**
 * A stack file's config value with every `secure:` value, however deeply nested, replaced by
 * OFFLINE_SECRET; `secret` says whether there was one.
 */
export function withoutSecureValues(value: unknown): { value: unknown; secret: boolean } {
    if (Array.isArray(value)) {
        const items = value.map(withoutSecureValues);
        return { value: items.map(i => i.value), secret: items.some(i => i.secret) };
    }
    if (value && typeof value === "object") {
        const keys = Object.keys(value);
        if (keys.length === 1 && keys[0] === "secure")
            return { value: OFFLINE_SECRET, secret: true };
        const entries = Object.entries(value).map(([k, v]) => [k, withoutSecureValues(v)] as const);
        return {
            value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
            secret: entries.some(([, v]) => v.secret),
        };
    }
    return { value, secret: false };
}

/** The keys of the running program's config that hold secrets, as the CLI (or the offline engine) set them. */
export function runtimeSecretKeys(keys: readonly string[]): string[] {
    // The SDK marks isConfigSecret internal; PULUMI_CONFIG_SECRET_KEYS is what it reads.
    const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean })
        .isConfigSecret;
    if (isSecret) return keys.filter(k => isSecret(k));
    const listed = JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]") as string[];
    return keys.filter(k => listed.includes(k));
}

/**
 * Whether the running program was told which of its config keys hold secrets, even none: the CLI's
 * language host (PULUMI_CONFIG_SECRET_KEYS) or the offline engine lists them in the SDK's store.
 * Where nothing is listed, `runtimeSecretKeys` finds none, yet any key may hold a secret.
 */
export function secretKeysListed(): boolean {
    // The SDK's store is internal; its config holds the list under the variable's name.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const state = require("@pulumi/pulumi/runtime/state") as {
        getStore(): { config: Record<string, string | undefined> };
    };
    try {
        return Array.isArray(JSON.parse(state.getStore().config.PULUMI_CONFIG_SECRET_KEYS ?? ""));
    } catch {
        return false;
    }
}

/** Every string in a value (the strings of a secret key, to keep secret wherever they go). */
export function stringLeaves(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (value && typeof value === "object") return Object.values(value).flatMap(stringLeaves);
    return [];
}

type Path = readonly (string | number)[];

/** Paths (below the top-level key) of the offline placeholders in a raw config value. */
export function placeholderPaths(value: unknown, path: Path = []): Path[] {
    if (value === OFFLINE_SECRET) return [path];
    if (value && typeof value === "object") {
        return Object.entries(value).flatMap(([k, v]) =>
            placeholderPaths(v, [...path, Array.isArray(value) ? Number(k) : k]),
        );
    }
    return [];
}

/** A copy of `root` with the value at `path` replaced. */
export function setAt(root: unknown, path: Path, value: unknown): unknown {
    if (path.length === 0) return value;
    const [head, ...rest] = path;
    const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<
        string | number,
        unknown
    >;
    copy[head] = setAt(copy[head], rest, value);
    return copy;
}

/** Offline stand-ins to try for a placeholder, in order: a word, then the string formats settings use. */
export function standInCandidates(region: string, accountIds?: readonly string[]): string[] {
    return [
        "offline-secret",
        "https://offline-secret.example/",
        "offline-secret@example.com",
        `arn:aws:sqs:${region}:${accountIds?.[0] ?? "000000000000"}:offline-secret`,
    ];
}

/**
 * Replaces each offline placeholder in `raw` (top-level key -> value) with the first stand-in
 * under which `issuePaths` reports nothing at or below it; returns the keys of those it could not.
 */
export function standInPlaceholders(
    raw: Record<string, unknown>,
    candidates: readonly string[],
    issuePaths: (raw: Record<string, unknown>) => Path[],
): string[] {
    const failed: string[] = [];
    for (const [key, value] of Object.entries(raw)) {
        for (const path of placeholderPaths(value)) {
            const at = [key, ...path];
            const fits = candidates.find(candidate => {
                const trial = { ...raw, [key]: setAt(raw[key], path, candidate) };
                return !issuePaths(trial).some(p => at.every((part, i) => p[i] === part));
            });
            if (fits === undefined) failed.push(at.join("."));
            else raw[key] = setAt(raw[key], path, fits);
        }
    }
    return failed;
}
