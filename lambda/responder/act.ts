/**
 * The responder's AWS calls: start mitigation tasks and dead-letter messages, with bounded retries
 * on throttling and transient errors. Clients are created once per container, per region.
 */
import {
    IoTClient, StartAuditMitigationActionsTaskCommand, StartDetectMitigationActionsTaskCommand,
} from "@aws-sdk/client-iot";
import type { StartAuditMitigationActionsTaskCommandInput, StartDetectMitigationActionsTaskCommandInput } from "@aws-sdk/client-iot";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { errorField, log } from "./log";

// The SDK's own retries are off (maxAttempts 1): `withRetries` is the one retry policy, so it
// behaves the same under test mocks as against AWS and attempts never multiply.
let iot: { region: string; client: IoTClient } | undefined;
let sqs: { region: string; client: SQSClient } | undefined;

export function iotClient(region: string): IoTClient {
    if (iot?.region !== region) iot = { region, client: new IoTClient({ region, maxAttempts: 1 }) };
    return iot.client;
}

export function sqsClient(region: string): SQSClient {
    if (sqs?.region !== region) sqs = { region, client: new SQSClient({ region, maxAttempts: 1 }) };
    return sqs.client;
}

/** Retry policy: at most `attempts` calls, exponential backoff with jitter, about 2 s at worst. */
export const RETRY = { attempts: 4, baseMs: 200, maxDelayMs: 1_000 };

/** Overridable wait, so tests run retries without real delays. */
export const clock = { sleep: (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)) };

/** Throttling, and AWS-side failures that are transient by nature. */
const RETRYABLE = new Set([
    "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "Throttling", "RequestThrottled",
    "InternalFailureException", "InternalServerException", "ServiceUnavailableException", "ServiceUnavailable",
    "TimeoutError", "RequestTimeout", "ECONNRESET", "ETIMEDOUT", "EPIPE",
]);

export function isRetryable(err: unknown): boolean {
    const e = err as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } } | undefined;
    const status = e?.$metadata?.httpStatusCode;
    return RETRYABLE.has(e?.name ?? "") || RETRYABLE.has(e?.code ?? "") || !!e?.$retryable
        || status === 429 || (status !== undefined && status >= 500);
}

/** The task id is taken: the same violation or audit was already acted on. */
export function isAlreadyExists(err: unknown): boolean {
    const name = (err as { name?: unknown } | undefined)?.name;
    return name === "TaskAlreadyExistsException" || name === "ResourceAlreadyExistsException";
}

export async function withRetries<T>(operation: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            if (attempt >= RETRY.attempts || !isRetryable(err)) throw err;
            const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseMs * 2 ** (attempt - 1));
            const delayMs = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
            log({ level: "warn", operation, attempt, delayMs, outcome: "retrying", error: errorField(err) });
            await clock.sleep(delayMs);
        }
    }
}

export type StartOutcome = "started" | "duplicate";

export async function startDetectMitigation(region: string, request: StartDetectMitigationActionsTaskCommandInput): Promise<StartOutcome> {
    return startTask(() => withRetries("StartDetectMitigationActionsTask",
        () => iotClient(region).send(new StartDetectMitigationActionsTaskCommand(request))));
}

export async function startAuditMitigation(region: string, request: StartAuditMitigationActionsTaskCommandInput): Promise<StartOutcome> {
    return startTask(() => withRetries("StartAuditMitigationActionsTask",
        () => iotClient(region).send(new StartAuditMitigationActionsTaskCommand(request))));
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

/** What the dead-letter queue receives for a message the responder could not handle. */
export interface DeadLetter {
    /** Machine-readable reason: invalid-json, unknown-shape, missing-fields, invalid-config. */
    readonly reason: string;
    readonly detail: string;
    /** The SNS message body exactly as received. */
    readonly message: string | undefined;
    readonly snsMessageId?: string;
    readonly topicArn?: string;
    readonly subject?: string;
    readonly timestamp?: string;
}

const ATTRIBUTE_MAX = 256;

/** Sends one message to the dead-letter queue; returns the SQS message id. Throws if SQS fails. */
export async function sendToDeadLetterQueue(region: string, queueUrl: string, letter: DeadLetter): Promise<string | undefined> {
    const result = await withRetries("SendMessage", () => sqsClient(region).send(new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: deadLetterBody(letter),
        MessageAttributes: {
            reason: { DataType: "String", StringValue: letter.reason },
            detail: { DataType: "String", StringValue: truncate(letter.detail || letter.reason, ATTRIBUTE_MAX) },
            source: { DataType: "String", StringValue: "iot-defender-responder" },
        },
    })));
    return result.MessageId;
}

/** The letter as JSON, with the two characters SQS refuses that JSON leaves unescaped escaped. */
export function deadLetterBody(letter: DeadLetter): string {
    return JSON.stringify(letter).replace(/[\uFFFE\uFFFF]/g, c => `\\u${c.charCodeAt(0).toString(16)}`);
}

function truncate(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
