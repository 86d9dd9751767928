/**
 * Structured logs: one JSON object per line (CloudWatch Logs keeps each line as one event, and Logs
 * Insights parses the fields). No free text: every fact is a field.
 *
 * The function runs with Lambda's JSON log format (`loggingConfig.logFormat: "JSON"`, which Lambda
 * passes to the runtime as AWS_LAMBDA_LOG_FORMAT). There the runtime writes a console call with one
 * object argument as one line `{"timestamp", "level", "requestId", "message": <the object>}`, so the
 * entry goes to the console method of its level as an object. Under the text format the runtime
 * prefixes each line with time, request id and level, so the entry goes as one JSON string instead.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Fields the responder logs. All optional except level; undefined fields are left out. */
export interface LogEntry {
    readonly level: LogLevel;
    /** Message kind: violation, audit, alarm, finding, malformed, or "config" / "batch" for invocation-wide entries. */
    readonly kind?: string;
    /** What the responder decided: quarantine, mitigate-audit, none, dead-letter. */
    readonly decision?: string;
    /** What happened: started, duplicate, duplicate-in-batch, dry-run, noted, dead-lettered, retrying, out-of-time, failed, invalid. */
    readonly outcome?: string;
    /** Machine-readable reason for the decision or the outcome. */
    readonly reason?: string;
    readonly dryRun?: boolean;
    readonly snsMessageId?: string;
    readonly requestId?: string;
    readonly violationId?: string;
    readonly securityProfileName?: string;
    readonly behaviorName?: string;
    readonly thingName?: string;
    readonly metric?: string;
    readonly eventType?: string;
    readonly auditTaskId?: string;
    readonly auditTaskStatus?: string;
    readonly checks?: readonly string[];
    readonly alarmName?: string;
    readonly alarmState?: string;
    readonly findingId?: string;
    readonly checkName?: string;
    readonly severity?: string;
    readonly taskId?: string;
    readonly actions?: readonly string[];
    readonly operation?: string;
    readonly attempt?: number;
    readonly delayMs?: number;
    readonly deadLetterMessageId?: string;
    readonly problems?: readonly string[];
    readonly error?: { readonly name: string; readonly message: string };
    readonly [extra: string]: unknown;
}

/** Writes one entry as a single JSON line, through the console method of its level. */
export function log(entry: LogEntry): void {
    const jsonFormat = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === "JSON";
    // A plain copy without undefined fields, so the runtime embeds exactly what JSON.stringify keeps.
    const fields = JSON.parse(JSON.stringify(entry)) as LogEntry;
    console[entry.level](jsonFormat ? fields : JSON.stringify(fields));
}

/** An error as a log field (name and message only: no stack, no request payloads). */
export function errorField(err: unknown): { name: string; message: string } {
    if (err instanceof Error) return { name: err.name, message: err.message };
    const e = err as { name?: unknown; message?: unknown } | undefined;
    return {
        name: typeof e?.name === "string" ? e.name : "Error",
        message: typeof e?.message === "string" ? e.message : String(err),
    };
}
