/**
 * Identifiers against the AWS IoT API model's patterns and lengths (NAME_RULES in the project's
 * facts, packed with the function). An alert whose identifiers AWS would reject, or that no genuine
 * Device Defender alert carries, is not acted on: it is dead-lettered at once with the reason,
 * instead of failing the Start* call and being retried into Lambda's own dead-letter queue.
 */
import type {
    StartAuditMitigationActionsTaskCommandInput,
    StartDetectMitigationActionsTaskCommandInput,
} from "@aws-sdk/client-iot";
import { NAME_RULES, type NameRuleKey } from "../../components/facts/aws/limits";

/** Longest excerpt of a bad value quoted in a problem (the letter stays small whatever the value). */
const SHOWN_MAX = 64;

/** How a value looks in a problem: JSON, cut to SHOWN_MAX characters. */
export function shown(value: unknown): string {
    const text = value === undefined ? "nothing" : JSON.stringify(value);
    return text.length <= SHOWN_MAX ? text : `${text.slice(0, SHOWN_MAX)}...(${text.length} chars)`;
}

/** The problem with one identifier, or undefined when it matches its API rule. */
export function identifierProblem(
    field: string,
    value: unknown,
    rule: NameRuleKey,
): string | undefined {
    const { pattern, allowed } = NAME_RULES[rule];
    if (typeof value === "string" && pattern.test(value)) return undefined;
    return `${field} must be ${allowed} (API ${rule}); got ${shown(value)}`;
}

/** Problems of several identifiers at once: `[field, value, rule]`; absent optional ones are skipped by the caller. */
export function identifierProblems(
    checks: readonly (readonly [string, unknown, NameRuleKey])[],
): string[] {
    return checks
        .map(([field, value, rule]) => identifierProblem(field, value, rule))
        .filter((p): p is string => p !== undefined);
}

/** Problems of a Detect mitigation request: checked before StartDetectMitigationActionsTask. */
export function detectRequestProblems(r: StartDetectMitigationActionsTaskCommandInput): string[] {
    return identifierProblems([
        ["taskId", r.taskId, "mitigationActionsTaskId"],
        ["clientRequestToken", r.clientRequestToken, "clientRequestToken"],
        ...(r.target?.violationIds ?? []).map(
            (v, i) => [`target.violationIds[${i}]`, v, "violationId"] as const,
        ),
        ...(r.actions ?? []).map((a, i) => [`actions[${i}]`, a, "mitigationActionName"] as const),
    ]);
}

/** Problems of an audit mitigation request: checked before StartAuditMitigationActionsTask. */
export function auditRequestProblems(r: StartAuditMitigationActionsTaskCommandInput): string[] {
    return identifierProblems([
        ["taskId", r.taskId, "mitigationActionsTaskId"],
        ["clientRequestToken", r.clientRequestToken, "clientRequestToken"],
        ["target.auditTaskId", r.target?.auditTaskId, "auditTaskId"],
        ...Object.entries(r.auditCheckToActionsMapping ?? {}).flatMap(([check, actions]) =>
            (actions ?? []).map(
                (a, i) =>
                    [
                        `auditCheckToActionsMapping.${check}[${i}]`,
                        a,
                        "mitigationActionName",
                    ] as const,
            ),
        ),
    ]);
}
