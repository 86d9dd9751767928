/**
 * `ops verify`: the recipe's post-deployment validation as checks against the live account, one
 * line each (`PASS|FAIL|SKIP <what>: <reason>`): profiles, their behaviors, alert targets and
 * attachments; the audit configuration and its notifications; scheduled audits; every CloudWatch
 * alarm (remediation's too); mitigation actions. Exits 1 on any FAIL. AWS errors on one check fail
 * that check; credential and network errors stop.
 *
 * The settings say what to expect; the stack outputs, when present, say under which names it was
 * deployed. A name the outputs list that the settings do not give is checked for existence only; a
 * name the settings give that the outputs lack fails (not deployed).
 */
import { DescribeAlarmsCommand, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import {
    DescribeAccountAuditConfigurationCommand,
    DescribeMitigationActionCommand,
    DescribeScheduledAuditCommand,
    DescribeSecurityProfileCommand,
    DescribeSecurityProfileResponse,
    ListTargetsForSecurityProfileCommand,
    SecurityProfileTarget,
} from "@aws-sdk/client-iot";
import { Settings } from "../../components/config/load";
import {
    ALERT_TARGET_TYPE,
    FREQUENCY_DAY_FIELD,
    REMEDIATION_ACTIONS,
    RemediationAction,
} from "../../components/facts";
import { AlarmSpec, Inventory, ScheduledAuditSpec, targetArn } from "../../components/inventory";
import { names } from "../../components/inventory/names";
import { allPages, request, requestIfExists } from "./aws";
import { EXIT, OpsContext, ResourceNames, StackTarget } from "./context";
import { AwsCallError, describeError, isFatal, reportFailures } from "./errors";
import { notOurRole, notOurTopic } from "./stack";

export type VerdictStatus = "PASS" | "FAIL" | "SKIP";
export interface Verdict {
    readonly status: VerdictStatus;
    readonly what: string;
    readonly reason?: string;
}

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

/** DescribeAlarms takes at most 100 names per call. */
const ALARMS_PER_CALL = 100;

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
        await verifier.profiles();
        await verifier.auditConfiguration();
        await verifier.scheduledAudits();
        await verifier.alarms();
        await verifier.mitigationActions();
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

class Verifier {
    private readonly settings: Settings;
    private readonly inventory: Inventory;
    private readonly names: ResourceNames;

    constructor(
        private readonly ctx: OpsContext,
        private readonly target: StackTarget,
        private readonly record: (r: Verdict) => void,
    ) {
        this.settings = target.settings;
        this.inventory = target.inventory;
        this.names = target.names;
    }

    private pass(what: string, reason?: string) {
        this.record({ status: "PASS", what, ...(reason ? { reason } : {}) });
    }
    private fail(what: string, reason: string) {
        this.record({ status: "FAIL", what, reason });
    }
    private skip(what: string, reason: string) {
        this.record({ status: "SKIP", what, reason });
    }
    /** PASS (with an optional note) when there is no problem, else FAIL with it. */
    private judge(what: string, problem: string | undefined, note?: string) {
        if (problem) this.fail(what, problem);
        else this.pass(what, note);
    }

    private get stackFile() {
        return `Pulumi.${this.settings.stack}.yaml`;
    }

    /** Fails what the settings expect under a name the stack outputs do not list. */
    private notDeployed(what: string) {
        this.fail(
            what,
            `in ${this.stackFile} but not in the outputs of stack ${this.settings.stack}; not deployed yet? run pulumi up --stack ${this.settings.stack}`,
        );
    }

    /** Why a name from the stack outputs is only checked for existence. */
    private notInSettings(kind: string, compared: string) {
        return `${kind} not in ${this.stackFile} (changed since the last pulumi up?), so its ${compared} not compared`;
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
        if (!s.detect.rules.enabled)
            this.skip(`profile ${names.ruleProfile(s)}`, "detect.rules.enabled is false");
        if (!s.detect.ml.enabled)
            this.skip(`profile ${names.mlProfile(s)}`, "detect.ml.enabled is false");
        const expected = this.inventory.securityProfiles;
        for (const p of expected)
            if (!this.names.securityProfiles.includes(p.name))
                this.notDeployed(`profile ${p.name} exists`);
        for (const name of this.names.securityProfiles) {
            const kind = expected.find(p => p.name === name)?.kind;
            await this.guarded(`profile ${name} exists`, async () => {
                const profile = await requestIfExists(this.ctx, "iot:DescribeSecurityProfile", () =>
                    this.ctx.iot.send(
                        new DescribeSecurityProfileCommand({ securityProfileName: name }),
                    ),
                );
                if (!profile) {
                    this.fail(
                        `profile ${name} exists`,
                        `no security profile named ${name} in ${this.ctx.region}`,
                    );
                    return;
                }
                this.pass(`profile ${name} exists`);
                if (!kind)
                    this.skip(
                        `profile ${name} behaviors`,
                        this.notInSettings("a profile", "behaviors are"),
                    );
                else
                    this.judge(
                        `profile ${name} behaviors`,
                        kind === "rules"
                            ? this.ruleBehaviorProblem(profile)
                            : this.mlBehaviorProblem(profile),
                    );
                const alert = profile.alertTargets?.[ALERT_TARGET_TYPE];
                this.judge(
                    `profile ${name} alerts to SNS`,
                    notOurTopic(alert?.alertTargetArn, this.target) ??
                        notOurRole(alert?.roleArn, this.target),
                );
                await this.guarded(`profile ${name} attached to its targets`, () =>
                    this.attachments(name, profile),
                );
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
        return missing.length > 0
            ? `no ML Detect behavior (criteria.mlDetectionConfig) for ${missing.join(", ")}`
            : undefined;
    }

    private async attachments(
        name: string,
        profile: DescribeSecurityProfileResponse,
    ): Promise<void> {
        const what = `profile ${name} attached to its targets`;
        const arn = profile.securityProfileArn?.split(":") ?? [];
        const [partition, account] = [arn[1], arn[4]];
        if (!partition || !account) {
            this.fail(
                what,
                `cannot tell the account from the profile ARN ${JSON.stringify(profile.securityProfileArn)}`,
            );
            return;
        }
        const expected = (this.inventory.detect.deviceDefender?.targets ?? []).map(t =>
            targetArn(t, partition, this.ctx.region, account),
        );
        const targets = await allPages<SecurityProfileTarget>(async nextToken => {
            const page = await request(this.ctx, "iot:ListTargetsForSecurityProfile", () =>
                this.ctx.iot.send(
                    new ListTargetsForSecurityProfileCommand({
                        securityProfileName: name,
                        nextToken,
                        maxResults: 250,
                    }),
                ),
            );
            return { items: page.securityProfileTargets, next: page.nextToken };
        });
        const actual = targets.map(x => x.arn ?? "");
        const missing = expected.filter(e => !actual.includes(e));
        const extra = actual.filter(a => !expected.includes(a));
        this.judge(
            what,
            missing.length > 0
                ? `not attached to ${missing.join(", ")}` +
                      (actual.length
                          ? `; attached to ${actual.join(", ")}`
                          : "; attached to nothing")
                : undefined,
            extra.length > 0 ? `also attached to ${extra.join(", ")}` : undefined,
        );
    }

    async auditConfiguration(): Promise<void> {
        const s = this.settings;
        if (!s.audit.enabled) {
            this.skip("audit configuration", "audit.enabled is false");
            return;
        }
        await this.guarded("audit configuration", async () => {
            const config = await request(this.ctx, "iot:DescribeAccountAuditConfiguration", () =>
                this.ctx.iot.send(new DescribeAccountAuditConfigurationCommand({})),
            );
            if (!config.roleArn) {
                this.fail(
                    "audit configuration",
                    `audit is not configured in ${this.ctx.region} (no audit role)`,
                );
                return;
            }
            this.pass("audit configuration", `role ${config.roleArn}`);
            const checks = config.auditCheckConfigurations ?? {};
            const disabled = s.audit.checks.filter(c => checks[c]?.enabled !== true);
            this.judge(
                `audit checks enabled (${s.audit.checks.length})`,
                disabled.length > 0 ? `not enabled: ${disabled.join(", ")}` : undefined,
            );
            const sns = config.auditNotificationTargetConfigurations?.[ALERT_TARGET_TYPE];
            this.judge(
                "audit notifications to SNS",
                !sns
                    ? `no ${ALERT_TARGET_TYPE} notification target`
                    : sns.enabled !== true
                      ? `${ALERT_TARGET_TYPE} notifications are disabled`
                      : (notOurTopic(sns.targetArn, this.target) ??
                        notOurRole(sns.roleArn, this.target)),
            );
        });
    }

    async scheduledAudits(): Promise<void> {
        const audit = this.inventory.audit;
        if (!audit) {
            this.skip("scheduled audits", "audit.enabled is false");
            return;
        }
        const bySettings = new Map(audit.scheduledAudits.map(x => [x.name, x]));
        for (const [name, schedule] of bySettings) {
            if (!this.names.scheduledAudits.includes(name))
                this.notDeployed(scheduleLabel(name, schedule));
        }
        for (const name of this.names.scheduledAudits) {
            const schedule = bySettings.get(name);
            const what = scheduleLabel(name, schedule);
            await this.guarded(what, async () => {
                const found = await requestIfExists(this.ctx, "iot:DescribeScheduledAudit", () =>
                    this.ctx.iot.send(
                        new DescribeScheduledAuditCommand({ scheduledAuditName: name }),
                    ),
                );
                if (!found) {
                    this.fail(what, `no scheduled audit named ${name} in ${this.ctx.region}`);
                    return;
                }
                if (!schedule) {
                    this.pass(what, this.notInSettings("a scheduled audit", "schedule is"));
                    return;
                }
                const dayField = FREQUENCY_DAY_FIELD[schedule.frequency];
                const problems: string[] = [];
                if (found.frequency !== schedule.frequency)
                    problems.push(
                        `frequency is ${found.frequency}, expected ${schedule.frequency}`,
                    );
                else if (dayField && found[dayField] !== schedule[dayField])
                    problems.push(
                        `${dayField} is ${found[dayField]}, expected ${schedule[dayField]}`,
                    );
                const checksProblem = setProblem(
                    "checks",
                    schedule.checks,
                    found.targetCheckNames ?? [],
                );
                if (checksProblem) problems.push(checksProblem);
                this.judge(what, problems.join("; ") || undefined);
            });
        }
    }

    async alarms(): Promise<void> {
        const expected = this.inventory.alarms;
        const deployed = this.names.alarms;
        if (expected.length === 0 && deployed.length === 0) {
            this.skip("CloudWatch alarms", "detect, audit and remediation are all disabled");
            return;
        }
        for (const e of expected)
            if (!deployed.includes(e.name)) this.notDeployed(`alarm ${e.name}`);
        if (deployed.length === 0) return;
        await this.guarded("CloudWatch alarms", async () => {
            const found = new Map<string, MetricAlarm>();
            for (let i = 0; i < deployed.length; i += ALARMS_PER_CALL) {
                const batch = deployed.slice(i, i + ALARMS_PER_CALL);
                const alarms = await allPages<MetricAlarm>(async NextToken => {
                    const page = await request(this.ctx, "cloudwatch:DescribeAlarms", () =>
                        this.ctx.cloudwatch.send(
                            new DescribeAlarmsCommand({
                                AlarmNames: batch,
                                MaxRecords: ALARMS_PER_CALL,
                                NextToken,
                            }),
                        ),
                    );
                    return { items: page.MetricAlarms, next: page.NextToken };
                });
                for (const a of alarms) if (a.AlarmName) found.set(a.AlarmName, a);
            }
            for (const name of deployed) {
                const alarm = found.get(name);
                const spec = expected.find(e => e.name === name);
                if (!alarm)
                    this.fail(
                        `alarm ${name}`,
                        `no CloudWatch alarm named ${name} in ${this.ctx.region}`,
                    );
                else if (!spec)
                    this.pass(`alarm ${name}`, this.notInSettings("an alarm", "metric is"));
                else this.judge(`alarm ${name}`, this.alarmProblem(alarm, spec));
            }
        });
    }

    /**
     * Why the alarm does not watch what the spec says: its metric, and for remediation's alarms the
     * stack's own queue or function (under the name the outputs give, when they do).
     */
    private alarmProblem(alarm: MetricAlarm, spec: AlarmSpec): string | undefined {
        if (!watches(alarm, spec.namespace, spec.metric))
            return `does not watch ${spec.namespace} ${spec.metric}`;
        const remediation = this.inventory.remediation;
        const deployedAs = (derived: string) =>
            derived === remediation?.deadLetterQueue
                ? this.names.deadLetterQueue
                : derived === remediation?.responderFunction
                  ? this.names.responderFunction
                  : undefined;
        for (const [dimension, derived] of Object.entries(spec.dimensions)) {
            const value = deployedAs(derived);
            if (value === undefined) continue;
            const actual = (alarm.Dimensions ?? []).find(d => d.Name === dimension)?.Value;
            if (actual !== value)
                return `watches ${dimension} ${actual ?? "(none)"}, not the stack's ${value}`;
        }
        return undefined;
    }

    async mitigationActions(): Promise<void> {
        const s = this.settings;
        if (!s.remediation.enabled) {
            this.skip("mitigation actions", "remediation.enabled is false");
            return;
        }
        const deployed = Object.keys(this.names.mitigationActions);
        for (const [action, name] of Object.entries(
            this.inventory.remediation?.mitigationActions ?? {},
        )) {
            if (!deployed.includes(action))
                this.notDeployed(`mitigation action ${name} (${action})`);
        }
        for (const [action, name] of Object.entries(this.names.mitigationActions)) {
            const what = `mitigation action ${name} (${action})`;
            await this.guarded(what, async () => {
                const found = await requestIfExists(this.ctx, "iot:DescribeMitigationAction", () =>
                    this.ctx.iot.send(new DescribeMitigationActionCommand({ actionName: name })),
                );
                if (!found) {
                    this.fail(what, `no mitigation action named ${name} in ${this.ctx.region}`);
                    return;
                }
                // The type follows from the remediation action (facts), whatever the settings say now.
                const type = Object.hasOwn(REMEDIATION_ACTIONS, action)
                    ? REMEDIATION_ACTIONS[action as RemediationAction]
                    : undefined;
                if (!type)
                    this.pass(
                        what,
                        `${action} is not a remediation action this project knows, so its type is not compared`,
                    );
                else
                    this.judge(
                        what,
                        found.actionType === type
                            ? undefined
                            : `action type is ${found.actionType}, expected ${type}`,
                    );
            });
        }
    }
}

/** "scheduled audit <name> (WEEKLY MON)"; just the name when the settings do not define it. */
function scheduleLabel(name: string, schedule: ScheduledAuditSpec | undefined): string {
    if (!schedule) return `scheduled audit ${name}`;
    const dayField = FREQUENCY_DAY_FIELD[schedule.frequency];
    const day = dayField ? schedule[dayField] : undefined;
    return `scheduled audit ${name} (${schedule.frequency}${day ? ` ${day}` : ""})`;
}

/** Whether an alarm watches the metric in the namespace, directly or in metric math (Metrics Insights included). */
function watches(alarm: MetricAlarm, namespace: string, metric: string): boolean {
    if (alarm.Namespace === namespace && alarm.MetricName === metric) return true;
    return (alarm.Metrics ?? []).some(
        q =>
            (q.MetricStat?.Metric?.Namespace === namespace &&
                q.MetricStat.Metric.MetricName === metric) ||
            (q.Expression?.includes(namespace) && q.Expression.includes(metric)),
    );
}

/** "missing: a, b; unexpected: c", or undefined when both lists hold the same names. */
function setProblem(
    label: string,
    expected: readonly string[],
    actual: readonly string[],
): string | undefined {
    const missing = expected.filter(e => !actual.includes(e));
    const extra = actual.filter(a => !expected.includes(a));
    const parts = [
        ...(missing.length ? [`missing ${label}: ${missing.join(", ")}`] : []),
        ...(extra.length ? [`unexpected ${label}: ${extra.join(", ")}`] : []),
    ];
    return parts.join("; ") || undefined;
}
