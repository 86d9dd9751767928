/**
 * Dead letters that always fit the queue. SQS takes at most 256 KiB per message and SNS delivers
 * messages of up to 256 KiB, which JSON escaping can grow sixfold: a letter never carries the whole
 * message, only a bounded excerpt, its size and SHA-256 digest, and the SNS message id. The full
 * message stays recoverable from the topic's other deliveries of the same SNS message id (see the
 * README, "Remediation and incident response"), and the digest proves which one it is.
 */
import { createHash } from "node:crypto";
import type { SNSEventRecord } from "aws-lambda";

/** SQS's limit on one message (body and attributes), in bytes. */
export const SQS_MESSAGE_MAX_BYTES = 256 * 1024;
/**
 * The largest SNS record, as Lambda's event JSON, that Lambda's own dead-letter queue can still
 * take if acting on it fails (the queue's limit less room for Lambda's attributes). A larger record
 * is dead-lettered at once, never acted on: no Device Defender alert comes near it.
 */
export const FALLBACK_EVENT_MAX_BYTES = SQS_MESSAGE_MAX_BYTES - 16 * 1024;
/** Characters of the message a letter quotes. */
export const EXCERPT_MAX = 4096;
const DETAIL_MAX = 2048;
const SUBJECT_MAX = 256;
/** Room kept for the letter's message attributes (reason, detail, source). */
const ATTRIBUTES_ROOM = 2048;

/** What the dead-letter queue receives for a message the responder does not act on. */
export interface DeadLetter {
    /** Machine-readable reason: invalid-json, unknown-shape, missing-fields, invalid-identifier, too-large, inconsistent, foreign-profile, invalid-config. */
    readonly reason: string;
    readonly detail: string;
    readonly snsMessageId?: string;
    readonly topicArn?: string;
    readonly subject?: string;
    readonly timestamp?: string;
    /** The message's size in UTF-8 bytes and its SHA-256 (hex), to find and check the full message. */
    readonly messageBytes: number;
    readonly messageSha256?: string;
    /** The message's first characters; `excerptTruncated` when the message is longer. */
    readonly excerpt?: string;
    readonly excerptTruncated: boolean;
}

const cut = (text: string, max: number) =>
    text.length <= max ? text : `${text.slice(0, max - 3)}...`;

/** The letter for a record: identification and a bounded excerpt, never the whole message. */
export function letterFor(record: SNSEventRecord, reason: string, detail: string): DeadLetter {
    const sns = record?.Sns;
    const message = typeof sns?.Message === "string" ? sns.Message : undefined;
    const letter: DeadLetter = {
        reason,
        detail: cut(detail, DETAIL_MAX),
        snsMessageId: typeof sns?.MessageId === "string" ? cut(sns.MessageId, 128) : undefined,
        topicArn: typeof sns?.TopicArn === "string" ? cut(sns.TopicArn, 512) : undefined,
        subject: typeof sns?.Subject === "string" ? cut(sns.Subject, SUBJECT_MAX) : undefined,
        timestamp: typeof sns?.Timestamp === "string" ? cut(sns.Timestamp, 64) : undefined,
        messageBytes: message === undefined ? 0 : Buffer.byteLength(message, "utf8"),
        messageSha256:
            message === undefined
                ? undefined
                : createHash("sha256").update(message, "utf8").digest("hex"),
        excerpt: message === undefined ? undefined : excerptOf(message, EXCERPT_MAX),
        excerptTruncated: message !== undefined && message.length > EXCERPT_MAX,
    };
    return fitted(letter);
}

/** The first `max` characters, without splitting a surrogate pair. */
function excerptOf(message: string, max: number): string {
    if (message.length <= max) return message;
    const end = /[\uD800-\uDBFF]/.test(message[max - 1]) ? max - 1 : max;
    return message.slice(0, end);
}

/** The letter, its excerpt shortened until the body fits the queue with its attributes. */
function fitted(letter: DeadLetter): DeadLetter {
    let current = letter;
    while (
        Buffer.byteLength(deadLetterBody(current), "utf8") >
            SQS_MESSAGE_MAX_BYTES - ATTRIBUTES_ROOM &&
        (current.excerpt?.length ?? 0) > 0
    ) {
        const excerpt = excerptOf(current.excerpt!, Math.floor(current.excerpt!.length / 2));
        current = { ...current, excerpt, excerptTruncated: true };
    }
    return current;
}

/** The letter as JSON, with the two characters SQS refuses that JSON leaves unescaped escaped. */
export function deadLetterBody(letter: DeadLetter): string {
    return JSON.stringify(letter).replace(
        /[\uFFFE\uFFFF]/g,
        c => `\\u${c.charCodeAt(0).toString(16)}`,
    );
}

/** The size of the record as Lambda's event, which its dead-letter queue would receive. */
export function fallbackEventBytes(record: SNSEventRecord): number {
    return Buffer.byteLength(JSON.stringify({ Records: [record] }), "utf8");
}
