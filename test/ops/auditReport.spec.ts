/**
 * `ops audit`'s report and exit code: a COMPLETED task with unfinished checks, --fail-on, --json.
 */
import {
    AuditCheckDetails,
    DescribeAuditTaskCommand,
    ListAuditFindingsCommand,
} from "@aws-sdk/client-iot";
import * as assert from "assert";
import { audit, AuditOptions, AuditReport } from "../../tools/ops/audit";
import { harness, Harness, instantRetries, START, target } from "./fixture";
import { dev, TASK, options, task, finding, starts, completesWith } from "./auditTasks";

describe("ops audit", () => {
    instantRetries();

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
});
