/**
 * AWS errors worth retrying: throttling, and AWS-side failures that are transient by nature. One
 * classification for the providers' and ops' calls (components/aws/calls.ts) and the responder
 * Lambda (lambda/responder/act.ts), which ships this module beside its handler.
 */

/**
 * Error names and Node.js error codes. A plain array, not a Set: Pulumi's closure serialization
 * turns a captured Set into a plain object, and `Set.prototype.has` then throws inside the deployed
 * provider.
 */
export const RETRYABLE_ERRORS: readonly string[] = [
    "ThrottlingException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "Throttling",
    "RequestThrottled",
    "InternalFailureException",
    "InternalServerException",
    "ServiceUnavailableException",
    "ServiceUnavailable",
    "TimeoutError",
    "RequestTimeout",
    "ECONNRESET",
    "ETIMEDOUT",
    "EPIPE",
];

/** A retryable error: by name or code, flagged so by the SDK, HTTP 429 or any 5xx. */
export function isRetryable(err: unknown): boolean {
    const e = err as
        | {
              name?: string;
              code?: string;
              $retryable?: unknown;
              $metadata?: { httpStatusCode?: number };
          }
        | undefined;
    const status = e?.$metadata?.httpStatusCode;
    return (
        RETRYABLE_ERRORS.includes(e?.name ?? "") ||
        RETRYABLE_ERRORS.includes(e?.code ?? "") ||
        !!e?.$retryable ||
        status === 429 ||
        (status !== undefined && status >= 500)
    );
}
