/**
 * Entry point (`handler.handler`) of the responder Lambda, subscribed to the Device Defender alert
 * and audit-notification SNS topics. For each record: classify the message, decide, then act (or
 * only log in dry-run). Messages it cannot handle go to the dead-letter queue; AWS failures while
 * acting make the invocation fail, so Lambda retries it and then keeps it in its failure
 * destination. Acting is idempotent (deterministic task ids), so a retried batch is safe.
 *
 * SNS delivers one message per invocation, so a burst of violations arrives as concurrent
 * invocations, each starting its own task; the concurrent-task limit is met by waiting (see
 * LIMIT_RETRY in act.ts), not by grouping violations within an invocation.
 */
import type { Context, SNSEvent, SNSEventRecord } from "aws-lambda";
import {
    clock,
    deadlineFrom,
    sendToDeadLetterQueue,
    startAuditMitigation,
    startDetectMitigation,
} from "./act";
import { type ConfigResult, readConfig } from "./config";
import { decide } from "./decide";
import { handleInsightReport } from "./insightAct";
import { FALLBACK_EVENT_MAX_BYTES, fallbackEventBytes, letterFor } from "./letter";
import { errorField, log, type LogEntry } from "./log";
import { type ParsedMessage, parseMessage } from "./parse";

export interface RecordResult {
    readonly snsMessageId?: string;
    readonly kind: ParsedMessage["kind"];
    readonly decision: "quarantine" | "mitigate-audit" | "insight-report" | "none" | "dead-letter";
    /** started | reported | duplicate | duplicate-in-batch | dry-run | no-action | noted | dead-lettered */
    readonly outcome: string;
    readonly reason?: string;
    readonly taskId?: string;
    /** Insight reports: the contributors' client IDs, most events first, and those quarantined. */
    readonly contributors?: readonly string[];
    readonly quarantined?: readonly string[];
}

export interface HandlerResult {
    readonly records: readonly RecordResult[];
}

/** Thrown when at least one record could not be handled; Lambda then retries the invocation. */
export class ResponderError extends Error {
    constructor(
        readonly failures: readonly {
            snsMessageId?: string;
            error: { name: string; message: string };
        }[],
        total: number,
    ) {
        super(
            `${failures.length} of ${total} records failed: ${failures.map(f => `${f.snsMessageId ?? "?"}: ${f.error.name}: ${f.error.message}`).join("; ")}`,
        );
        this.name = "ResponderError";
    }
}

export async function handler(
    event: SNSEvent,
    context?: Partial<Pick<Context, "awsRequestId" | "getRemainingTimeInMillis">>,
): Promise<HandlerResult> {
    const requestId = context?.awsRequestId;
    const deadline = deadlineFrom(context?.getRemainingTimeInMillis?.());
    if (!Array.isArray(event?.Records)) {
        log({
            level: "error",
            kind: "batch",
            outcome: "failed",
            reason: "not-an-sns-event",
            requestId,
        });
        throw new Error("the event has no Records: not an SNS event");
    }
    const config = readConfig();
    if (!config.ok)
        log({
            level: "error",
            kind: "config",
            outcome: "invalid",
            reason: "invalid-config",
            problems: config.problems,
            requestId,
        });

    const acted = new Set<string>();
    const results: RecordResult[] = [];
    const failures: { snsMessageId?: string; error: { name: string; message: string } }[] = [];
    for (const record of event.Records) {
        const snsMessageId = record?.Sns?.MessageId;
        try {
            results.push(
                await handleRecord(record, config, acted, deadline, { snsMessageId, requestId }),
            );
        } catch (err) {
            failures.push({ snsMessageId, error: errorField(err) });
        }
    }
    if (failures.length > 0) throw new ResponderError(failures, event.Records.length);
    return { records: results };
}

async function handleRecord(
    record: SNSEventRecord,
    config: ConfigResult,
    acted: Set<string>,
    deadline: number,
    base: { snsMessageId?: string; requestId?: string },
): Promise<RecordResult> {
    const eventBytes = fallbackEventBytes(record);
    const message: ParsedMessage =
        eventBytes > FALLBACK_EVENT_MAX_BYTES
            ? {
                  kind: "malformed",
                  reason: "too-large",
                  detail: `the SNS record is ${eventBytes} bytes as Lambda's event, over the ${FALLBACK_EVENT_MAX_BYTES} Lambda's dead-letter queue could take if acting failed: no Device Defender alert is that large, so it is not acted on`,
              }
            : parseMessage(record?.Sns?.Message);
    const entry = { ...base, ...describe(message) };

    if (!config.ok) {
        return deadLetter(
            record,
            message,
            entry,
            "invalid-config",
            config.problems.join("; "),
            config.region,
            config.deadLetterQueueUrl,
        );
    }
    const { dryRun, region, deadLetterQueueUrl } = config.config;
    const decision = decide(message, config.config, clock.now());
    const result = {
        snsMessageId: base.snsMessageId,
        kind: message.kind,
        decision: decision.decision,
    };

    switch (decision.decision) {
        case "dead-letter":
            return deadLetter(
                record,
                message,
                entry,
                decision.reason,
                decision.detail,
                region,
                deadLetterQueueUrl,
            );
        case "insight-report":
            return handleInsightReport(decision, config.config, acted, deadline, entry, result);
        case "none": {
            const outcome = ["alarm", "finding", "report"].includes(message.kind)
                ? "noted"
                : "no-action";
            log({
                level: "info",
                ...entry,
                decision: "none",
                reason: decision.reason,
                dryRun,
                outcome,
            });
            return { ...result, outcome, reason: decision.reason };
        }
        case "quarantine":
        case "mitigate-audit": {
            const actions =
                decision.decision === "quarantine"
                    ? decision.request.actions
                    : Object.values(decision.request.auditCheckToActionsMapping ?? {}).flat();
            const details: LogEntry = {
                level: "info",
                ...entry,
                decision: decision.decision,
                taskId: decision.taskId,
                actions,
                dryRun,
                ...(decision.decision === "mitigate-audit" ? { checks: decision.checks } : {}),
            };
            if (acted.has(decision.taskId)) {
                log({ ...details, outcome: "duplicate-in-batch" });
                return { ...result, outcome: "duplicate-in-batch", taskId: decision.taskId };
            }
            acted.add(decision.taskId);
            if (dryRun) {
                log({ ...details, outcome: "dry-run" });
                return { ...result, outcome: "dry-run", taskId: decision.taskId };
            }
            let outcome: string;
            try {
                outcome =
                    decision.decision === "quarantine"
                        ? await startDetectMitigation(region, decision.request, deadline)
                        : await startAuditMitigation(region, decision.request, deadline);
            } catch (err) {
                log({ ...details, level: "error", outcome: "failed", error: errorField(err) });
                throw err;
            }
            log({ ...details, outcome });
            return { ...result, outcome, taskId: decision.taskId };
        }
    }
}

async function deadLetter(
    record: SNSEventRecord,
    message: ParsedMessage,
    entry: Omit<LogEntry, "level">,
    reason: string,
    detail: string,
    region: string | undefined,
    queueUrl: string | undefined,
): Promise<RecordResult> {
    const fields: LogEntry = { level: "warn", ...entry, decision: "dead-letter", reason, detail };
    if (!region || !queueUrl) {
        const error = new Error(
            "cannot dead-letter: DEAD_LETTER_QUEUE_URL or AWS_REGION is unusable",
        );
        log({ ...fields, level: "error", outcome: "failed", error: errorField(error) });
        throw error;
    }
    let deadLetterMessageId: string | undefined;
    try {
        deadLetterMessageId = await sendToDeadLetterQueue(
            region,
            queueUrl,
            letterFor(record, reason, detail),
        );
    } catch (err) {
        log({ ...fields, level: "error", outcome: "failed", error: errorField(err) });
        throw err;
    }
    log({ ...fields, outcome: "dead-lettered", deadLetterMessageId });
    return {
        snsMessageId: record?.Sns?.MessageId,
        kind: message.kind,
        decision: "dead-letter",
        outcome: "dead-lettered",
        reason,
    };
}

/** The identifying fields of a message, for logs. */
function describe(message: ParsedMessage): Omit<LogEntry, "level"> {
    switch (message.kind) {
        case "violation":
            return {
                kind: "violation",
                violationId: message.violationId,
                securityProfileName: message.securityProfileName,
                behaviorName: message.behaviorName,
                thingName: message.thingName,
                metric: message.metric,
                eventType: message.eventType,
            };
        case "audit":
            return {
                kind: "audit",
                auditTaskId: message.taskId,
                auditTaskType: message.taskType,
                auditTaskStatus: message.taskStatus,
                scheduledAuditName: message.scheduledAuditName,
            };
        case "alarm":
            return { kind: "alarm", alarmName: message.alarmName, alarmState: message.newState };
        case "report":
            return { kind: "report", alarmName: message.alarmName };
        case "finding":
            return {
                kind: "finding",
                findingId: message.findingId,
                checkName: message.checkName,
                auditTaskId: message.auditTaskId,
                severity: message.severity,
            };
        case "malformed":
            return { kind: "malformed" };
    }
}
