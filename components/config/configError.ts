/**
 * The error a stack's config raises: every problem, each naming the key, the value and what is
 * allowed. Its own module, without the validation's: the tools that catch it need not load zod.
 */

/** Raised before any resource is registered; lists every problem found, not just the first. */
export class ConfigError extends Error {
    constructor(
        readonly problems: readonly string[],
        source: string,
    ) {
        super(
            `Invalid stack configuration in ${source}: ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
                problems.map(p => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}
