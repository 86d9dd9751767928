/**
 * The responder's AWS calls: start mitigation tasks and dead-letter messages, with bounded retries
 * on throttling, transient errors and too many running tasks. Clients are created once per
 * container, per region.
 */
import {
    IoTClient,
    StartAuditMitigationActionsTaskCommand,
    StartDetectMitigationActionsTaskCommand,
} from "@aws-sdk/client-iot";
import type {
    StartAuditMitigationActionsTaskCommandInput,
    StartDetectMitigationActionsTaskCommandInput,
} from "@aws-sdk/client-iot";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { isRetryable } from "../../components/facts/aws/errors";
import { type DeadLetter, deadLetterBody } from "./letter";
import { errorField, log } from "./log";

// The SDK's own retries are off (maxAttempts 1): `withRetries` is the one retry policy, so it
// behaves the same under test mocks as against AWS and attempts never multiply.
/** One client per container and region: made on first use, again when the region changes. */
export function perRegion<T>(make: (region: string) => T): (region: string) => T {
    let cached: { region: string; client: T } | undefined;
    return region => {
        if (cached?.region !== region) cached = { region, client: make(region) };
        return cached.client;
    };
}

export const iotClient = perRegion(region => new IoTClient({ region, maxAttempts: 1 }));
export const sqsClient = perRegion(region => new SQSClient({ region, maxAttempts: 1 }));

export interface RetryPolicy {
    /** Calls at most, the first included. */
    readonly attempts: number;
    readonly baseMs: number;
    readonly maxDelayMs: number;
}

/** Throttling and transient failures: exponential backoff with jitter, about 2 s at worst. */
export const RETRY: RetryPolicy = { attempts: 4, baseMs: 200, maxDelayMs: 1_000 };

/**
 * Too many mitigation tasks running at once (LimitExceededException: Device Defender runs at most
 * 5 Detect and 10 audit mitigation tasks concurrently), which a burst of violations reaches. A place
 * frees only when a running task ends, so the waits are longer: about 46 s in all at worst, and
 * never past the invocation's deadline. What still fails fails the invocation; Lambda retries it
 * later and then dead-letters it.
 */
export const LIMIT_RETRY: RetryPolicy = { attempts: 6, baseMs: 2_000, maxDelayMs: 16_000 };

/** Time kept back from the invocation's remaining time for logging and the dead-letter write. */
export const DEADLINE_RESERVE_MS = 5_000;

/** Overridable time, so tests run retries without real delays. */
export const clock = {
    sleep: (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)),
    now: () => Date.now(),
};

/** When retrying must stop, from the invocation's remaining time (none given: no deadline). */
export function deadlineFrom(remainingMs: number | undefined): number {
    return remainingMs === undefined ? Infinity : clock.now() + remainingMs - DEADLINE_RESERVE_MS;
}

/** Too many concurrent mitigation tasks (HTTP 410 in the API model: not a throttling error). */
export function isLimitExceeded(err: unknown): boolean {
    return (err as { name?: unknown } | undefined)?.name === "LimitExceededException";
}

/** The task id is taken: the same violation or audit was already acted on. */
export function isAlreadyExists(err: unknown): boolean {
    const name = (err as { name?: unknown } | undefined)?.name;
    return name === "TaskAlreadyExistsException" || name === "ResourceAlreadyExistsException";
}

function retryPolicyFor(err: unknown): { policy: RetryPolicy; reason: string } | undefined {
    if (isLimitExceeded(err)) return { policy: LIMIT_RETRY, reason: "limit-exceeded" };
    if (isRetryable(err)) return { policy: RETRY, reason: "transient" };
    return undefined;
}

/** Each policy counts its own failures, so throttling does not use up the wait for running tasks. */
export async function withRetries<T>(
    operation: string,
    call: () => Promise<T>,
    deadline = Infinity,
): Promise<T> {
    const failures = new Map<RetryPolicy, number>();
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            const retry = retryPolicyFor(err);
            if (!retry) throw err;
            const failed = (failures.get(retry.policy) ?? 0) + 1;
            failures.set(retry.policy, failed);
            if (failed >= retry.policy.attempts) throw err;
            const ceiling = Math.min(
                retry.policy.maxDelayMs,
                retry.policy.baseMs * 2 ** (failed - 1),
            );
            const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
            if (clock.now() + delayMs > deadline) {
                log({
                    level: "warn",
                    operation,
                    attempt,
                    delayMs,
                    outcome: "out-of-time",
                    reason: retry.reason,
                    error: errorField(err),
                });
                throw err;
            }
            log({
                level: "warn",
                operation,
                attempt,
                delayMs,
                outcome: "retrying",
                reason: retry.reason,
                error: errorField(err),
            });
            await clock.sleep(delayMs);
        }
    }
}

export type StartOutcome = "started" | "duplicate";

export async function startDetectMitigation(
    region: string,
    request: StartDetectMitigationActionsTaskCommandInput,
    deadline = Infinity,
): Promise<StartOutcome> {
    return startTask(() =>
        withRetries(
            "StartDetectMitigationActionsTask",
            () => iotClient(region).send(new StartDetectMitigationActionsTaskCommand(request)),
            deadline,
        ),
    );
}

export async function startAuditMitigation(
    region: string,
    request: StartAuditMitigationActionsTaskCommandInput,
    deadline = Infinity,
): Promise<StartOutcome> {
    return startTask(() =>
        withRetries(
            "StartAuditMitigationActionsTask",
            () => iotClient(region).send(new StartAuditMitigationActionsTaskCommand(request)),
            deadline,
        ),
    );
}

async function startTask(call: () => Promise<unknown>): Promise<StartOutcome> {
    try {
        await call();
        return "started";
    } catch (err) {
        if (isAlreadyExists(err)) return "duplicate";
        throw err;
    }
}

const ATTRIBUTE_MAX = 256;

/** Sends one message to the dead-letter queue; returns the SQS message id. Throws if SQS fails. */
export async function sendToDeadLetterQueue(
    region: string,
    queueUrl: string,
    letter: DeadLetter,
): Promise<string | undefined> {
    const result = await withRetries("SendMessage", () =>
        sqsClient(region).send(
            new SendMessageCommand({
                QueueUrl: queueUrl,
                MessageBody: deadLetterBody(letter),
                MessageAttributes: {
                    reason: { DataType: "String", StringValue: letter.reason },
                    detail: {
                        DataType: "String",
                        StringValue: truncate(letter.detail || letter.reason, ATTRIBUTE_MAX),
                    },
                    source: { DataType: "String", StringValue: "iot-defender-responder" },
                },
            }),
        ),
    );
    return result.MessageId;
}

function truncate(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
