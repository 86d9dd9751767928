/**
 * Classifies one SNS message body (`Records[i].Sns.Message`, a JSON string) as a Detect
 * violation, an audit completion, a CloudWatch alarm, an audit finding published by the
 * PUBLISH_FINDING_TO_SNS mitigation action, the responder's own insight report (report.ts), or
 * malformed. Keys decide the kind: `violationId`
 * means Detect, `taskType`/`auditDetails` an audit summary, `AlarmName` CloudWatch, the keys of an
 * audit finding a published finding. A message of a known kind that lacks a required field, or
 * whose identifiers do not match the API's patterns and lengths (validate.ts), is malformed, never
 * half-handled.
 */
import { REPORT_KEY, REPORT_KIND } from "./report";
import { identifierProblem, identifierProblems } from "./validate";

export type ViolationEventType = "in-alarm" | "alarm-cleared" | "alarm-invalidated";
const VIOLATION_EVENT_TYPES: readonly ViolationEventType[] = [
    "in-alarm",
    "alarm-cleared",
    "alarm-invalidated",
];

export interface ViolationMessage {
    readonly kind: "violation";
    readonly violationId: string;
    readonly securityProfileName: string;
    readonly thingName: string;
    readonly metric: string;
    readonly behaviorName?: string;
    readonly eventType: ViolationEventType;
}

export interface AuditCheckResult {
    readonly checkName: string;
    readonly checkRunStatus: string;
    /** Optional in the API model: absent when the check did not say how many resources failed. */
    readonly nonCompliantResourcesCount?: number;
}

export interface AuditMessage {
    readonly kind: "audit";
    readonly taskId: string;
    readonly taskType: string;
    readonly taskStatus: string;
    readonly scheduledAuditName?: string;
    readonly checks: readonly AuditCheckResult[];
}

export interface AlarmMessage {
    readonly kind: "alarm";
    readonly alarmName: string;
    readonly newState: string;
    /** As the message gives them; judged only for the stack's own insight alarms (insightDecide.ts). */
    readonly stateChangeTime?: unknown;
    readonly alarmArn?: unknown;
    /** The metric-math expressions of the alarm's trigger (Trigger.Metrics[].Expression). */
    readonly expressions: readonly unknown[];
}

/** The responder's own report of an alarm's top contributors, back from the alert topic. */
export interface ReportMessage {
    readonly kind: "report";
    readonly alarmName?: string;
}

/**
 * An audit finding the PUBLISH_FINDING_TO_SNS action published to the alert topic. Noted, never
 * acted on: the audit completion that produced it already went through the response map.
 */
export interface FindingMessage {
    readonly kind: "finding";
    readonly findingId: string;
    readonly checkName: string;
    readonly auditTaskId?: string;
    readonly severity?: string;
}

/** Why a message could not be handled; also the dead-letter `reason` attribute. */
export type MalformedReason =
    | "invalid-json"
    | "unknown-shape"
    | "missing-fields"
    | "invalid-identifier"
    | "too-large"
    /** A stack's insight alarm whose message contradicts the stack (region, rule, time). */
    | "inconsistent"
    /** A Detect violation of a security profile that is not one of the stack's (SECURITY_PROFILES). */
    | "foreign-profile";

export interface MalformedMessage {
    readonly kind: "malformed";
    readonly reason: MalformedReason;
    readonly detail: string;
}

export type ParsedMessage =
    | ViolationMessage
    | AuditMessage
    | AlarmMessage
    | FindingMessage
    | ReportMessage
    | MalformedMessage;

export function parseMessage(raw: unknown): ParsedMessage {
    if (typeof raw !== "string")
        return malformed("unknown-shape", "the SNS record has no Message string");
    let body: unknown;
    try {
        body = JSON.parse(raw);
    } catch {
        return malformed("invalid-json", "the message is not valid JSON");
    }
    if (!isObject(body)) return malformed("unknown-shape", "the message is not a JSON object");
    if ("violationId" in body) return violation(body);
    if ("taskType" in body || "auditDetails" in body) return audit(body);
    if ("AlarmName" in body) return alarm(body);
    if (body[REPORT_KEY] === REPORT_KIND)
        return {
            kind: "report",
            alarmName: typeof body.alarmName === "string" ? body.alarmName : undefined,
        };
    const found = publishedFinding(body);
    if (found) return found;
    return malformed(
        "unknown-shape",
        "the message is neither a Detect violation, an audit completion, a CloudWatch alarm nor a published audit finding",
    );
}

function violation(body: Record<string, unknown>): ViolationMessage | MalformedMessage {
    const behavior = isObject(body.behavior) ? body.behavior : {};
    const missing = [
        ...missingStrings(body, ["violationId", "securityProfileName", "thingName"]),
        ...missingStrings(behavior, ["metric"]).map(k => `behavior.${k}`),
    ];
    const eventType = body.violationEventType;
    if (!VIOLATION_EVENT_TYPES.includes(eventType as ViolationEventType))
        missing.push("violationEventType");
    if (missing.length > 0)
        return malformed("missing-fields", `Detect violation without valid ${missing.join(", ")}`);
    const invalid = identifierProblems([
        ["violationId", body.violationId, "violationId"],
        ["securityProfileName", body.securityProfileName, "securityProfileName"],
        ["thingName", body.thingName, "thingName"],
        ...(behavior.name !== undefined
            ? [["behavior.name", behavior.name, "behaviorName"] as const]
            : []),
    ]);
    if (invalid.length > 0)
        return malformed("invalid-identifier", `Detect violation: ${invalid.join("; ")}`);
    return {
        kind: "violation",
        violationId: body.violationId as string,
        securityProfileName: body.securityProfileName as string,
        thingName: body.thingName as string,
        metric: behavior.metric as string,
        behaviorName: typeof behavior.name === "string" ? behavior.name : undefined,
        eventType: eventType as ViolationEventType,
    };
}

/** A count of resources: a non-negative integer. */
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function audit(body: Record<string, unknown>): AuditMessage | MalformedMessage {
    const missing = missingStrings(body, ["taskId", "taskType", "taskStatus"]);
    const checks: AuditCheckResult[] = [];
    if (!Array.isArray(body.auditDetails)) missing.push("auditDetails");
    else {
        body.auditDetails.forEach((d: unknown, i: number) => {
            const detail = isObject(d) ? d : {};
            const bad = missingStrings(detail, ["checkName", "checkRunStatus"]);
            const count = detail.nonCompliantResourcesCount;
            if (count !== undefined && !isCount(count)) bad.push("nonCompliantResourcesCount");
            if (bad.length > 0) missing.push(...bad.map(k => `auditDetails[${i}].${k}`));
            else
                checks.push({
                    checkName: detail.checkName as string,
                    checkRunStatus: detail.checkRunStatus as string,
                    ...(count !== undefined ? { nonCompliantResourcesCount: count as number } : {}),
                });
        });
    }
    if (missing.length > 0)
        return malformed("missing-fields", `audit completion without valid ${missing.join(", ")}`);
    const invalid = identifierProblems([
        ["taskId", body.taskId, "auditTaskId"],
        ...(body.scheduledAuditName !== undefined
            ? [["scheduledAuditName", body.scheduledAuditName, "scheduledAuditName"] as const]
            : []),
    ]);
    if (invalid.length > 0)
        return malformed("invalid-identifier", `audit completion: ${invalid.join("; ")}`);
    return {
        kind: "audit",
        taskId: body.taskId as string,
        taskType: body.taskType as string,
        taskStatus: body.taskStatus as string,
        scheduledAuditName:
            typeof body.scheduledAuditName === "string" ? body.scheduledAuditName : undefined,
        checks,
    };
}

function alarm(body: Record<string, unknown>): AlarmMessage | MalformedMessage {
    const missing = missingStrings(body, ["AlarmName", "NewStateValue"]);
    if (missing.length > 0)
        return malformed("missing-fields", `CloudWatch alarm without valid ${missing.join(", ")}`);
    const trigger = isObject(body.Trigger) ? body.Trigger : {};
    return {
        kind: "alarm",
        alarmName: body.AlarmName as string,
        newState: body.NewStateValue as string,
        stateChangeTime: body.StateChangeTime,
        alarmArn: body.AlarmArn,
        expressions: Array.isArray(trigger.Metrics)
            ? trigger.Metrics.map((m: unknown) => (isObject(m) ? m.Expression : undefined)).filter(
                  e => e !== undefined,
              )
            : [],
    };
}

/**
 * AWS does not document the message PUBLISH_FINDING_TO_SNS publishes (not in the API reference,
 * the Device Defender guide or the CLI reference). Assumption, kept narrow on purpose: it carries
 * the API's AuditFinding shape, at the top level or under `finding` (as DescribeAuditFinding
 * returns it). Recognised only with a findingId of the API's pattern, a checkName and a
 * nonCompliantResource object; anything less stays an unknown shape and is dead-lettered, so a
 * different real format shows up in the dead-letter queue instead of being silently dropped.
 */
function publishedFinding(body: Record<string, unknown>): FindingMessage | undefined {
    const finding = isAuditFinding(body)
        ? body
        : isObject(body.finding) && isAuditFinding(body.finding)
          ? body.finding
          : undefined;
    if (!finding) return undefined;
    return {
        kind: "finding",
        findingId: finding.findingId as string,
        checkName: finding.checkName as string,
        auditTaskId: typeof finding.taskId === "string" ? finding.taskId : undefined,
        severity: typeof finding.severity === "string" ? finding.severity : undefined,
    };
}

function isAuditFinding(obj: Record<string, unknown>): boolean {
    return (
        identifierProblem("findingId", obj.findingId, "findingId") === undefined &&
        (obj.taskId === undefined ||
            identifierProblem("taskId", obj.taskId, "auditTaskId") === undefined) &&
        missingStrings(obj, ["checkName"]).length === 0 &&
        isObject(obj.nonCompliantResource)
    );
}

function malformed(reason: MalformedReason, detail: string): MalformedMessage {
    return { kind: "malformed", reason, detail };
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function missingStrings(obj: Record<string, unknown>, keys: readonly string[]): string[] {
    return keys.filter(k => typeof obj[k] !== "string" || (obj[k] as string).length === 0);
}
