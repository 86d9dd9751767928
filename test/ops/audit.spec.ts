/**
 * `ops audit`: check the region's audit configuration enables the stack's checks, start an
 * on-demand audit of them, poll until it ends (no SDK waiter), summarize per check, list every
 * finding (all pages) most severe first, and map the end state to an exit code: 0 done, 2 findings
 * at or above --fail-on, 1 failed/canceled/timeout/error or a COMPLETED task with failed checks.
 */
import {
    AuditCheckDetails,
    AuditFinding,
    DescribeAccountAuditConfigurationCommand,
    DescribeAuditTaskCommand,
    DescribeAuditTaskResponse,
    ListAuditFindingsCommand,
    StartOnDemandAuditTaskCommand,
    ThrottlingException,
} from "@aws-sdk/client-iot";
import * as assert from "assert";
import { RETRY } from "../../components/aws/calls";
import { audit, AuditOptions, AuditReport } from "../../tools/ops/audit";
import { stackSettings } from "../harness";
import {
    auditConfigured,
    awsFailure,
    harness,
    Harness,
    instantRetries,
    noStackTrace,
    START,
    target,
} from "./fixture";

const dev = stackSettings("dev");
const TASK = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
const options = (o: Partial<AuditOptions> = {}): AuditOptions => ({
    intervalSeconds: 15,
    timeoutSeconds: 1800,
    json: false,
    ...o,
});

function task(
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

function finding(
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
function starts(h: Harness): void {
    auditConfigured(h, dev.audit.checks);
    h.iot.on(StartOnDemandAuditTaskCommand).resolves({ taskId: TASK });
}

/** A task that completes on the third poll with the given findings, served in pages. */
function completesWith(
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

describe("ops audit", () => {
    const retries = instantRetries();

    it("audits every check enabled in the stack, and only --checks when narrowed", async () => {
        const h = harness();
        completesWith(h, [[]]);
        assert.strictEqual(await audit(h.ctx, target(dev), options()), 0);
        assert.deepStrictEqual(
            h.iot.commandCalls(StartOnDemandAuditTaskCommand)[0].args[0].input.targetCheckNames,
            dev.audit.checks,
        );

        const narrowed = harness();
        completesWith(narrowed, [[]]);
        const code = await audit(
            narrowed.ctx,
            target(dev),
            options({ checks: ["LOGGING_DISABLED_CHECK", "CONFLICTING_CLIENT_IDS_CHECK"] }),
        );
        assert.strictEqual(code, 0);
        assert.deepStrictEqual(
            narrowed.iot.commandCalls(StartOnDemandAuditTaskCommand)[0].args[0].input
                .targetCheckNames,
            ["LOGGING_DISABLED_CHECK", "CONFLICTING_CLIENT_IDS_CHECK"],
        );
    });

    it("refuses --checks naming a check the stack does not enable, before calling AWS", async () => {
        const h = harness();
        // dev does not enable INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK.
        const code = await audit(
            h.ctx,
            target(dev),
            options({ checks: ["INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK"] }),
        );
        assert.strictEqual(code, 1);
        assert.strictEqual(h.err.length, 1);
        assert.match(
            h.err[0],
            /^error: --checks: INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK is not enabled/,
        );
        assert.strictEqual(h.iot.calls().length, 0);
    });

    it("polls DescribeAuditTask every --interval with progress on stderr until COMPLETED", async () => {
        const h = harness();
        completesWith(h, [[]]);
        assert.strictEqual(await audit(h.ctx, target(dev), options({ intervalSeconds: 20 })), 0);
        assert.strictEqual(h.iot.commandCalls(DescribeAuditTaskCommand).length, 3);
        assert.deepStrictEqual(h.sleeps, [20_000, 20_000]);
        assert.match(
            h.err[0],
            new RegExp(`^started on-demand audit ${TASK}: 14 checks in eu-west-1$`),
        );
        assert.match(h.err[1], /IN_PROGRESS, 0\/14 checks done, 0 non-compliant/);
        assert.match(h.err[2], /IN_PROGRESS, 6\/14 checks done, 1 non-compliant \(20s\)/);
        assert.match(h.err[3], /COMPLETED, 14\/14 checks done, 2 non-compliant \(40s\)/);
        assert.ok(
            h.out.every(l => !l.includes("checks done")),
            "progress must not go to stdout",
        );
    });

    it("reads findings from every page and lists them CRITICAL first, then by check", async () => {
        const h = harness();
        completesWith(h, [
            [
                finding("f1", "DEVICE_CERTIFICATE_AGE_CHECK", "LOW", "c-low"),
                finding("f2", "CONFLICTING_CLIENT_IDS_CHECK", "HIGH", "c-high"),
            ],
            [finding("f3", "IOT_POLICY_OVERLY_PERMISSIVE_CHECK", "CRITICAL", "c-crit-iot")],
            [
                finding("f4", "DEVICE_CERTIFICATE_SHARED_CHECK", "CRITICAL", "c-crit-dev"),
                finding("f5", "CA_CERTIFICATE_EXPIRING_CHECK", "MEDIUM", "c-med"),
            ],
        ]);
        assert.strictEqual(await audit(h.ctx, target(dev), options()), 0);
        const calls = h.iot.commandCalls(ListAuditFindingsCommand).map(c => c.args[0].input);
        assert.deepStrictEqual(
            calls.map(c => c.nextToken),
            [undefined, "page-2", "page-3"],
        );
        assert.ok(calls.every(c => c.taskId === TASK));
        const start = h.out.indexOf("Findings (5):");
        assert.ok(start > 0, h.out.join("\n"));
        const rows = h.out.slice(start + 2).map(l =>
            l
                .split(/\s{2,}/)
                .slice(0, 2)
                .join(" "),
        );
        assert.deepStrictEqual(rows, [
            "CRITICAL DEVICE_CERTIFICATE_SHARED_CHECK",
            "CRITICAL IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
            "HIGH CONFLICTING_CLIENT_IDS_CHECK",
            "MEDIUM CA_CERTIFICATE_EXPIRING_CHECK",
            "LOW DEVICE_CERTIFICATE_AGE_CHECK",
        ]);
    });

    it("prints a per-check summary: status, resources evaluated, non-compliant", async () => {
        const h = harness();
        completesWith(h, [[]], {
            LOGGING_DISABLED_CHECK: {
                checkRunStatus: "COMPLETED_NON_COMPLIANT",
                checkCompliant: false,
                totalResourcesCount: 1,
                nonCompliantResourcesCount: 1,
            },
            DEVICE_CERTIFICATE_SHARED_CHECK: {
                checkRunStatus: "COMPLETED_COMPLIANT",
                checkCompliant: true,
                totalResourcesCount: 250,
                nonCompliantResourcesCount: 0,
            },
        });
        await audit(h.ctx, target(dev), options());
        const row = (check: string) => h.out.find(l => l.startsWith(`${check} `))?.split(/\s{2,}/);
        assert.deepStrictEqual(row("LOGGING_DISABLED_CHECK"), [
            "LOGGING_DISABLED_CHECK",
            "LOW",
            "COMPLETED_NON_COMPLIANT",
            "1",
            "1",
        ]);
        assert.deepStrictEqual(row("DEVICE_CERTIFICATE_SHARED_CHECK"), [
            "DEVICE_CERTIFICATE_SHARED_CHECK",
            "CRITICAL",
            "COMPLETED_COMPLIANT",
            "250",
            "0",
        ]);
        assert.ok(h.out.includes("No findings."));
    });

    it("retries a throttled DescribeAuditTask and carries on", async () => {
        const h = harness();
        const before = retries.waits;
        starts(h);
        h.iot
            .on(DescribeAuditTaskCommand)
            .rejectsOnce(
                new ThrottlingException({
                    message: "Rate exceeded",
                    $metadata: { httpStatusCode: 400 },
                }),
            )
            .rejectsOnce(
                new ThrottlingException({
                    message: "Rate exceeded",
                    $metadata: { httpStatusCode: 400 },
                }),
            )
            .resolves(task("COMPLETED", { done: 14 }));
        h.iot.on(ListAuditFindingsCommand).resolves({ findings: [] });
        assert.strictEqual(await audit(h.ctx, target(dev), options()), 0);
        assert.strictEqual(h.iot.commandCalls(DescribeAuditTaskCommand).length, 3);
        assert.strictEqual(retries.waits - before, 2);
        assert.ok(!h.err.some(l => l.startsWith("error:")));
    });

    it("gives up with one line when throttling outlasts the retries", async () => {
        const h = harness();
        starts(h);
        h.iot.on(DescribeAuditTaskCommand).rejects(
            new ThrottlingException({
                message: "Rate exceeded",
                $metadata: { httpStatusCode: 400 },
            }),
        );
        assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
        assert.strictEqual(h.iot.commandCalls(DescribeAuditTaskCommand).length, RETRY.attempts);
        const errors = h.err.filter(l => l.startsWith("error:"));
        assert.deepStrictEqual(errors, [
            `error: AWS kept throttling iot:DescribeAuditTask in eu-west-1 after ${RETRY.attempts} attempts; try again later: Rate exceeded`,
        ]);
    });

    it("exits 1 naming the failed checks when the task FAILED", async () => {
        const h = harness();
        starts(h);
        h.iot.on(DescribeAuditTaskCommand).resolves(
            task(
                "FAILED",
                { done: 14, failed: 1 },
                {
                    LOGGING_DISABLED_CHECK: {
                        checkRunStatus: "FAILED",
                        errorCode: "INSUFFICIENT_PERMISSIONS",
                        message: "role cannot read logging options",
                    },
                },
            ),
        );
        assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
        assert.strictEqual(h.iot.commandCalls(ListAuditFindingsCommand).length, 0);
        const errors = h.err.filter(l => l.startsWith("error:"));
        assert.deepStrictEqual(errors, [
            `error: audit task ${TASK} FAILED: 1 check failed: LOGGING_DISABLED_CHECK (INSUFFICIENT_PERMISSIONS: role cannot read logging options)`,
        ]);
        assert.ok(noStackTrace(h.err));
    });

    it("exits 1 when the task was CANCELED", async () => {
        const h = harness();
        starts(h);
        h.iot
            .on(DescribeAuditTaskCommand)
            .resolvesOnce(task("IN_PROGRESS", { done: 2 }))
            .resolves(
                task(
                    "CANCELED",
                    { done: 14, canceled: 12 },
                    { LOGGING_DISABLED_CHECK: { checkRunStatus: "CANCELED" } },
                ),
            );
        assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
        assert.deepStrictEqual(
            h.err.filter(l => l.startsWith("error:")),
            [`error: audit task ${TASK} CANCELED: 1 check canceled`],
        );
    });

    it("stops waiting at --timeout, polls one last time at the deadline, and exits 1", async () => {
        const h = harness();
        starts(h);
        h.iot.on(DescribeAuditTaskCommand).resolves(task("IN_PROGRESS", { done: 3 }));
        assert.strictEqual(
            await audit(h.ctx, target(dev), options({ intervalSeconds: 15, timeoutSeconds: 40 })),
            1,
        );
        // polls at 0, 15, 30 and 40 s (the last wait is cut to the deadline).
        assert.deepStrictEqual(h.sleeps, [15_000, 15_000, 10_000]);
        assert.strictEqual(h.iot.commandCalls(DescribeAuditTaskCommand).length, 4);
        const errors = h.err.filter(l => l.startsWith("error:"));
        assert.strictEqual(errors.length, 1);
        assert.match(
            errors[0],
            new RegExp(
                `^error: audit task ${TASK} did not finish within 40s \\(still IN_PROGRESS, 3/14 checks done\\)`,
            ),
        );
    });

    describe("a COMPLETED task whose checks did not all complete", () => {
        // One check FAILED and one was CANCELED; the others completed, one with a LOW finding.
        const details: Record<string, AuditCheckDetails> = {
            LOGGING_DISABLED_CHECK: {
                checkRunStatus: "FAILED",
                errorCode: "INSUFFICIENT_PERMISSIONS",
                message: "role cannot read logging options",
            },
            CONFLICTING_CLIENT_IDS_CHECK: { checkRunStatus: "CANCELED" },
            DEVICE_CERTIFICATE_AGE_CHECK: {
                checkRunStatus: "COMPLETED_NON_COMPLIANT",
                totalResourcesCount: 3,
                nonCompliantResourcesCount: 1,
            },
        };
        const WARNING =
            `warning: audit task ${TASK} COMPLETED, but 2 checks did not complete: ` +
            "CONFLICTING_CLIENT_IDS_CHECK CANCELED, LOGGING_DISABLED_CHECK FAILED (INSUFFICIENT_PERMISSIONS: role cannot read logging options); " +
            "their resources were not audited, so the findings are incomplete";
        const completesPartly = (h: Harness, auditDetails = details) => {
            starts(h);
            h.iot
                .on(DescribeAuditTaskCommand)
                .resolves(
                    task(
                        "COMPLETED",
                        { done: 14, nonCompliant: 1, failed: 1, canceled: 1 },
                        auditDetails,
                    ),
                );
            h.iot.on(ListAuditFindingsCommand).resolves({
                findings: [finding("f1", "DEVICE_CERTIFICATE_AGE_CHECK", "LOW", "c1")],
            });
        };

        it("prints the findings it has, warns naming each check and its status, and exits 1", async () => {
            const h = harness();
            completesPartly(h);
            assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
            assert.strictEqual(h.iot.commandCalls(ListAuditFindingsCommand).length, 1);
            assert.ok(h.out.includes("Findings (1):"), h.out.join("\n"));
            assert.strictEqual(
                h.out[0],
                `Audit ${TASK}: COMPLETED after 0s (14 checks: 11 compliant, 1 non-compliant, 1 failed, 1 canceled)`,
            );
            assert.deepStrictEqual(h.err.slice(-1), [WARNING]);
            assert.ok(
                !h.err.some(l => l.startsWith("error:")),
                "the audit ran: a warning, not an error",
            );
        });

        it("exits 1 even when findings also reach --fail-on (an incomplete audit outranks findings)", async () => {
            const h = harness();
            completesPartly(h);
            assert.strictEqual(await audit(h.ctx, target(dev), options({ failOn: "LOW" })), 1);
            assert.deepStrictEqual(h.err.slice(-2), [
                "fail: 1 unsuppressed finding at or above LOW (--fail-on LOW)",
                WARNING,
            ]);
        });

        it("with --json still prints the document (per-check status included), then warns and exits 1", async () => {
            const h = harness();
            completesPartly(h);
            assert.strictEqual(await audit(h.ctx, target(dev), options({ json: true })), 1);
            const doc = JSON.parse(h.out.join("\n")) as AuditReport;
            assert.strictEqual(doc.status, "COMPLETED");
            assert.strictEqual(doc.statistics.failedChecks, 1);
            assert.deepStrictEqual(
                doc.checks
                    .filter(c => c.status === "FAILED" || c.status === "CANCELED")
                    .map(c => [c.name, c.status, c.errorCode]),
                [
                    ["CONFLICTING_CLIENT_IDS_CHECK", "CANCELED", undefined],
                    ["LOGGING_DISABLED_CHECK", "FAILED", "INSUFFICIENT_PERMISSIONS"],
                ],
            );
            assert.deepStrictEqual(h.err.slice(-1), [WARNING]);
        });

        it("goes by the task's statistics when auditDetails name no failed check", async () => {
            const h = harness();
            completesPartly(h, {});
            assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
            assert.deepStrictEqual(h.err.slice(-1), [
                `warning: audit task ${TASK} COMPLETED, but 2 checks did not complete: ` +
                    "DescribeAuditTask does not say which; their resources were not audited, so the findings are incomplete",
            ]);
        });
    });

    describe("checks the region's audit configuration before starting", () => {
        const [first, second] = ["CONFLICTING_CLIENT_IDS_CHECK", "LOGGING_DISABLED_CHECK"];

        it("reads it once, then starts the audit", async () => {
            const h = harness();
            completesWith(h, [[]]);
            assert.strictEqual(await audit(h.ctx, target(dev), options()), 0);
            const calls = h.iot.calls().map(c => c.args[0].constructor.name);
            assert.deepStrictEqual(calls.slice(0, 2), [
                "DescribeAccountAuditConfigurationCommand",
                "StartOnDemandAuditTaskCommand",
            ]);
            assert.strictEqual(
                h.iot.commandCalls(DescribeAccountAuditConfigurationCommand).length,
                1,
            );
        });

        it("stops with one line naming the region and the checks it does not enable, without starting an audit", async () => {
            const h = harness();
            auditConfigured(
                h,
                dev.audit.checks.filter(c => c !== first && c !== second),
            );
            assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
            assert.deepStrictEqual(h.err, [
                `error: 2 of 14 checks to run are not enabled in the account audit configuration in eu-west-1: ` +
                    `${first}, ${second}; run pulumi up --stack dev to enable them`,
            ]);
            assert.strictEqual(h.iot.commandCalls(StartOnDemandAuditTaskCommand).length, 0);
            assert.deepStrictEqual(h.out, []);
        });

        it("in a wrong region (no audit configured there) says where the stack deploys", async () => {
            const h = harness("us-east-1");
            // What an account never configured for audit in a region returns: no role, every check off.
            h.iot.on(DescribeAccountAuditConfigurationCommand).resolves({
                auditCheckConfigurations: Object.fromEntries(
                    dev.audit.checks.map(c => [c, { enabled: false }]),
                ),
            });
            assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
            assert.deepStrictEqual(h.err, [
                "error: audit is not configured in us-east-1 (no audit role), so none of the 14 checks to run is enabled; " +
                    "stack dev deploys to eu-west-1 (aws:region): pass --region eu-west-1, or run pulumi up --stack dev with aws:region us-east-1",
            ]);
            assert.strictEqual(h.iot.commandCalls(StartOnDemandAuditTaskCommand).length, 0);
        });

        it("only asks that the --checks subset be enabled", async () => {
            const h = harness();
            completesWith(h, [[]]);
            auditConfigured(h, [first, second]);
            assert.strictEqual(
                await audit(h.ctx, target(dev), options({ checks: [second, first] })),
                0,
            );
            assert.deepStrictEqual(
                h.iot.commandCalls(StartOnDemandAuditTaskCommand)[0].args[0].input.targetCheckNames,
                [second, first],
            );
        });

        it("starts the audit anyway, with a note, when not allowed to read the configuration", async () => {
            const h = harness();
            completesWith(h, [[]]);
            h.iot
                .on(DescribeAccountAuditConfigurationCommand)
                .rejects(
                    awsFailure(
                        "AccessDeniedException",
                        "not authorized to perform: iot:DescribeAccountAuditConfiguration",
                        403,
                    ),
                );
            assert.strictEqual(await audit(h.ctx, target(dev), options()), 0);
            assert.strictEqual(
                h.err[0],
                "note: not allowed to read the audit configuration in eu-west-1 (AccessDeniedException); " +
                    "starting the audit without checking that its checks are enabled",
            );
            assert.strictEqual(h.iot.commandCalls(StartOnDemandAuditTaskCommand).length, 1);
        });
    });

    describe("--fail-on", () => {
        // One HIGH and one LOW finding, plus a suppressed CRITICAL one (accepted risk: never counts).
        const findings = [
            finding("h", "CONFLICTING_CLIENT_IDS_CHECK", "HIGH", "c1"),
            finding("l", "DEVICE_CERTIFICATE_AGE_CHECK", "LOW", "c2"),
            finding("s", "DEVICE_CERTIFICATE_SHARED_CHECK", "CRITICAL", "c3", true),
        ];
        const exitWith = async (failOn: AuditOptions["failOn"]) => {
            const h = harness();
            completesWith(h, [findings]);
            return { code: await audit(h.ctx, target(dev), options({ failOn })), h };
        };

        it("exits 0 without --fail-on, whatever the findings", async () => {
            assert.strictEqual((await exitWith(undefined)).code, 0);
        });
        it("exits 0 when every unsuppressed finding is below the threshold", async () => {
            assert.strictEqual((await exitWith("CRITICAL")).code, 0);
        });
        it("exits 2 when a finding is at the threshold", async () => {
            const { code, h } = await exitWith("HIGH");
            assert.strictEqual(code, 2);
            assert.ok(
                h.err.includes("fail: 1 unsuppressed finding at or above HIGH (--fail-on HIGH)"),
                h.err.join("\n"),
            );
        });
        it("exits 2 when findings are above the threshold", async () => {
            const { code, h } = await exitWith("LOW");
            assert.strictEqual(code, 2);
            assert.ok(
                h.err.includes("fail: 2 unsuppressed findings at or above LOW (--fail-on LOW)"),
            );
        });
    });

    it("--json prints one document {taskId, status, statistics, checks, findings} and nothing else on stdout", async () => {
        const h = harness();
        completesWith(
            h,
            [
                [finding("f1", "LOGGING_DISABLED_CHECK", "LOW", "acct")],
                [finding("f2", "IOT_POLICY_OVERLY_PERMISSIVE_CHECK", "CRITICAL", "p")],
            ],
            {
                LOGGING_DISABLED_CHECK: {
                    checkRunStatus: "COMPLETED_NON_COMPLIANT",
                    totalResourcesCount: 1,
                    nonCompliantResourcesCount: 1,
                },
            },
        );
        assert.strictEqual(await audit(h.ctx, target(dev), options({ json: true })), 0);
        const doc = JSON.parse(h.out.join("\n")) as AuditReport;
        assert.deepStrictEqual(Object.keys(doc), [
            "taskId",
            "status",
            "statistics",
            "checks",
            "findings",
        ]);
        assert.strictEqual(doc.taskId, TASK);
        assert.strictEqual(doc.status, "COMPLETED");
        assert.strictEqual(doc.statistics.totalChecks, 14);
        assert.strictEqual(doc.checks.length, dev.audit.checks.length);
        assert.deepStrictEqual(
            doc.checks.find(c => c.name === "LOGGING_DISABLED_CHECK"),
            {
                name: "LOGGING_DISABLED_CHECK",
                severity: "LOW",
                status: "COMPLETED_NON_COMPLIANT",
                resourcesEvaluated: 1,
                nonCompliant: 1,
            },
        );
        assert.deepStrictEqual(
            doc.findings.map(f => [f.severity, f.checkName, f.resource]),
            [
                ["CRITICAL", "IOT_POLICY_OVERLY_PERMISSIVE_CHECK", "p"],
                ["LOW", "LOGGING_DISABLED_CHECK", "acct"],
            ],
        );
        assert.deepStrictEqual(doc.findings[1], {
            findingId: "f1",
            checkName: "LOGGING_DISABLED_CHECK",
            severity: "LOW",
            resourceType: "CLIENT_ID",
            resource: "acct",
            resourceIdentifier: { clientId: "acct" },
            reason: "reason f1",
            reasonCode: "CODE",
            suppressed: false,
            findingTime: START.toISOString(),
        });
    });

    it("AccessDenied on StartOnDemandAuditTask is one error line naming the action and region", async () => {
        const h = harness();
        auditConfigured(h, dev.audit.checks);
        h.iot
            .on(StartOnDemandAuditTaskCommand)
            .rejects(
                awsFailure(
                    "AccessDeniedException",
                    "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iot:StartOnDemandAuditTask",
                    403,
                ),
            );
        assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
        assert.deepStrictEqual(h.err, [
            "error: AWS denied iot:StartOnDemandAuditTask in eu-west-1: " +
                "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iot:StartOnDemandAuditTask",
        ]);
        assert.deepStrictEqual(h.out, []);
    });

    it("refuses to run on a stack with audit disabled", async () => {
        const h = harness();
        const auditOff = stackSettings("dev", v => {
            v["iot-defender:audit"] = JSON.stringify({
                ...JSON.parse(v["iot-defender:audit"]),
                enabled: false,
            });
        });
        assert.strictEqual(await audit(h.ctx, target(auditOff), options()), 1);
        assert.deepStrictEqual(h.err, [
            "error: audit is disabled in stack dev (audit.enabled: false); nothing to run",
        ]);
    });
});
