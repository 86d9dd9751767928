import * as assert from "assert";
import { AUDIT_CHECK_NAMES, AUDIT_CHECKS, DYNAMIC_TYPES } from "../../components/facts";
import {
    auditFrequency,
    auditNotifications,
    auditRequiredChecks,
    auditScheduled,
} from "../../policies/rules/audit";
import {
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    checkStack,
    ROLE_ARN,
    StackResource,
    TOPIC_ARN,
    UNKNOWN,
} from "./helpers";
import { checkOnServer, checkStackOnServer } from "./onServer";

const CONFIG = DYNAMIC_TYPES.AccountAudit,
    OTHER = DYNAMIC_TYPES.SecurityProfile;
const CRITICAL = AUDIT_CHECK_NAMES.filter(c => AUDIT_CHECKS[c].severity === "CRITICAL");
const enable = (checks: readonly string[]) =>
    Object.fromEntries(checks.map(c => [c, { enabled: true }]));
const configuration = (over: Record<string, unknown> = {}) => ({
    region: "eu-west-1",
    accountId: "123456789012",
    roleArn: ROLE_ARN,
    auditCheckConfigurations: enable(AUDIT_CHECK_NAMES),
    auditNotificationTargetConfigurations: {
        SNS: { targetArn: TOPIC_ARN, roleArn: ROLE_ARN, enabled: true },
    },
    ...over,
});
type Schedule = [string, Record<string, unknown>];
/** The account audit resource with these scheduled audits (it holds them, by name). */
const config = (over: Record<string, unknown> = {}, ...schedules: Schedule[]): StackResource => ({
    type: CONFIG,
    name: "audit",
    props: configuration({ scheduledAudits: Object.fromEntries(schedules), ...over }),
});
const scheduled = (
    name: string,
    frequency: string,
    targetCheckNames: unknown[] = [...AUDIT_CHECK_NAMES],
): Schedule => [name, { frequency, targetCheckNames }];

describe("policy iot-audit-required-checks (mandatory)", () => {
    const p = auditRequiredChecks;
    it("passes a configuration enabling every critical check (the default requirement)", async () =>
        assertPasses(
            await check(p, CONFIG, configuration({ auditCheckConfigurations: enable(CRITICAL) })),
        ));
    it("rejects a configuration missing a required or disabling it", async () => {
        const checks = { ...enable(CRITICAL), DEVICE_CERTIFICATE_SHARED_CHECK: { enabled: false } };
        delete (checks as Record<string, unknown>).IOT_POLICY_OVERLY_PERMISSIVE_CHECK;
        assertFails(
            await checkOnServer(p, CONFIG, configuration({ auditCheckConfigurations: checks })),
            "DEVICE_CERTIFICATE_SHARED_CHECK, IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
        );
    });
    it("takes the required list from config", async () =>
        assertFails(
            await check(p, CONFIG, configuration({ auditCheckConfigurations: enable(CRITICAL) }), {
                config: { requiredChecks: ["LOGGING_DISABLED_CHECK"] },
            }),
            "LOGGING_DISABLED_CHECK",
        ));
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, OTHER, {})));
    it("reports nothing while the checks are unknown (preview)", async () =>
        assertUnknownOnly(
            await check(p, CONFIG, configuration({ auditCheckConfigurations: UNKNOWN })),
        ));
});

describe("policy iot-audit-notifications-enabled (mandatory)", () => {
    const p = auditNotifications;
    it("passes enabled SNS notifications", async () =>
        assertPasses(await check(p, CONFIG, configuration())));
    it("rejects a configuration without notifications", async () =>
        assertFails(
            await checkOnServer(
                p,
                CONFIG,
                configuration({ auditNotificationTargetConfigurations: undefined }),
            ),
            "audit notifications are off",
        ));
    it("rejects disabled notifications and a missing role", async () =>
        assertFails(
            await check(
                p,
                CONFIG,
                configuration({
                    auditNotificationTargetConfigurations: {
                        SNS: { targetArn: TOPIC_ARN, enabled: false },
                    },
                }),
            ),
            "enabled is not true",
            "roleArn is missing",
        ));
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, OTHER, {})));
    it("rejects a target that is not an SNS topic ARN and a role that is not a role ARN", async () =>
        assertFails(
            await check(
                p,
                CONFIG,
                configuration({
                    auditNotificationTargetConfigurations: {
                        SNS: {
                            targetArn: "alerts",
                            roleArn: "arn:aws:iam::123456789012:user/u",
                            enabled: true,
                        },
                    },
                }),
            ),
            `auditNotificationTargetConfigurations.SNS.targetArn "alerts" is not an SNS topic ARN`,
            'auditNotificationTargetConfigurations.SNS.roleArn "arn:aws:iam::123456789012:user/u" is not an IAM role ARN',
        ));
    it("reports nothing while the notification target is unknown (preview)", async () =>
        assertUnknownOnly(
            await check(
                p,
                CONFIG,
                configuration({ auditNotificationTargetConfigurations: UNKNOWN }),
            ),
        ));
    it("counts a topic and role unknown until deploy as set: a new stack's preview runs the rule (known map, unknown ARNs)", async () =>
        assertPasses(
            await check(
                p,
                CONFIG,
                configuration({
                    auditNotificationTargetConfigurations: {
                        SNS: { targetArn: UNKNOWN, roleArn: UNKNOWN, enabled: true },
                    },
                }),
            ),
        ));
    it("still rejects disabled notifications and a missing role next to a topic unknown until deploy (preview)", async () => {
        const o = await check(
            p,
            CONFIG,
            configuration({
                auditNotificationTargetConfigurations: {
                    SNS: { targetArn: UNKNOWN, enabled: false },
                },
            }),
        );
        assertFails(
            o,
            "auditNotificationTargetConfigurations.SNS.roleArn is missing",
            "enabled is not true",
        );
        assert.strictEqual(o.unknown, undefined, "real violations, not a preview note");
    });
});

describe("stack policy iot-audit-scheduled (mandatory)", () => {
    const p = auditScheduled;
    it("passes a configuration with a scheduled audit of enabled checks", async () =>
        assertPasses(await checkStack(p, [config({}, scheduled("daily", "DAILY"))])));
    it("rejects a configuration without any scheduled audit", async () =>
        assertFails(
            await checkStackOnServer(p, [config()]),
            "has no scheduled audit in eu-west-1",
        ));
    it("rejects a scheduled audit of a check the configuration does not enable", async () =>
        assertFails(
            await checkStack(p, [
                config(
                    { auditCheckConfigurations: enable(CRITICAL) },
                    scheduled("daily", "DAILY", ["LOGGING_DISABLED_CHECK"]),
                ),
            ]),
            "runs checks the audit configuration does not enable: LOGGING_DISABLED_CHECK",
        ));
    it("does not apply to a stack without audit configuration (requireAuditConfiguration off, the default)", async () =>
        assertNotApplicable(await checkStack(p, [])));
    it("rejects a stack without audit configuration when requireAuditConfiguration is on (prod)", async () =>
        assertFails(
            await checkStack(p, [], { requireAuditConfiguration: true }),
            "the stack has no account audit configuration",
            "requireAuditConfiguration is on",
        ));
    it("passes a configured and scheduled audit when requireAuditConfiguration is on", async () =>
        assertPasses(
            await checkStack(p, [config({}, scheduled("daily", "DAILY"))], {
                requireAuditConfiguration: true,
            }),
        ));
    it("reports nothing while the audits' checks are unknown (preview)", async () =>
        assertUnknownOnly(
            await checkStack(p, [config({}, scheduled("daily", "DAILY", [UNKNOWN]))]),
        ));
});

describe("stack policy iot-audit-frequency (advisory)", () => {
    const p = auditFrequency;
    it("passes when every enabled check runs at least weekly", async () =>
        assertPasses(
            await checkStack(p, [
                config({}, scheduled("weekly", "WEEKLY"), scheduled("monthly", "MONTHLY")),
            ]),
        ));
    it("flags enabled checks in no scheduled audit", async () =>
        assertFails(
            await checkStackOnServer(p, [
                config(
                    {
                        auditCheckConfigurations: enable([
                            "LOGGING_DISABLED_CHECK",
                            "CONFLICTING_CLIENT_IDS_CHECK",
                        ]),
                    },
                    scheduled("weekly", "WEEKLY", ["LOGGING_DISABLED_CHECK"]),
                ),
            ]),
            "1 of 2 enabled audit checks are in no scheduled audit: CONFLICTING_CLIENT_IDS_CHECK",
        ));
    it("flags checks that run less often than maxInterval (prod: DAILY)", async () =>
        assertFails(
            await checkStack(p, [config({}, scheduled("weekly", "WEEKLY"))], {
                maxInterval: "DAILY",
            }),
            "less often than DAILY",
            "(WEEKLY)",
        ));
    it("does not apply to a stack without audit configuration", async () =>
        assertNotApplicable(await checkStack(p, [])));
    it("reports nothing while a frequency is unknown (preview)", async () =>
        assertUnknownOnly(
            await checkStack(p, [
                config({}, [
                    "s",
                    { frequency: UNKNOWN, targetCheckNames: ["LOGGING_DISABLED_CHECK"] },
                ]),
            ]),
        ));
});
