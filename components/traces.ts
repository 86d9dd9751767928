/**
 * Resource construction without stack traces. The Pulumi SDK captures `new Error().stack` for
 * each of the several promises behind every output property (for its leak reports only), and
 * formatting those traces, through source-map support, is over half of what each added
 * resource costs (issue 20). Resource call sites are kept by the SDK separately, so nothing
 * deployed changes; under `DEBUG` the traces stay full, for debugging and for the spec that
 * proves the stacks are identical either way.
 */

/** Works running without traces now, and the limit to restore when the last one ends. */
let running = 0;
let savedLimit = Error.stackTraceLimit;

/**
 * Runs `work` with `Error.stackTraceLimit = 0` unless `DEBUG` is set. The limit comes back when
 * the work ends: at once for synchronous work, once its promise settles for asynchronous work (the
 * offline tools' whole build, registrations included), even on a throw or a rejection. The limit
 * is the process's, so overlapping works share one: it comes back when the last of them ends.
 * Only a native promise counts as asynchronous work, and it must settle: until it does, the
 * process has no stack traces (a build that hangs fails its own timeout first).
 */
export function withoutStackTraces<T>(work: () => T): T {
    if (process.env.DEBUG) return work();
    if (running++ === 0) {
        savedLimit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
    }
    const end = () => {
        if (--running === 0) Error.stackTraceLimit = savedLimit;
    };
    let result: T;
    try {
        result = work();
    } catch (err) {
        end();
        throw err;
    }
    if (result instanceof Promise) return result.finally(end) as T;
    end();
    return result;
}
