/**
 * The pure decision: from a classified message and the configuration to what the responder does.
 * No I/O here; the handler carries the decision out (or only logs it in dry-run).
 */
import type {
    StartAuditMitigationActionsTaskCommandInput,
    StartDetectMitigationActionsTaskCommandInput,
} from "@aws-sdk/client-iot";
import type { ResponderConfig } from "./config";
import { clientRequestTokenFor, TASK_ID_PREFIX, taskIdFor } from "./ids";
import { decideInsightAlarm, type InsightReportDecision } from "./insightDecide";
import type { MalformedReason, ParsedMessage } from "./parse";
import { auditRequestProblems, detectRequestProblems, shown } from "./validate";

/** Check run status of a check that found non-compliant resources. */
export const NON_COMPLIANT = "COMPLETED_NON_COMPLIANT";

/** Why nothing is done (logged as `reason`). */
export type NoActionReason =
    | "notify-only"
    | "unmapped-metric"
    | "alarm-cleared"
    | "alarm-invalidated"
    | "audit-not-completed"
    | "no-mapped-non-compliant-checks"
    | "cloudwatch-alarm"
    | "insight-alarm-not-in-alarm"
    | "published-finding"
    | "own-report";

export type Decision =
    | InsightReportDecision
    | {
          readonly decision: "quarantine";
          readonly taskId: string;
          readonly request: StartDetectMitigationActionsTaskCommandInput;
      }
    | {
          readonly decision: "mitigate-audit";
          readonly taskId: string;
          readonly checks: readonly string[];
          readonly request: StartAuditMitigationActionsTaskCommandInput;
      }
    | { readonly decision: "none"; readonly reason: NoActionReason }
    | {
          readonly decision: "dead-letter";
          readonly reason: MalformedReason;
          readonly detail: string;
      };

/** A request AWS would reject is never sent: the message is dead-lettered with the problems. */
function invalidRequest(problems: readonly string[]): Decision | undefined {
    return problems.length === 0
        ? undefined
        : {
              decision: "dead-letter",
              reason: "invalid-identifier",
              detail: `the mitigation request would be invalid: ${problems.join("; ")}`,
          };
}

/** `now` judges an insight alarm's state-change time (milliseconds since the epoch). */
export function decide(
    message: ParsedMessage,
    config: ResponderConfig,
    now: number = Date.now(),
): Decision {
    switch (message.kind) {
        case "malformed":
            return { decision: "dead-letter", reason: message.reason, detail: message.detail };
        case "alarm":
            return (
                decideInsightAlarm(message, config, now) ?? {
                    decision: "none",
                    reason: "cloudwatch-alarm",
                }
            );
        case "finding":
            return { decision: "none", reason: "published-finding" };
        case "report":
            return { decision: "none", reason: "own-report" };
        case "violation": {
            // Only the stack's own profiles alert here; another's violation is no order to act. The
            // message names its profile as the API's ViolationEvent does (securityProfileName: "the
            // name of the security profile whose behavior was violated", AWS IoT API reference).
            if (!config.securityProfiles.has(message.securityProfileName))
                return {
                    decision: "dead-letter",
                    reason: "foreign-profile",
                    detail: `Detect violation of security profile ${shown(message.securityProfileName)}, which is not one of the stack's in ${config.region} (${[...config.securityProfiles].join(", ") || "none"})`,
                };
            if (message.eventType !== "in-alarm")
                return { decision: "none", reason: message.eventType };
            const response = Object.prototype.hasOwnProperty.call(
                config.violationResponses,
                message.metric,
            )
                ? config.violationResponses[message.metric]
                : undefined;
            if (response === undefined) return { decision: "none", reason: "unmapped-metric" };
            if (response === "notify-only" || config.quarantineActionName === undefined)
                return { decision: "none", reason: "notify-only" };
            const taskId = taskIdFor(TASK_ID_PREFIX.quarantine, message.violationId);
            const request: StartDetectMitigationActionsTaskCommandInput = {
                taskId,
                target: { violationIds: [message.violationId] },
                actions: [config.quarantineActionName],
                includeOnlyActiveViolations: true,
                clientRequestToken: clientRequestTokenFor(taskId),
            };
            return (
                invalidRequest(detectRequestProblems(request)) ?? {
                    decision: "quarantine",
                    taskId,
                    request,
                }
            );
        }
        case "audit": {
            if (message.taskStatus !== "COMPLETED")
                return { decision: "none", reason: "audit-not-completed" };
            const mapping: Record<string, string[]> = {};
            for (const check of message.checks) {
                if (check.checkRunStatus !== NON_COMPLIANT) continue;
                // Non-compliant with nothing to mitigate; a missing count (optional in the API) is
                // not zero: the status says resources failed, so the check is mitigated.
                if (check.nonCompliantResourcesCount === 0) continue;
                if (!Object.prototype.hasOwnProperty.call(config.auditResponses, check.checkName))
                    continue;
                mapping[check.checkName] = [...config.auditResponses[check.checkName]];
            }
            const checks = Object.keys(mapping);
            if (checks.length === 0)
                return { decision: "none", reason: "no-mapped-non-compliant-checks" };
            const taskId = taskIdFor(TASK_ID_PREFIX.audit, message.taskId);
            const request: StartAuditMitigationActionsTaskCommandInput = {
                taskId,
                target: { auditTaskId: message.taskId },
                auditCheckToActionsMapping: mapping,
                clientRequestToken: clientRequestTokenFor(taskId),
            };
            return (
                invalidRequest(auditRequestProblems(request)) ?? {
                    decision: "mitigate-audit",
                    taskId,
                    checks,
                    request,
                }
            );
        }
    }
}
