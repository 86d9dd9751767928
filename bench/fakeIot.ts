/**
 * An in-memory fake of one account's Device Defender state behind `aws-sdk-client-mock`: security
 * profiles (versioned, with attachments), scheduled audits, the account audit configuration and
 * tags, answering the IoT commands the providers send with the shapes and errors AWS uses.
 * Any other command fails loudly, so an unexpected call cannot go unnoticed.
 */
import {
    AttachSecurityProfileCommand, AuditCheckConfiguration, AuditNotificationTarget, CreateScheduledAuditCommand,
    CreateSecurityProfileCommand, DeleteAccountAuditConfigurationCommand, DeleteScheduledAuditCommand, DeleteSecurityProfileCommand,
    DescribeAccountAuditConfigurationCommand, DescribeScheduledAuditCommand, DescribeSecurityProfileCommand, DetachSecurityProfileCommand,
    InvalidRequestException, IoTClient, ListScheduledAuditsCommand, ListTagsForResourceCommand, ListTargetsForSecurityProfileCommand,
    ResourceAlreadyExistsException, ResourceNotFoundException, TagResourceCommand, UntagResourceCommand, UpdateAccountAuditConfigurationCommand,
    UpdateScheduledAuditCommand, UpdateSecurityProfileCommand, VersionConflictException,
} from "@aws-sdk/client-iot";
import { AwsStub, mockClient } from "aws-sdk-client-mock";
import { AUDIT_CHECK_NAMES } from "../components/facts";
import { DAY_UNSET } from "../components/iot/scheduledAudit";

const meta = { $metadata: { httpStatusCode: 400 } };
const notFound = (what: string) => new ResourceNotFoundException({ message: `${what} does not exist`, $metadata: { httpStatusCode: 404 } });
const invalid = (message: string) => new InvalidRequestException({ message, ...meta });

interface Profile { def: Record<string, unknown>; version: number; arn: string; targets: Set<string>; created: Date }
interface Audit { frequency: string; dayOfWeek?: string; dayOfMonth?: string; targetCheckNames: string[]; arn: string }

/** Read-only commands (everything else counts as a write). */
export const isRead = (command: string) => /^(Describe|List|Get)/.test(command);

export class FakeIotAccount {
    readonly profiles = new Map<string, Profile>();
    readonly audits = new Map<string, Audit>();
    readonly tags = new Map<string, Map<string, string>>();
    roleArn?: string;
    notifications: Record<string, AuditNotificationTarget> = {};
    checks: Record<string, AuditCheckConfiguration> = {};
    readonly mock: AwsStub<any, any, any>;

    constructor(readonly accountId: string, readonly region: string) {
        this.reset();
        this.mock = mockClient(IoTClient);
        this.install();
    }

    /** A fresh account: no profiles or audits, no audit role, every check known and disabled. */
    reset(): void {
        this.profiles.clear(); this.audits.clear(); this.tags.clear();
        this.roleArn = undefined;
        this.notifications = {};
        this.checks = Object.fromEntries(AUDIT_CHECK_NAMES.map(c => [c, { enabled: false }]));
    }

    restore(): void { this.mock.restore(); }

    /** AWS calls since the last `resetHistory`, by command name, in order. */
    calls(): string[] {
        return this.mock.calls().map(c => (c.args[0] as object).constructor.name.replace(/Command$/, ""));
    }

    private arn(resource: string): string { return `arn:aws:iot:${this.region}:${this.accountId}:${resource}`; }

    private setTags(arn: string, tags: { Key?: string; Value?: string }[] | undefined): void {
        const map = this.tags.get(arn) ?? new Map<string, string>();
        for (const t of tags ?? []) if (t.Key) map.set(t.Key, t.Value ?? "");
        this.tags.set(arn, map);
    }

    private profile(name: string): Profile {
        const p = this.profiles.get(name);
        if (!p) throw notFound(`Security profile ${name}`);
        return p;
    }

    private audit(name: string): Audit {
        const a = this.audits.get(name);
        if (!a) throw notFound(`Scheduled audit ${name}`);
        return a;
    }

    private install(): void {
        const m = this.mock;
        const on = <C extends new (...args: any[]) => { input: object }>(command: C, fake: (input: NonNullable<InstanceType<C>["input"]>) => object) =>
            m.on(command as any).callsFake(async (input: NonNullable<InstanceType<C>["input"]>) => fake(input ?? {}));
        m.onAnyCommand().callsFake(async () => { throw new Error("command not faked by bench/fakeIot.ts"); });

        // --- Security profiles -----------------------------------------------------------------
        on(CreateSecurityProfileCommand, i => {
            const name = i.securityProfileName!;
            if (this.profiles.has(name)) throw new ResourceAlreadyExistsException({ message: `${name} exists`, ...meta, resourceId: name });
            const { securityProfileName: _n, tags, ...def } = i;
            const arn = this.arn(`securityprofile/${name}`);
            this.profiles.set(name, { def, version: 1, arn, targets: new Set(), created: new Date() });
            this.setTags(arn, tags);
            return { securityProfileName: name, securityProfileArn: arn };
        });
        on(DescribeSecurityProfileCommand, i => {
            const p = this.profile(i.securityProfileName!);
            return { securityProfileName: i.securityProfileName, securityProfileArn: p.arn, ...p.def, version: p.version, creationDate: p.created, lastModifiedDate: p.created };
        });
        on(UpdateSecurityProfileCommand, i => {
            const { securityProfileName: name, expectedVersion, deleteBehaviors, deleteAlertTargets, deleteAdditionalMetricsToRetain, deleteMetricsExportConfig, ...set } = i;
            const p = this.profile(name!);
            if (expectedVersion !== undefined && expectedVersion !== p.version) throw new VersionConflictException({ message: `version is ${p.version}`, ...meta });
            const clear = { behaviors: deleteBehaviors, alertTargets: deleteAlertTargets, additionalMetricsToRetainV2: deleteAdditionalMetricsToRetain, metricsExportConfig: deleteMetricsExportConfig };
            for (const [k, flag] of Object.entries(clear)) if (flag) delete p.def[k];
            for (const [k, v] of Object.entries(set)) if (v !== undefined) p.def[k] = v;
            p.version++;
            return { securityProfileName: name, securityProfileArn: p.arn, ...p.def, version: p.version };
        });
        on(DeleteSecurityProfileCommand, i => {
            const p = this.profile(i.securityProfileName!);
            this.profiles.delete(i.securityProfileName!);
            this.tags.delete(p.arn);
            return {};
        });
        on(AttachSecurityProfileCommand, i => {
            const p = this.profile(i.securityProfileName!);
            if (!/^arn:aws:iot:[a-z0-9-]+:\d{12}:(thinggroup\/.+|all\/(registered-things|unregistered-things|things))$/.test(i.securityProfileTargetArn ?? "")) {
                throw invalid(`bad target ${i.securityProfileTargetArn}`);
            }
            p.targets.add(i.securityProfileTargetArn!);
            return {};
        });
        on(DetachSecurityProfileCommand, i => {
            const p = this.profile(i.securityProfileName!);
            if (!p.targets.delete(i.securityProfileTargetArn!)) throw notFound(`Attachment to ${i.securityProfileTargetArn}`);
            return {};
        });
        on(ListTargetsForSecurityProfileCommand, i => {
            const all = [...this.profile(i.securityProfileName!).targets];
            const start = Number(i.nextToken ?? 0), size = i.maxResults ?? 250;
            const page = all.slice(start, start + size).map(arn => ({ arn }));
            return { securityProfileTargets: page, nextToken: start + size < all.length ? String(start + size) : undefined };
        });

        // --- Tags ------------------------------------------------------------------------------
        on(ListTagsForResourceCommand, i => {
            const map = this.tags.get(i.resourceArn!);
            if (!map) throw notFound(`Resource ${i.resourceArn}`);
            return { tags: [...map].map(([Key, Value]) => ({ Key, Value })) };
        });
        on(TagResourceCommand, i => {
            if (!this.tags.has(i.resourceArn!)) throw notFound(`Resource ${i.resourceArn}`);
            this.setTags(i.resourceArn!, i.tags);
            return {};
        });
        on(UntagResourceCommand, i => {
            const map = this.tags.get(i.resourceArn!);
            if (!map) throw notFound(`Resource ${i.resourceArn}`);
            for (const k of i.tagKeys ?? []) map.delete(k);
            return {};
        });

        // --- Account audit configuration ---------------------------------------------------------
        on(DescribeAccountAuditConfigurationCommand, () => ({
            ...(this.roleArn ? { roleArn: this.roleArn } : {}),
            auditNotificationTargetConfigurations: { ...this.notifications },
            auditCheckConfigurations: structuredClone(this.checks),
        }));
        on(UpdateAccountAuditConfigurationCommand, i => {
            for (const name of Object.keys(i.auditCheckConfigurations ?? {})) if (!(name in this.checks)) throw invalid(`unknown check ${name}`);
            for (const [name, c] of Object.entries(i.auditCheckConfigurations ?? {})) {
                if (!c.enabled && this.checks[name]?.enabled) {
                    const user = [...this.audits].find(([, a]) => a.targetCheckNames.includes(name));
                    if (user) throw invalid(`check ${name} is used by scheduled audit ${user[0]}`);
                }
                this.checks[name] = structuredClone(c);
            }
            if (i.roleArn) this.roleArn = i.roleArn;
            Object.assign(this.notifications, i.auditNotificationTargetConfigurations ?? {});
            return {};
        });
        on(DeleteAccountAuditConfigurationCommand, () => {
            if (this.audits.size > 0) throw invalid("scheduled audits exist");
            this.roleArn = undefined;
            this.notifications = {};
            this.checks = Object.fromEntries(AUDIT_CHECK_NAMES.map(c => [c, { enabled: false }]));
            return {};
        });

        // --- Scheduled audits ------------------------------------------------------------------
        const validChecks = (names: string[] | undefined) => {
            for (const c of names ?? []) if (!this.checks[c]?.enabled) throw invalid(`check ${c} is not enabled`);
        };
        on(CreateScheduledAuditCommand, i => {
            const name = i.scheduledAuditName!;
            if (this.audits.has(name)) throw new ResourceAlreadyExistsException({ message: `${name} exists`, ...meta, resourceId: name });
            validChecks(i.targetCheckNames);
            const arn = this.arn(`scheduledaudit/${name}`);
            this.audits.set(name, { frequency: i.frequency!, dayOfWeek: i.dayOfWeek, dayOfMonth: i.dayOfMonth, targetCheckNames: [...i.targetCheckNames!], arn });
            this.setTags(arn, i.tags);
            return { scheduledAuditArn: arn };
        });
        on(DescribeScheduledAuditCommand, i => {
            const a = this.audit(i.scheduledAuditName!);
            return { scheduledAuditName: i.scheduledAuditName, scheduledAuditArn: a.arn, frequency: a.frequency, dayOfWeek: a.dayOfWeek, dayOfMonth: a.dayOfMonth, targetCheckNames: [...a.targetCheckNames] };
        });
        on(UpdateScheduledAuditCommand, i => {
            const a = this.audit(i.scheduledAuditName!);
            validChecks(i.targetCheckNames);
            if (i.frequency) a.frequency = i.frequency;
            if (i.dayOfWeek) a.dayOfWeek = (i.dayOfWeek as string) === DAY_UNSET ? undefined : i.dayOfWeek;
            if (i.dayOfMonth) a.dayOfMonth = i.dayOfMonth === DAY_UNSET ? undefined : i.dayOfMonth;
            if (i.targetCheckNames) a.targetCheckNames = [...i.targetCheckNames];
            return { scheduledAuditArn: a.arn };
        });
        on(DeleteScheduledAuditCommand, i => {
            const a = this.audit(i.scheduledAuditName!);
            this.audits.delete(i.scheduledAuditName!);
            this.tags.delete(a.arn);
            return {};
        });
        on(ListScheduledAuditsCommand, () => ({
            scheduledAudits: [...this.audits].map(([scheduledAuditName, a]) => ({ scheduledAuditName, scheduledAuditArn: a.arn, frequency: a.frequency })),
        }));
    }
}
