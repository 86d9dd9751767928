/**
 * `ops verify`: the recipe's post-deployment validation as checks against the live account, one
 * line each (`PASS|FAIL|SKIP <what>: <reason>`): profiles, their behaviors, alert targets and
 * attachments; the audit configuration and its notifications; scheduled audits; CloudWatch alarms.
 * Exits 1 on any FAIL. AWS errors on one check fail that check; credential and network errors stop.
 */
import { DescribeAlarmsCommand, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import {
    DescribeAccountAuditConfigurationCommand, DescribeScheduledAuditCommand, DescribeSecurityProfileCommand,
    DescribeSecurityProfileResponse, ListTargetsForSecurityProfileCommand, SecurityProfileTarget,
} from "@aws-sdk/client-iot";
import { Settings } from "../../components/config/load";
import { ALERT_TARGET_TYPE, allThingsTargetArn, CLOUDWATCH, FREQUENCY_DAY_FIELD, thingGroupArn } from "../../components/facts";
import { names } from "../../components/names";
import { allPages, ask, askIfExists } from "./aws";
import { EXIT, OpsContext, StackTarget } from "./context";
import { AwsCallError, describeError, isFatal, reportFailures } from "./errors";
import { expectedProfiles, notOurTopic } from "./stack";

export type CheckStatus = "PASS" | "FAIL" | "SKIP";
export interface CheckResult { readonly status: CheckStatus; readonly what: string; readonly reason?: string }

export interface VerifyOptions { readonly json: boolean }

/** The `--json` document. */
export interface VerifyReport {
    readonly stack: string;
    readonly region: string;
    readonly ok: boolean;
    readonly results: CheckResult[];
}

/** DescribeAlarms takes at most 100 names per call. */
const ALARMS_PER_CALL = 100;

export async function verify(ctx: OpsContext, target: StackTarget, options: VerifyOptions): Promise<number> {
    return reportFailures(ctx.err, async () => {
        const results: CheckResult[] = [];
        const record = (r: CheckResult) => {
            results.push(r);
            if (!options.json) ctx.out(`${r.status} ${r.what}${r.reason ? `: ${r.reason}` : ""}`);
        };
        const checker = new Checker(ctx, target, record);
        await checker.profiles();
        await checker.auditConfiguration();
        await checker.scheduledAudits();
        await checker.alarms();
        const failed = results.filter(r => r.status === "FAIL").length;
        if (options.json) {
            const report: VerifyReport = { stack: target.settings.stack, region: ctx.region, ok: failed === 0, results };
            ctx.out(JSON.stringify(report, null, 2));
        } else {
            const passed = results.filter(r => r.status === "PASS").length;
            const skipped = results.filter(r => r.status === "SKIP").length;
            ctx.out(`${failed === 0 ? "OK" : "FAILED"}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
        }
        return failed === 0 ? EXIT.ok : EXIT.error;
    });
}

class Checker {
    private readonly settings: Settings;

    constructor(private readonly ctx: OpsContext, private readonly target: StackTarget, private readonly record: (r: CheckResult) => void) {
        this.settings = target.settings;
    }

    private pass(what: string, reason?: string) { this.record({ status: "PASS", what, ...(reason ? { reason } : {}) }); }
    private fail(what: string, reason: string) { this.record({ status: "FAIL", what, reason }); }
    private skip(what: string, reason: string) { this.record({ status: "SKIP", what, reason }); }
    private check(what: string, problem: string | undefined, note?: string) {
        if (problem) this.fail(what, problem);
        else this.pass(what, note);
    }

    /** Runs one check's AWS calls; an AWS refusal fails the check, credentials and network errors stop verify. */
    private async guarded(what: string, body: () => Promise<void>): Promise<void> {
        try {
            await body();
        } catch (err) {
            if (err instanceof AwsCallError && !isFatal(err)) this.fail(what, describeError(err));
            else throw err;
        }
    }

    async profiles(): Promise<void> {
        const s = this.settings;
        if (!s.detect.enabled) {
            this.skip("security profiles", "detect.enabled is false (audit-only stack)");
            return;
        }
        if (!s.detect.rules.enabled) this.skip(`profile ${names.ruleProfile(s)}`, "detect.rules.enabled is false");
        if (!s.detect.ml.enabled) this.skip(`profile ${names.mlProfile(s)}`, "detect.ml.enabled is false");
        for (const { name, kind } of expectedProfiles(s)) {
            await this.guarded(`profile ${name} exists`, async () => {
                const profile = await askIfExists(this.ctx, "iot:DescribeSecurityProfile", () =>
                    this.ctx.iot.send(new DescribeSecurityProfileCommand({ securityProfileName: name })));
                if (!profile) {
                    this.fail(`profile ${name} exists`, `no security profile named ${name} in ${this.ctx.region}`);
                    return;
                }
                this.pass(`profile ${name} exists`);
                this.check(`profile ${name} behaviors`, kind === "rules" ? this.ruleBehaviorProblem(profile) : this.mlBehaviorProblem(profile));
                this.check(`profile ${name} alerts to SNS`,
                    notOurTopic(profile.alertTargets?.[ALERT_TARGET_TYPE]?.alertTargetArn, s, this.target.outputs));
                await this.guarded(`profile ${name} attached to its targets`, () => this.attachments(name, profile));
            });
        }
    }

    private ruleBehaviorProblem(profile: DescribeSecurityProfileResponse): string | undefined {
        const actual = (profile.behaviors ?? []).map(b => b.name ?? "");
        const expected = this.settings.detect.rules.behaviors.map(b => b.name);
        return setProblem("behaviors", expected, actual);
    }

    private mlBehaviorProblem(profile: DescribeSecurityProfileResponse): string | undefined {
        const ml = (profile.behaviors ?? []).filter(b => b.criteria?.mlDetectionConfig);
        const missing = this.settings.detect.ml.metrics.filter(m => !ml.some(b => b.metric === m));
        return missing.length > 0 ? `no ML Detect behavior (criteria.mlDetectionConfig) for ${missing.join(", ")}` : undefined;
    }

    private async attachments(name: string, profile: DescribeSecurityProfileResponse): Promise<void> {
        const what = `profile ${name} attached to its targets`;
        const arn = profile.securityProfileArn?.split(":") ?? [];
        const [partition, account] = [arn[1], arn[4]];
        if (!partition || !account) {
            this.fail(what, `cannot tell the account from the profile ARN ${JSON.stringify(profile.securityProfileArn)}`);
            return;
        }
        const t = this.settings.detect.targets;
        const expected = [
            ...(t.allThings ? [allThingsTargetArn(partition, this.ctx.region, account, t.allThings)] : []),
            ...t.thingGroups.map(g => thingGroupArn(partition, this.ctx.region, account, g)),
        ];
        const targets = await allPages<SecurityProfileTarget>(async nextToken => {
            const page = await ask(this.ctx, "iot:ListTargetsForSecurityProfile", () =>
                this.ctx.iot.send(new ListTargetsForSecurityProfileCommand({ securityProfileName: name, nextToken, maxResults: 250 })));
            return { items: page.securityProfileTargets, next: page.nextToken };
        });
        const actual = targets.map(x => x.arn ?? "");
        const missing = expected.filter(e => !actual.includes(e));
        const extra = actual.filter(a => !expected.includes(a));
        this.check(what, missing.length > 0 ? `not attached to ${missing.join(", ")}` + (actual.length ? `; attached to ${actual.join(", ")}` : "; attached to nothing") : undefined,
            extra.length > 0 ? `also attached to ${extra.join(", ")}` : undefined);
    }

    async auditConfiguration(): Promise<void> {
        const s = this.settings;
        if (!s.audit.enabled) {
            this.skip("audit configuration", "audit.enabled is false");
            return;
        }
        await this.guarded("audit configuration", async () => {
            const config = await ask(this.ctx, "iot:DescribeAccountAuditConfiguration", () =>
                this.ctx.iot.send(new DescribeAccountAuditConfigurationCommand({})));
            if (!config.roleArn) {
                this.fail("audit configuration", `audit is not configured in ${this.ctx.region} (no audit role)`);
                return;
            }
            this.pass("audit configuration", `role ${config.roleArn}`);
            const checks = config.auditCheckConfigurations ?? {};
            const disabled = s.audit.checks.filter(c => checks[c]?.enabled !== true);
            this.check(`audit checks enabled (${s.audit.checks.length})`, disabled.length > 0 ? `not enabled: ${disabled.join(", ")}` : undefined);
            const sns = config.auditNotificationTargetConfigurations?.[ALERT_TARGET_TYPE];
            this.check("audit notifications to SNS", !sns ? `no ${ALERT_TARGET_TYPE} notification target`
                : sns.enabled !== true ? `${ALERT_TARGET_TYPE} notifications are disabled`
                : notOurTopic(sns.targetArn, s, this.target.outputs));
        });
    }

    async scheduledAudits(): Promise<void> {
        const s = this.settings;
        if (!s.audit.enabled) {
            this.skip("scheduled audits", "audit.enabled is false");
            return;
        }
        for (const schedule of s.audit.schedules) {
            const name = names.scheduledAudit(s, schedule.name);
            const dayField = FREQUENCY_DAY_FIELD[schedule.frequency];
            const day = dayField ? schedule[dayField] : undefined;
            const what = `scheduled audit ${name} (${schedule.frequency}${day ? ` ${day}` : ""})`;
            await this.guarded(what, async () => {
                const found = await askIfExists(this.ctx, "iot:DescribeScheduledAudit", () =>
                    this.ctx.iot.send(new DescribeScheduledAuditCommand({ scheduledAuditName: name })));
                if (!found) {
                    this.fail(what, `no scheduled audit named ${name} in ${this.ctx.region}`);
                    return;
                }
                const problems: string[] = [];
                if (found.frequency !== schedule.frequency) problems.push(`frequency is ${found.frequency}, expected ${schedule.frequency}`);
                else if (dayField && found[dayField] !== day) problems.push(`${dayField} is ${found[dayField]}, expected ${day}`);
                const checksProblem = setProblem("checks", schedule.checks ?? s.audit.checks, found.targetCheckNames ?? []);
                if (checksProblem) problems.push(checksProblem);
                this.check(what, problems.join("; ") || undefined);
            });
        }
    }

    async alarms(): Promise<void> {
        const s = this.settings;
        const expected: { name: string; metric: string }[] = [
            ...expectedProfiles(s).map(p => ({ name: names.violationsAlarm(s, p.name), metric: CLOUDWATCH.metrics.violations })),
            ...(s.audit.enabled ? [{ name: names.nonCompliantAlarm(s), metric: CLOUDWATCH.metrics.nonCompliantResources }] : []),
        ];
        if (expected.length === 0) {
            this.skip("CloudWatch alarms", "neither detect nor audit is enabled");
            return;
        }
        await this.guarded("CloudWatch alarms", async () => {
            const found = new Map<string, MetricAlarm>();
            for (let i = 0; i < expected.length; i += ALARMS_PER_CALL) {
                const batch = expected.slice(i, i + ALARMS_PER_CALL).map(e => e.name);
                const alarms = await allPages<MetricAlarm>(async NextToken => {
                    const page = await ask(this.ctx, "cloudwatch:DescribeAlarms", () =>
                        this.ctx.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: batch, MaxRecords: ALARMS_PER_CALL, NextToken })));
                    return { items: page.MetricAlarms, next: page.NextToken };
                });
                for (const a of alarms) if (a.AlarmName) found.set(a.AlarmName, a);
            }
            for (const e of expected) {
                const alarm = found.get(e.name);
                this.check(`alarm ${e.name}`, !alarm ? `no CloudWatch alarm named ${e.name} in ${this.ctx.region}`
                    : watches(alarm, e.metric) ? undefined
                    : `does not watch ${CLOUDWATCH.namespace} ${e.metric}`);
            }
        });
    }
}

/** Whether an alarm watches the metric in the AWS/IoT namespace, directly or in metric math. */
function watches(alarm: MetricAlarm, metric: string): boolean {
    if (alarm.Namespace === CLOUDWATCH.namespace && alarm.MetricName === metric) return true;
    return (alarm.Metrics ?? []).some(q =>
        (q.MetricStat?.Metric?.Namespace === CLOUDWATCH.namespace && q.MetricStat.Metric.MetricName === metric)
        || (q.Expression?.includes(CLOUDWATCH.namespace) && q.Expression.includes(metric)));
}

/** "missing: a, b; unexpected: c", or undefined when both lists hold the same names. */
function setProblem(label: string, expected: readonly string[], actual: readonly string[]): string | undefined {
    const missing = expected.filter(e => !actual.includes(e));
    const extra = actual.filter(a => !expected.includes(a));
    const parts = [
        ...(missing.length ? [`missing ${label}: ${missing.join(", ")}`] : []),
        ...(extra.length ? [`unexpected ${label}: ${extra.join(", ")}`] : []),
    ];
    return parts.join("; ") || undefined;
}
