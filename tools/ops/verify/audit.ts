/** verify: the account audit configuration, its notifications, and the scheduled audits. */
import {
    DescribeAccountAuditConfigurationCommand,
    DescribeScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import { ALERT_TARGET_TYPE, FREQUENCY_DAY_FIELD } from "../../../components/facts";
import { ScheduledAuditSpec } from "../../../components/inventory";
import { request, requestIfExists } from "../aws";
import { notOurRole, notOurTopic } from "../stack";
import { Verifier, setProblem } from "./verifier";

export async function verifyAuditConfiguration(v: Verifier): Promise<void> {
    const s = v.settings;
    if (!s.audit.enabled) {
        v.skip("audit configuration", "audit.enabled is false");
        return;
    }
    await v.guarded("audit configuration", async () => {
        const config = await request(v.ctx, "iot:DescribeAccountAuditConfiguration", () =>
            v.ctx.iot.send(new DescribeAccountAuditConfigurationCommand({})),
        );
        if (!config.roleArn) {
            v.fail(
                "audit configuration",
                `audit is not configured in ${v.ctx.region} (no audit role)`,
            );
            return;
        }
        v.pass("audit configuration", `role ${config.roleArn}`);
        const checks = config.auditCheckConfigurations ?? {};
        const disabled = s.audit.checks.filter(c => checks[c]?.enabled !== true);
        v.judge(
            `audit checks enabled (${s.audit.checks.length})`,
            disabled.length > 0 ? `not enabled: ${disabled.join(", ")}` : undefined,
        );
        const sns = config.auditNotificationTargetConfigurations?.[ALERT_TARGET_TYPE];
        v.judge(
            "audit notifications to SNS",
            !sns
                ? `no ${ALERT_TARGET_TYPE} notification target`
                : sns.enabled !== true
                  ? `${ALERT_TARGET_TYPE} notifications are disabled`
                  : (notOurTopic(sns.targetArn, v.target) ?? notOurRole(sns.roleArn, v.target)),
        );
    });
}

export async function verifyScheduledAudits(v: Verifier): Promise<void> {
    const audit = v.inventory.audit;
    if (!audit) {
        v.skip("scheduled audits", "audit.enabled is false");
        return;
    }
    const bySettings = new Map(audit.scheduledAudits.map(x => [x.name, x]));
    for (const [name, schedule] of bySettings) {
        if (!v.names.scheduledAudits.includes(name)) v.notDeployed(scheduleLabel(name, schedule));
    }
    for (const name of v.names.scheduledAudits) {
        const schedule = bySettings.get(name);
        const what = scheduleLabel(name, schedule);
        await v.guarded(what, async () => {
            const found = await requestIfExists(v.ctx, "iot:DescribeScheduledAudit", () =>
                v.ctx.iot.send(new DescribeScheduledAuditCommand({ scheduledAuditName: name })),
            );
            if (!found) {
                v.fail(what, `no scheduled audit named ${name} in ${v.ctx.region}`);
                return;
            }
            if (!schedule) {
                v.pass(what, v.notInSettings("a scheduled audit", "schedule is"));
                return;
            }
            const dayField = FREQUENCY_DAY_FIELD[schedule.frequency];
            const problems: string[] = [];
            if (found.frequency !== schedule.frequency)
                problems.push(`frequency is ${found.frequency}, expected ${schedule.frequency}`);
            else if (dayField && found[dayField] !== schedule[dayField])
                problems.push(`${dayField} is ${found[dayField]}, expected ${schedule[dayField]}`);
            const checksProblem = setProblem(
                "checks",
                schedule.checks,
                found.targetCheckNames ?? [],
            );
            if (checksProblem) problems.push(checksProblem);
            v.judge(what, problems.join("; ") || undefined);
        });
    }
}

/** "scheduled audit <name> (WEEKLY MON)"; just the name when the settings do not define it. */
function scheduleLabel(name: string, schedule: ScheduledAuditSpec | undefined): string {
    if (!schedule) return `scheduled audit ${name}`;
    const dayField = FREQUENCY_DAY_FIELD[schedule.frequency];
    const day = dayField ? schedule[dayField] : undefined;
    return `scheduled audit ${name} (${schedule.frequency}${day ? ` ${day}` : ""})`;
}
