/**
 * Detect's availability: AWS closed Device Defender Detect to accounts not onboarded before
 * 31 Aug 2026. A Detect write (a security profile, custom metric or dimension) in such an account
 * fails with an AWS error this turns into one that says what to do.
 *
 * Which error AWS returns is not documented: the API model lists no error for it. Recognised are
 * the plausible shapes: an access refusal (AccessDeniedException, UnauthorizedException,
 * ForbiddenException, HTTP 403) that is not an IAM policy denial ("is not authorized to perform"),
 * and any error whose message speaks of Detect being unavailable to the account or new customers.
 */
import { errorName } from "../aws/calls";

const REFUSALS: readonly string[] = [
    "AccessDeniedException",
    "UnauthorizedException",
    "ForbiddenException",
];
/** How an IAM policy denial reads: a missing permission, not a closed feature. */
const IAM_DENIAL = /is not authorized to perform/i;
const CLOSED =
    /no longer available|not available to (new )?(customers|accounts|your account)|not (yet )?onboarded|new customers/i;

/** True when a Detect write's error says the account cannot use Detect. */
export function isDetectClosed(err: unknown): boolean {
    const e = err as { message?: string; $metadata?: { httpStatusCode?: number } };
    const message = e?.message ?? "";
    if (CLOSED.test(message)) return true;
    const refused = REFUSALS.includes(errorName(err)) || e?.$metadata?.httpStatusCode === 403;
    return refused && !IAM_DENIAL.test(message);
}

/**
 * Runs a Detect write; if AWS answers that the account cannot use Detect, fails with what to do
 * instead of AWS's raw error (which it keeps, at the end).
 */
export async function detectWrite<T>(call: () => Promise<T>): Promise<T> {
    try {
        return await call();
    } catch (err) {
        if (!isDetectClosed(err)) throw err;
        const closed = new Error(
            "This AWS account cannot use Device Defender Detect, which AWS closed to accounts not onboarded before 31 Aug 2026. " +
                "Set `iot-defender:detect.engine: logs` to watch device behaviour from AWS IoT logs in CloudWatch instead, " +
                "or `iot-defender:detect.enabled: false` for an audit-only stack, in Pulumi.<stack>.yaml, and run `pulumi up` again. " +
                `(AWS said: ${(err as Error).message})`,
        );
        closed.name = errorName(err);
        throw closed;
    }
}
