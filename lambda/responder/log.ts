/**
 * Structured logs: one JSON object per line on stdout (CloudWatch Logs keeps each line as one
 * event, and Logs Insights parses the fields). No free text: every fact is a field.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Fields the responder logs. All optional except level; undefined fields are left out. */
export interface LogEntry {
    readonly level: LogLevel;
    /** Message kind: violation, audit, alarm, malformed, or "config" / "batch" for invocation-wide entries. */
    readonly kind?: string;
    /** What the responder decided: quarantine, mitigate-audit, none, dead-letter. */
    readonly decision?: string;
    /** What happened: started, duplicate, duplicate-in-batch, dry-run, noted, dead-lettered, retrying, failed, invalid. */
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

/** Writes one entry as a single JSON line. */
export function log(entry: LogEntry): void {
    console.log(JSON.stringify(entry));
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
