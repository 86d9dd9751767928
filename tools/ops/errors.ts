/**
 * Every failure a user meets, as ONE line (`error: ...` on stderr), never a stack trace: AWS errors
 * named by the API action and region, missing credentials, unreachable regions, exhausted retries,
 * unknown stacks, invalid stack config, usage mistakes.
 */
import { ConfigError } from "../../components/config/configError";

/** A failure already worded for the user. */
export class OpsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "OpsError";
    }
}

/** A mistake on the command line: the CLI prints the line, then the usage. */
export class UsageError extends OpsError {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** An AWS call that failed for good (after `callAws`'s retries), with what was asked and where. */
export class AwsCallError extends Error {
    constructor(
        readonly action: string,
        readonly region: string,
        readonly cause: unknown,
        readonly attempts: number,
    ) {
        super(`${action} in ${region}: ${errName(cause)}: ${errMessage(cause)}`);
        this.name = "AwsCallError";
    }
}

const CREDENTIALS_MISSING = new Set(["CredentialsProviderError", "CredentialsError"]);
const CREDENTIALS_REJECTED = new Set([
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "ExpiredTokenException",
    "ExpiredToken",
    "InvalidAccessKeyId",
    "IncompleteSignature",
]);
const DENIED = new Set([
    "AccessDeniedException",
    "AccessDenied",
    "UnauthorizedException",
    "UnauthorizedOperation",
    "AuthorizationError",
]);
const THROTTLED = new Set([
    "ThrottlingException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "Throttling",
    "ThrottlingError",
]);
const UNREACHABLE = new Set([
    "ENOTFOUND",
    "EAI_AGAIN",
    "ECONNREFUSED",
    "EHOSTUNREACH",
    "ENETUNREACH",
]);

function errName(err: unknown): string {
    return (err as { name?: string })?.name ?? "Error";
}

/** The message on one line. */
function errMessage(err: unknown): string {
    const m = (err as { message?: unknown })?.message;
    const text = typeof m === "string" && m ? m : String(err);
    return text.replace(/\s*\n\s*/g, " ").trim();
}

function errCode(err: unknown): string | undefined {
    const e = err as { code?: unknown; cause?: { code?: unknown } };
    const code = e?.code ?? e?.cause?.code;
    return typeof code === "string" ? code : undefined;
}

/** True for failures no further AWS call can get past (credentials, network, region). */
export function isFatal(err: unknown): boolean {
    if (!(err instanceof AwsCallError)) return true;
    const name = errName(err.cause);
    return (
        CREDENTIALS_MISSING.has(name) ||
        CREDENTIALS_REJECTED.has(name) ||
        UNREACHABLE.has(errCode(err.cause) ?? "") ||
        /could not load credentials|getaddrinfo|region not accepted|invalid region/i.test(
            errMessage(err.cause),
        )
    );
}

/** True when AWS refused the call for lack of permission. */
export function isDenied(err: unknown): boolean {
    return err instanceof AwsCallError && DENIED.has(errName(err.cause));
}

/** The AWS error name behind an error, or undefined for non-AWS errors. */
export function awsName(err: unknown): string | undefined {
    return err instanceof AwsCallError ? errName(err.cause) : undefined;
}

/** The failure as one line, without the `error: ` prefix. */
export function describeError(err: unknown): string {
    if (err instanceof AwsCallError) return describeAws(err);
    if (err instanceof OpsError) return err.message;
    if (err instanceof ConfigError) {
        return `${err.message.split("\n")[0].replace(/^Invalid/, "invalid")} ${err.problems.join("; ")}`;
    }
    return `unexpected ${errName(err)}: ${errMessage(err)}`;
}

function describeAws(e: AwsCallError): string {
    const name = errName(e.cause);
    const msg = errMessage(e.cause);
    const code = errCode(e.cause);
    const where = `${e.action} in ${e.region}`;
    if (CREDENTIALS_MISSING.has(name) || /could not load credentials/i.test(msg)) {
        return `no AWS credentials for ${where} (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login): ${msg}`;
    }
    if (CREDENTIALS_REJECTED.has(name))
        return `AWS rejected the credentials for ${where} (${name}; expired or wrong keys?): ${msg}`;
    if (DENIED.has(name)) return `AWS denied ${where}: ${msg}`;
    if (
        UNREACHABLE.has(code ?? "") ||
        /getaddrinfo|region not accepted|invalid region/i.test(msg)
    ) {
        return `cannot reach AWS for ${where} (unknown region, no AWS IoT there, or no network?): ${msg}`;
    }
    if (THROTTLED.has(name))
        return `AWS kept throttling ${where} after ${e.attempts} attempts; try again later: ${msg}`;
    if (name === "ResourceNotFoundException") return `${where}: not found: ${msg}`;
    const tried = e.attempts > 1 ? ` (after ${e.attempts} attempts)` : "";
    return `${where} failed${tried}: ${name}: ${msg}`;
}

/** Runs a command body; any failure becomes one `error: ...` line on stderr and exit code 1. */
export async function reportFailures(
    err: (line: string) => void,
    body: () => Promise<number>,
): Promise<number> {
    try {
        return await body();
    } catch (e) {
        err(`error: ${describeError(e)}`);
        return 1;
    }
}
