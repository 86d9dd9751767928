/**
 * Resource construction without stack traces. The Pulumi SDK captures `new Error().stack` for
 * each of the several promises behind every output property (for its leak reports only), and
 * formatting those traces, through source-map support, is over half of what each added
 * resource costs (issue 20). Resource call sites are kept by the SDK separately, so nothing
 * deployed changes; under `DEBUG` the traces stay full, for debugging and for the spec that
 * proves the stacks are identical either way.
 */

/** Runs `construct` with `Error.stackTraceLimit = 0` (restored after, even on a throw) unless `DEBUG` is set. */
export function withoutStackTraces<T>(construct: () => T): T {
    if (process.env.DEBUG) return construct();
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return construct();
    } finally {
        Error.stackTraceLimit = limit;
    }
}
