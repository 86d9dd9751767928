/**
 * The on-demand audits `ops audit` specs serve: the dev stack, options, tasks and findings as
 * AWS describes them, and accounts whose audit starts and completes.
 */
import {
    AuditCheckDetails,
    AuditFinding,
    DescribeAuditTaskCommand,
    DescribeAuditTaskResponse,
    ListAuditFindingsCommand,
    StartOnDemandAuditTaskCommand,
} from "@aws-sdk/client-iot";
import { AuditOptions } from "../../tools/ops/audit";
import { stackSettings } from "../harness";
import { auditConfigured, Harness, START } from "./fixture";

export const dev = stackSettings("dev");
export const TASK = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
export const options = (o: Partial<AuditOptions> = {}): AuditOptions => ({
    intervalSeconds: 15,
    timeoutSeconds: 1800,
    json: false,
    ...o,
});

export function task(
    status: DescribeAuditTaskResponse["taskStatus"],
    stats: {
        done: number;
        nonCompliant?: number;
        failed?: number;
        canceled?: number;
        total?: number;
    },
    auditDetails: Record<string, AuditCheckDetails> = {},
): DescribeAuditTaskResponse {
    const total = stats.total ?? dev.audit.checks.length;
    const nonCompliant = stats.nonCompliant ?? 0,
        failed = stats.failed ?? 0,
        canceled = stats.canceled ?? 0;
    return {
        taskStatus: status,
        taskType: "ON_DEMAND_AUDIT_TASK",
        taskStartTime: START,
        taskStatistics: {
            totalChecks: total,
            inProgressChecks: total - stats.done,
            waitingForDataCollectionChecks: 0,
            compliantChecks: stats.done - nonCompliant - failed - canceled,
            nonCompliantChecks: nonCompliant,
            failedChecks: failed,
            canceledChecks: canceled,
        },
        auditDetails,
    };
}

export function finding(
    id: string,
    checkName: string,
    severity: AuditFinding["severity"],
    clientId: string,
    suppressed = false,
): AuditFinding {
    return {
        findingId: id,
        taskId: TASK,
        checkName,
        severity,
        isSuppressed: suppressed,
        findingTime: START,
        nonCompliantResource: { resourceType: "CLIENT_ID", resourceIdentifier: { clientId } },
        reasonForNonCompliance: `reason ${id}`,
        reasonForNonComplianceCode: "CODE",
    };
}

/** An account whose audit configuration enables the dev checks, and whose on-demand audit starts as TASK. */
export function starts(h: Harness): void {
    auditConfigured(h, dev.audit.checks);
    h.iot.on(StartOnDemandAuditTaskCommand).resolves({ taskId: TASK });
}

/** A task that completes on the third poll with the given findings, served in pages. */
export function completesWith(
    h: Harness,
    pages: AuditFinding[][],
    details: Record<string, AuditCheckDetails> = {},
): void {
    starts(h);
    h.iot
        .on(DescribeAuditTaskCommand, { taskId: TASK })
        .resolvesOnce(task("IN_PROGRESS", { done: 0 }))
        .resolvesOnce(task("IN_PROGRESS", { done: 6, nonCompliant: 1 }))
        .resolves(task("COMPLETED", { done: 14, nonCompliant: 2 }, details));
    // Page n+1 is served for nextToken "page-<n+1>"; the last page has no nextToken.
    h.iot.on(ListAuditFindingsCommand, { taskId: TASK }).callsFake(input => {
        const i =
            input.nextToken === undefined
                ? 0
                : Number(/^page-(\d+)$/.exec(input.nextToken)![1]) - 1;
        return {
            findings: pages[i],
            nextToken: i + 1 < pages.length ? `page-${i + 2}` : undefined,
        };
    });
}
