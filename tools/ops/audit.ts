/**
 * `ops audit`: checks that the region's audit configuration enables the stack's checks, starts an
 * on-demand audit over them, polls it to the end (there is no SDK waiter), then prints a per-check
 * summary and every finding, most severe first. A COMPLETED task with failed or canceled checks
 * is a failure too: their resources were not audited.
 */
import {
    AuditCheckDetails,
    AuditFinding,
    DescribeAccountAuditConfigurationCommand,
    DescribeAuditTaskCommand,
    DescribeAuditTaskResponse,
    ListAuditFindingsCommand,
    StartOnDemandAuditTaskCommand,
    TaskStatistics,
} from "@aws-sdk/client-iot";
import { RegionSettings } from "../../components/config/load";
import { AUDIT_TASK_STATUSES, Severity } from "../../components/facts";
import { allPages, request } from "./aws";
import { EXIT, OpsContext, StackTarget } from "./context";
import { awsName, isDenied, OpsError, reportFailures, UsageError } from "./errors";
import { age, compact, plural, severityOf, severityRank, table } from "./format";

export interface AuditOptions {
    /** Run only these checks (each must be enabled in the stack's audit.checks); default: all enabled. */
    readonly checks?: readonly string[];
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    /** Exit 2 when an unsuppressed finding at or above this severity exists. */
    readonly failOn?: Severity;
    readonly json: boolean;
}

export const AUDIT_DEFAULTS = { intervalSeconds: 15, timeoutSeconds: 30 * 60 } as const;

/** Statuses after which a task never changes. */
const FINAL: readonly string[] = AUDIT_TASK_STATUSES.filter(s => s !== "IN_PROGRESS");
/** ListAuditFindings' largest page. */
const FINDINGS_PAGE = 250;

/** One check of the task, as printed and as in the JSON document. */
export interface CheckSummary {
    readonly name: string;
    readonly severity: Severity | undefined;
    readonly status: string;
    readonly resourcesEvaluated: number | undefined;
    readonly nonCompliant: number | undefined;
    readonly suppressedNonCompliant: number | undefined;
    readonly errorCode?: string;
    readonly message?: string;
}

/** One finding, as printed and as in the JSON document. */
export interface FindingSummary {
    readonly findingId: string | undefined;
    readonly checkName: string | undefined;
    readonly severity: Severity | undefined;
    readonly resourceType: string | undefined;
    readonly resource: string;
    readonly resourceIdentifier: Record<string, unknown> | undefined;
    readonly reason: string | undefined;
    readonly reasonCode: string | undefined;
    readonly suppressed: boolean;
    readonly findingTime: string | undefined;
}

/** The `--json` document. */
export interface AuditReport {
    readonly taskId: string;
    readonly status: string;
    readonly statistics: TaskStatistics;
    readonly checks: CheckSummary[];
    readonly findings: FindingSummary[];
}

/** The checks to run: the stack's enabled checks, or the `--checks` subset of them. */
export function selectChecks(
    enabled: readonly string[],
    wanted: readonly string[] | undefined,
): string[] {
    if (!wanted || wanted.length === 0) return [...enabled];
    const unknown = wanted.filter(c => !enabled.includes(c));
    if (unknown.length > 0) {
        throw new UsageError(
            `--checks: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not enabled in this stack's audit.checks; enabled: ${enabled.join(", ")}`,
        );
    }
    return [...new Set(wanted)];
}

export async function audit(
    ctx: OpsContext,
    target: StackTarget,
    options: AuditOptions,
): Promise<number> {
    return reportFailures(ctx.err, () => runAudit(ctx, target, options));
}

async function runAudit(
    ctx: OpsContext,
    target: StackTarget,
    options: AuditOptions,
): Promise<number> {
    const settings = target.settings;
    if (!settings.audit.enabled)
        throw new OpsError(
            `audit is disabled in stack ${settings.stack} (audit.enabled: false); nothing to run`,
        );
    const checks = selectChecks(settings.audit.checks, options.checks);
    await requireEnabledInRegion(ctx, settings, checks);

    const started = await request(ctx, "iot:StartOnDemandAuditTask", () =>
        ctx.iot.send(new StartOnDemandAuditTaskCommand({ targetCheckNames: checks })),
    );
    const taskId = started.taskId;
    if (!taskId)
        throw new OpsError(`iot:StartOnDemandAuditTask in ${ctx.region} returned no task id`);
    ctx.err(
        `started on-demand audit ${taskId}: ${plural(checks.length, "check")} in ${ctx.region}`,
    );

    const startMs = ctx.now().getTime();
    const deadline = startMs + options.timeoutSeconds * 1000;
    let task: DescribeAuditTaskResponse;
    for (;;) {
        task = await request(ctx, "iot:DescribeAuditTask", () =>
            ctx.iot.send(new DescribeAuditTaskCommand({ taskId })),
        );
        const nowMs = ctx.now().getTime();
        ctx.err(progressLine(taskId, task, checks.length, nowMs - startMs));
        if (FINAL.includes(task.taskStatus ?? "")) break;
        if (nowMs >= deadline) break;
        await ctx.sleep(Math.min(options.intervalSeconds * 1000, deadline - nowMs));
    }

    const status = task.taskStatus ?? "UNKNOWN";
    const checkSummaries = summarizeChecks(checks, task.auditDetails ?? {});
    const findings = status === "COMPLETED" ? await listFindings(ctx, taskId) : [];
    const report: AuditReport = {
        taskId,
        status,
        statistics: task.taskStatistics ?? {},
        checks: checkSummaries,
        findings,
    };
    if (options.json) ctx.out(JSON.stringify(report, null, 2));
    else printReport(ctx, report, ctx.now().getTime() - startMs);

    if (status === "COMPLETED") {
        const code = failOn(ctx, findings, options.failOn);
        const unfinished = unfinishedChecks(checkSummaries, task.taskStatistics);
        if (!unfinished) return code;
        ctx.err(
            `warning: audit task ${taskId} COMPLETED, but ${unfinished}; ` +
                `their resources were not audited, so the findings are incomplete`,
        );
        return EXIT.error;
    }
    if (!FINAL.includes(status)) {
        throw new OpsError(
            `audit task ${taskId} did not finish within ${age(options.timeoutSeconds * 1000)} (still ${status}, ` +
                `${doneChecks(task.taskStatistics)}/${task.taskStatistics?.totalChecks ?? checks.length} checks done); it keeps running in AWS: ` +
                `aws iot describe-audit-task --task-id ${taskId} --region ${ctx.region}`,
        );
    }
    throw new OpsError(
        `audit task ${taskId} ${status}: ${whyNotCompleted(checkSummaries, task.taskStatistics)}`,
    );
}

/**
 * Stops before starting the audit when the account audit configuration in the region does not
 * enable every check to run (a wrong region, or a stack not deployed there): AWS would answer with
 * a bare InvalidRequestException. Reading the configuration is a courtesy: without permission for
 * it, the audit starts unchecked.
 */
async function requireEnabledInRegion(
    ctx: OpsContext,
    settings: RegionSettings,
    checks: readonly string[],
): Promise<void> {
    let config;
    try {
        config = await request(ctx, "iot:DescribeAccountAuditConfiguration", () =>
            ctx.iot.send(new DescribeAccountAuditConfigurationCommand({})),
        );
    } catch (err) {
        if (!isDenied(err)) throw err;
        ctx.err(
            `note: not allowed to read the audit configuration in ${ctx.region} (${awsName(err)}); starting the audit without checking that its checks are enabled`,
        );
        return;
    }
    const configured = config.auditCheckConfigurations ?? {};
    const notEnabled = checks.filter(c => configured[c]?.enabled !== true);
    if (notEnabled.length === 0) return;
    const problem = config.roleArn
        ? `${notEnabled.length} of ${plural(checks.length, "check")} to run ${notEnabled.length === 1 ? "is" : "are"} not enabled ` +
          `in the account audit configuration in ${ctx.region}: ${notEnabled.join(", ")}`
        : `audit is not configured in ${ctx.region} (no audit role), so none of the ${plural(checks.length, "check")} to run is enabled`;
    const fix =
        ctx.region === settings.region
            ? `run pulumi up --stack ${settings.stack} to enable them`
            : `stack ${settings.stack} deploys to ${settings.region} (aws:region): pass --region ${settings.region}, ` +
              `or run pulumi up --stack ${settings.stack} with aws:region ${ctx.region}`;
    throw new OpsError(`${problem}; ${fix}`);
}

function doneChecks(stats: TaskStatistics | undefined): number {
    return (
        (stats?.compliantChecks ?? 0) +
        (stats?.nonCompliantChecks ?? 0) +
        (stats?.failedChecks ?? 0) +
        (stats?.canceledChecks ?? 0)
    );
}

function progressLine(
    taskId: string,
    task: DescribeAuditTaskResponse,
    requested: number,
    elapsedMs: number,
): string {
    const stats = task.taskStatistics;
    const failed = stats?.failedChecks ? `, ${stats.failedChecks} failed` : "";
    return (
        `audit ${taskId}: ${task.taskStatus ?? "UNKNOWN"}, ${doneChecks(stats)}/${stats?.totalChecks ?? requested} checks done, ` +
        `${stats?.nonCompliantChecks ?? 0} non-compliant${failed} (${age(elapsedMs)})`
    );
}

function summarizeChecks(
    requested: readonly string[],
    details: Record<string, AuditCheckDetails>,
): CheckSummary[] {
    const names = [...new Set([...requested, ...Object.keys(details)])];
    return names
        .map(name => {
            const d = details[name];
            return {
                name,
                severity: severityOf(name, undefined),
                status: d?.checkRunStatus ?? "UNKNOWN",
                resourcesEvaluated: d?.totalResourcesCount,
                nonCompliant: d?.nonCompliantResourcesCount,
                suppressedNonCompliant: d?.suppressedNonCompliantResourcesCount,
                ...(d?.errorCode ? { errorCode: d.errorCode } : {}),
                ...(d?.message ? { message: d.message } : {}),
            };
        })
        .sort(
            (a, b) =>
                severityRank(a.severity) - severityRank(b.severity) || a.name.localeCompare(b.name),
        );
}

async function listFindings(ctx: OpsContext, taskId: string): Promise<FindingSummary[]> {
    const findings = await allPages<AuditFinding>(async nextToken => {
        const page = await request(ctx, "iot:ListAuditFindings", () =>
            ctx.iot.send(
                new ListAuditFindingsCommand({ taskId, maxResults: FINDINGS_PAGE, nextToken }),
            ),
        );
        return { items: page.findings, next: page.nextToken };
    });
    return findings
        .map(toFinding)
        .sort(
            (a, b) =>
                severityRank(a.severity) - severityRank(b.severity) ||
                (a.checkName ?? "").localeCompare(b.checkName ?? "") ||
                a.resource.localeCompare(b.resource),
        );
}

function toFinding(f: AuditFinding): FindingSummary {
    const resource = f.nonCompliantResource;
    return {
        findingId: f.findingId,
        checkName: f.checkName,
        severity: severityOf(f.checkName, f.severity),
        resourceType: resource?.resourceType,
        resource: compact(resource?.resourceIdentifier),
        resourceIdentifier: resource?.resourceIdentifier as Record<string, unknown> | undefined,
        reason: f.reasonForNonCompliance,
        reasonCode: f.reasonForNonComplianceCode,
        suppressed: f.isSuppressed === true,
        findingTime: f.findingTime?.toISOString(),
    };
}

function printReport(ctx: OpsContext, report: AuditReport, elapsedMs: number): void {
    const s = report.statistics;
    ctx.out(
        `Audit ${report.taskId}: ${report.status} after ${age(elapsedMs)} (${plural(s.totalChecks ?? report.checks.length, "check")}: ` +
            `${s.compliantChecks ?? 0} compliant, ${s.nonCompliantChecks ?? 0} non-compliant, ${s.failedChecks ?? 0} failed, ${s.canceledChecks ?? 0} canceled)`,
    );
    ctx.out("");
    for (const line of table(
        ["CHECK", "SEVERITY", "STATUS", "RESOURCES", "NON-COMPLIANT"],
        report.checks.map(c => [
            c.name,
            c.severity ?? "",
            c.status + (c.errorCode ? ` (${c.errorCode})` : ""),
            count(c.resourcesEvaluated),
            count(c.nonCompliant) +
                (c.suppressedNonCompliant ? ` (+${c.suppressedNonCompliant} suppressed)` : ""),
        ]),
    ))
        ctx.out(line);
    if (report.status !== "COMPLETED") return;
    ctx.out("");
    if (report.findings.length === 0) {
        ctx.out("No findings.");
        return;
    }
    ctx.out(`Findings (${report.findings.length}):`);
    for (const line of table(
        ["SEVERITY", "CHECK", "RESOURCE TYPE", "RESOURCE", "REASON"],
        report.findings.map(f => [
            f.severity ?? "?",
            f.checkName ?? "?",
            f.resourceType ?? "",
            f.resource,
            (f.suppressed ? "[suppressed] " : "") + (f.reason ?? f.reasonCode ?? ""),
        ]),
    ))
        ctx.out(line);
}

const count = (n: number | undefined) => (n === undefined ? "-" : String(n));

/** " (ERROR_CODE: message)" of a check that did not complete, or "" when AWS said nothing. */
function checkError(c: CheckSummary): string {
    return c.errorCode || c.message
        ? ` (${[c.errorCode, c.message].filter(Boolean).join(": ")})`
        : "";
}

/**
 * "2 checks did not complete: A FAILED (CODE: message), B CANCELED", or undefined when every check
 * completed. The task's statistics count too, in case its auditDetails name fewer checks.
 */
function unfinishedChecks(
    checks: readonly CheckSummary[],
    stats: TaskStatistics | undefined,
): string | undefined {
    const named = checks.filter(c => c.status === "FAILED" || c.status === "CANCELED");
    const count = Math.max(named.length, (stats?.failedChecks ?? 0) + (stats?.canceledChecks ?? 0));
    if (count === 0) return undefined;
    const which =
        named.map(c => `${c.name} ${c.status}${checkError(c)}`).join(", ") ||
        "DescribeAuditTask does not say which";
    return `${plural(count, "check")} did not complete: ${which}`;
}

function whyNotCompleted(
    checks: readonly CheckSummary[],
    stats: TaskStatistics | undefined,
): string {
    const failed = checks.filter(c => c.status === "FAILED");
    const canceled = checks.filter(c => c.status === "CANCELED");
    const parts: string[] = [];
    if (failed.length > 0)
        parts.push(
            `${plural(failed.length, "check")} failed: ` +
                failed.map(c => c.name + checkError(c)).join(", "),
        );
    if (canceled.length > 0) parts.push(`${plural(canceled.length, "check")} canceled`);
    if (parts.length === 0)
        parts.push(
            `${stats?.failedChecks ?? 0} failed, ${stats?.canceledChecks ?? 0} canceled of ${stats?.totalChecks ?? checks.length} checks`,
        );
    return parts.join("; ");
}

/** Exit 2 when an unsuppressed finding is at or above the threshold; suppressed ones were accepted. */
function failOn(
    ctx: OpsContext,
    findings: readonly FindingSummary[],
    threshold: Severity | undefined,
): number {
    if (!threshold) return EXIT.ok;
    const hits = findings.filter(
        f => !f.suppressed && severityRank(f.severity) <= severityRank(threshold),
    );
    if (hits.length === 0) return EXIT.ok;
    ctx.err(
        `fail: ${plural(hits.length, "unsuppressed finding")} at or above ${threshold} (--fail-on ${threshold})`,
    );
    return EXIT.findings;
}
