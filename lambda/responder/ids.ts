/**
 * Deterministic mitigation task ids and client request tokens. The same violation or audit task
 * always yields the same task id, so a repeated delivery cannot start a second task: AWS answers
 * with the existing task or "already exists", which the responder treats as done.
 */
import { createHash } from "node:crypto";
import { NAME_RULES } from "../../components/facts/aws/limits";

/** API limits (the facts' NAME_RULES): taskId is 1-128 of [a-zA-Z0-9_-]; clientRequestToken 1-64. */
export const TASK_ID_MAX = NAME_RULES.mitigationActionsTaskId.max;
const HASH_CHARS = 16;

export const TASK_ID_PREFIX = { quarantine: "quarantine", audit: "audit-mitigation" } as const;

/**
 * `<prefix>-<source id>`, used as is when the source id is already valid and short enough.
 * Otherwise the id is sanitized and shortened, and a hash of the original is appended so two
 * different source ids never share a task id.
 */
export function taskIdFor(prefix: string, sourceId: string): string {
    const clean = sourceId.replace(/[^a-zA-Z0-9_-]/g, "_");
    const plain = `${prefix}-${clean}`;
    if (clean === sourceId && plain.length <= TASK_ID_MAX) return plain;
    const hash = sha256(sourceId).slice(0, HASH_CHARS);
    const room = TASK_ID_MAX - prefix.length - HASH_CHARS - 2;
    return `${prefix}-${clean.slice(0, room)}-${hash}`;
}

/** Derived from the task id, so a retried request is the same request (64 hex characters). */
export function clientRequestTokenFor(taskId: string): string {
    return sha256(taskId);
}

function sha256(text: string): string {
    return createHash("sha256").update(text, "utf8").digest("hex");
}
