/**
 * `ops audit`: check the region's audit configuration enables the stack's checks, start an
 * on-demand audit of them, poll until it ends (no SDK waiter), summarize per check, list every
 * finding (all pages) most severe first, and map the end state to an exit code: 0 done, 2 findings
 * at or above --fail-on, 1 failed/canceled/timeout/error or a COMPLETED task with failed checks.
 * What it refuses: auditRefusals.spec.ts; the report and exit code: auditReport.spec.ts.
 */
import {
    DescribeAuditTaskCommand,
    ListAuditFindingsCommand,
    StartOnDemandAuditTaskCommand,
    ThrottlingException,
} from "@aws-sdk/client-iot";
import * as assert from "assert";
import { RETRY } from "../../components/aws/calls";
import { audit } from "../../tools/ops/audit";
import { harness, instantRetries, noStackTrace, target } from "./fixture";
import { dev, TASK, options, task, finding, starts, completesWith } from "./auditTasks";

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
});
