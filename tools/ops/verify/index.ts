/**
 * `ops verify`: the recipe's post-deployment validation as checks against the live account, one
 * line each (`PASS|FAIL|SKIP <what>: <reason>`): profiles, their behaviors, alert targets and
 * attachments; the audit configuration and its notifications; scheduled audits; audit suppressions
 * (present, not expired); every CloudWatch
 * alarm (remediation's too); on a logs engine stack its logging, topic rules, Contributor Insights
 * rules and behaviour alarms (logs.ts); IoT Core's fleet alarms, either engine (fleetAlarms.ts);
 * mitigation actions. Exits 1 on any FAIL. AWS errors on one check fail
 * that check; credential and network errors stop.
 *
 * The settings say what to expect; the stack outputs, when present, say under which names it was
 * deployed. A name the outputs list that the settings do not give is checked for existence only; a
 * name the settings give that the outputs lack fails (not deployed).
 */
import { EXIT, OpsContext, StackTarget } from "../context";
import { reportFailures } from "../errors";
import { verifyAlarms } from "./alarms";
import { verifyAuditConfiguration, verifyScheduledAudits } from "./audit";
import { verifyFleetAlarms } from "./fleetAlarms";
import { verifyLogsEngine } from "./logs";
import { verifyMitigationActions } from "./mitigationActions";
import { verifyProfiles } from "./profiles";
import { verifyAuditSuppressions } from "./suppressions";
import { Verdict, Verifier } from "./verifier";

export type { Verdict, VerdictStatus } from "./verifier";

export interface VerifyOptions {
    readonly json: boolean;
}

/** The `--json` document. */
export interface VerifyReport {
    readonly stack: string;
    readonly region: string;
    readonly ok: boolean;
    readonly results: Verdict[];
}

export async function verify(
    ctx: OpsContext,
    target: StackTarget,
    options: VerifyOptions,
): Promise<number> {
    return reportFailures(ctx.err, async () => {
        const results: Verdict[] = [];
        const record = (r: Verdict) => {
            results.push(r);
            if (!options.json) ctx.out(`${r.status} ${r.what}${r.reason ? `: ${r.reason}` : ""}`);
        };
        const verifier = new Verifier(ctx, target, record);
        await verifyProfiles(verifier);
        await verifyAuditConfiguration(verifier);
        await verifyScheduledAudits(verifier);
        await verifyAuditSuppressions(verifier);
        await verifyAlarms(verifier);
        const logs = target.inventory.detect.logs;
        if (logs) await verifyLogsEngine(verifier, logs);
        const fleet = target.inventory.fleetAlarms;
        if (fleet) await verifyFleetAlarms(verifier, fleet);
        await verifyMitigationActions(verifier);
        const failed = results.filter(r => r.status === "FAIL").length;
        if (options.json) {
            const report: VerifyReport = {
                stack: target.settings.stack,
                region: ctx.region,
                ok: failed === 0,
                results,
            };
            ctx.out(JSON.stringify(report, null, 2));
        } else {
            const passed = results.filter(r => r.status === "PASS").length;
            const skipped = results.filter(r => r.status === "SKIP").length;
            ctx.out(
                `${failed === 0 ? "OK" : "FAILED"}: ${passed} passed, ${failed} failed, ${skipped} skipped`,
            );
        }
        return failed === 0 ? EXIT.ok : EXIT.error;
    });
}
