/**
 * Which config namespaces a stack may use. Pulumi hands the program every key of the stack file,
 * whatever its namespace: a key in a misspelt namespace (`iot-defenders:detect`) or an `aws:` key
 * nothing reads would otherwise be ignored without a word, and the stack deployed with defaults.
 */

/**
 * The `aws:` keys this project honours, and what for: the one list the config check and the
 * providers' credentials read. Every other `aws:` key is an error, not silently ignored.
 */
export const HONOURED_AWS_KEYS: Readonly<Record<string, string>> = {
    "aws:region": "the region of every resource",
    "aws:profile": "the shared-config profile of the stack's credentials",
    "aws:sharedCredentialsFiles": "where that profile is read from",
    "aws:assumeRole": "a role the stack's credentials assume",
    "aws:assumeRoles": "a chain of roles the stack's credentials assume",
    "aws:allowedAccountIds": "the only accounts the stack may deploy to",
};

/** Namespaces besides the project's own: the AWS provider's and Pulumi's. */
const OTHER_NAMESPACES = ["aws", "pulumi"] as const;

/** One problem line per key outside the namespaces this project reads. */
export function namespaceProblems(keys: readonly string[], project: string): string[] {
    const allowed = [project, ...OTHER_NAMESPACES];
    const problems: string[] = [];
    for (const key of keys) {
        const colon = key.indexOf(":");
        const namespace = colon < 0 ? "" : key.slice(0, colon);
        if (namespace === "aws" && !(key in HONOURED_AWS_KEYS)) {
            problems.push(
                `${key}: is not read by this project, so it would have no effect; ` +
                    `the aws: keys it honours: ${Object.keys(HONOURED_AWS_KEYS).join(", ")}`,
            );
        } else if (!allowed.includes(namespace)) {
            const closest = nearest(namespace, allowed);
            problems.push(
                `${key}: namespace "${namespace}" is not read by this project, so the key would ` +
                    `have no effect; did you mean ${closest}:${key.slice(colon + 1)}? ` +
                    `allowed namespaces: ${allowed.join(", ")}`,
            );
        }
    }
    return problems;
}

/** The candidate with the fewest single-character edits from `word` (the first, on a tie). */
export function nearest(word: string, candidates: readonly string[]): string {
    let best = candidates[0];
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = editDistance(word.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [c, d];
    }
    return best;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
            );
        }
        previous = current;
    }
    return previous[b.length];
}
