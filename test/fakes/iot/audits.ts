/**
 * The IoT fake's account audit configuration and scheduled audits: a scheduled audit runs only
 * enabled checks, and a refused request changes nothing.
 */
import {
    CreateScheduledAuditCommand,
    DeleteAccountAuditConfigurationCommand,
    DeleteScheduledAuditCommand,
    DescribeAccountAuditConfigurationCommand,
    DescribeScheduledAuditCommand,
    ListScheduledAuditsCommand,
    ResourceAlreadyExistsException,
    UpdateAccountAuditConfigurationCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import { AUDIT_CHECK_NAMES } from "../../../components/facts";
import { DAY_UNSET } from "../../../components/iot/audit/mapping";
import type { FakeIotAccount } from "../iotAccount";
import { invalid, meta, On } from "./state";

export function fakeAudits(account: FakeIotAccount, on: On): void {
    // --- Account audit configuration ---------------------------------------------------------
    on(DescribeAccountAuditConfigurationCommand, () => ({
        ...(account.roleArn ? { roleArn: account.roleArn } : {}),
        auditNotificationTargetConfigurations: { ...account.notifications },
        auditCheckConfigurations: structuredClone(account.checks),
    }));
    on(UpdateAccountAuditConfigurationCommand, i => {
        // Validated before anything changes: a refused request changes nothing.
        const roles = [
            i.roleArn,
            ...Object.values(i.auditNotificationTargetConfigurations ?? {}).map(t => t.roleArn),
        ];
        const refused = roles.find(r => r && account.refusedRoles.has(r));
        if (refused) throw invalid(`role ${refused} cannot be assumed by iot.amazonaws.com`);
        for (const name of Object.keys(i.auditCheckConfigurations ?? {}))
            if (!(name in account.checks)) throw invalid(`unknown check ${name}`);
        for (const [name, c] of Object.entries(i.auditCheckConfigurations ?? {})) {
            if (!c.enabled && account.checks[name]?.enabled) {
                const user = [...account.audits].find(([, a]) => a.targetCheckNames.includes(name));
                if (user) throw invalid(`check ${name} is used by scheduled audit ${user[0]}`);
            }
            account.checks[name] = structuredClone(c);
        }
        if (i.roleArn) account.roleArn = i.roleArn;
        Object.assign(account.notifications, i.auditNotificationTargetConfigurations ?? {});
        return {};
    });
    on(DeleteAccountAuditConfigurationCommand, () => {
        if (account.audits.size > 0) throw invalid("scheduled audits exist");
        account.roleArn = undefined;
        account.notifications = {};
        account.checks = Object.fromEntries(AUDIT_CHECK_NAMES.map(c => [c, { enabled: false }]));
        return {};
    });

    // --- Scheduled audits ------------------------------------------------------------------
    const validChecks = (names: string[] | undefined) => {
        for (const c of names ?? [])
            if (!account.checks[c]?.enabled) throw invalid(`check ${c} is not enabled`);
    };
    on(CreateScheduledAuditCommand, i => {
        const name = i.scheduledAuditName!;
        if (account.audits.has(name))
            throw new ResourceAlreadyExistsException({
                message: `${name} exists`,
                ...meta,
                resourceId: name,
            });
        validChecks(i.targetCheckNames);
        const arn = account.arn(`scheduledaudit/${name}`);
        account.audits.set(name, {
            frequency: i.frequency!,
            dayOfWeek: i.dayOfWeek,
            dayOfMonth: i.dayOfMonth,
            targetCheckNames: [...i.targetCheckNames!],
            arn,
        });
        account.setTags(arn, i.tags);
        return { scheduledAuditArn: arn };
    });
    on(DescribeScheduledAuditCommand, i => {
        const a = account.audit(i.scheduledAuditName!);
        return {
            scheduledAuditName: i.scheduledAuditName,
            scheduledAuditArn: a.arn,
            frequency: a.frequency,
            dayOfWeek: a.dayOfWeek,
            dayOfMonth: a.dayOfMonth,
            targetCheckNames: [...a.targetCheckNames],
        };
    });
    on(UpdateScheduledAuditCommand, i => {
        const a = account.audit(i.scheduledAuditName!);
        validChecks(i.targetCheckNames);
        if (i.frequency) a.frequency = i.frequency;
        if (i.dayOfWeek)
            a.dayOfWeek = (i.dayOfWeek as string) === DAY_UNSET ? undefined : i.dayOfWeek;
        if (i.dayOfMonth) a.dayOfMonth = i.dayOfMonth === DAY_UNSET ? undefined : i.dayOfMonth;
        if (i.targetCheckNames) a.targetCheckNames = [...i.targetCheckNames];
        return { scheduledAuditArn: a.arn };
    });
    on(DeleteScheduledAuditCommand, i => {
        const a = account.audit(i.scheduledAuditName!);
        account.audits.delete(i.scheduledAuditName!);
        account.tags.delete(a.arn);
        return {};
    });
    on(ListScheduledAuditsCommand, () => ({
        scheduledAudits: [...account.audits].map(([scheduledAuditName, a]) => ({
            scheduledAuditName,
            scheduledAuditArn: a.arn,
            frequency: a.frequency,
        })),
    }));
}
