/**
 * An in-memory fake of one account's Device Defender state behind `aws-sdk-client-mock`: security
 * profiles (versioned, with attachments), scheduled audits, the account audit configuration,
 * mitigation actions, custom metrics, dimensions and tags, answering the IoT commands the providers
 * send with the shapes and errors AWS uses. Profiles may only use custom metrics and dimensions that
 * exist, and a custom metric in use cannot be deleted, as in AWS.
 * Any other command fails loudly, so an unexpected call cannot go unnoticed.
 */
import {
    AttachSecurityProfileCommand,
    AuditCheckConfiguration,
    AuditNotificationTarget,
    Behavior,
    CreateCustomMetricCommand,
    CreateDimensionCommand,
    CreateMitigationActionCommand,
    CreateScheduledAuditCommand,
    CreateSecurityProfileCommand,
    DeleteAccountAuditConfigurationCommand,
    DeleteCustomMetricCommand,
    DeleteDimensionCommand,
    DeleteMitigationActionCommand,
    DeleteScheduledAuditCommand,
    DeleteSecurityProfileCommand,
    DescribeAccountAuditConfigurationCommand,
    DescribeCustomMetricCommand,
    DescribeDimensionCommand,
    DescribeMitigationActionCommand,
    DescribeScheduledAuditCommand,
    DescribeSecurityProfileCommand,
    DetachSecurityProfileCommand,
    GetV2LoggingOptionsCommand,
    NotConfiguredException,
    SetV2LoggingOptionsCommand,
    InvalidRequestException,
    IoTClient,
    ListScheduledAuditsCommand,
    ListTagsForResourceCommand,
    ListTargetsForSecurityProfileCommand,
    MetricToRetain,
    MitigationActionParams,
    ResourceAlreadyExistsException,
    ResourceNotFoundException,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateAccountAuditConfigurationCommand,
    UpdateCustomMetricCommand,
    UpdateDimensionCommand,
    UpdateMitigationActionCommand,
    UpdateScheduledAuditCommand,
    UpdateSecurityProfileCommand,
    VersionConflictException,
} from "@aws-sdk/client-iot";
import { mockClient } from "aws-sdk-client-mock";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { IotMock, StsMock } from "../iot/support";
import { AUDIT_CHECK_NAMES, MITIGATION_ACTIONS } from "../../components/facts";
import { DAY_UNSET } from "../../components/iot/audit/mapping";

const meta = { $metadata: { httpStatusCode: 400 } };
const notFound = (what: string) =>
    new ResourceNotFoundException({
        message: `${what} does not exist`,
        $metadata: { httpStatusCode: 404 },
    });
const invalid = (message: string) => new InvalidRequestException({ message, ...meta });

interface Profile {
    def: Record<string, unknown>;
    version: number;
    arn: string;
    targets: Set<string>;
    created: Date;
}
interface Audit {
    frequency: string;
    dayOfWeek?: string;
    dayOfMonth?: string;
    targetCheckNames: string[];
    arn: string;
}
interface Action {
    actionType: string;
    roleArn: string;
    actionParams: MitigationActionParams;
    arn: string;
    actionId: string;
    created: Date;
    modified: Date;
}
interface Metric {
    metricType: string;
    displayName?: string;
    arn: string;
    created: Date;
    modified: Date;
}
interface Dimension {
    type: string;
    stringValues: string[];
    arn: string;
    created: Date;
    modified: Date;
}

/** The action type of a parameter block (exactly one block, as the API requires). */
function actionTypeOf(params: MitigationActionParams | undefined): string {
    const present = Object.entries(params ?? {})
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k);
    const type = Object.entries(MITIGATION_ACTIONS).find(
        ([, a]) => present.length === 1 && a.paramsKey === present[0],
    );
    if (!type)
        throw invalid(
            `actionParams must hold exactly one parameter block; got ${present.join(", ") || "none"}`,
        );
    return type[0];
}

/** Custom metrics (not `aws:`) and dimensions a profile definition refers to. */
function referencesOf(def: {
    behaviors?: Behavior[];
    additionalMetricsToRetainV2?: MetricToRetain[];
}): { metrics: string[]; dimensions: string[] } {
    const uses = [
        ...(def.behaviors ?? []).map(b => ({
            metric: b.metric,
            dimension: b.metricDimension?.dimensionName,
        })),
        ...(def.additionalMetricsToRetainV2 ?? []).map(m => ({
            metric: m.metric,
            dimension: m.metricDimension?.dimensionName,
        })),
    ];
    return {
        metrics: uses.map(u => u.metric).filter((m): m is string => !!m && !m.startsWith("aws:")),
        dimensions: uses.map(u => u.dimension).filter((d): d is string => !!d),
    };
}

/** Read-only commands (everything else counts as a write). */
export const isRead = (command: string) => /^(Describe|List|Get)/.test(command);

export class FakeIotAccount {
    readonly profiles = new Map<string, Profile>();
    readonly audits = new Map<string, Audit>();
    readonly actions = new Map<string, Action>();
    readonly metrics = new Map<string, Metric>();
    readonly dimensions = new Map<string, Dimension>();
    readonly tags = new Map<string, Map<string, string>>();
    roleArn?: string;
    notifications: Record<string, AuditNotificationTarget> = {};
    checks: Record<string, AuditCheckConfiguration> = {};
    /** Role ARNs UpdateAccountAuditConfiguration refuses (as AWS does a role it cannot assume); none unless a test adds one. */
    readonly refusedRoles = new Set<string>();
    /** The account's IoT v2 logging setting; undefined until one is set (GetV2LoggingOptions: NotConfigured). */
    logging?: { roleArn?: string; defaultLogLevel?: string; disableAllLogs?: boolean };
    readonly mock: IotMock;
    readonly sts: StsMock;

    constructor(
        readonly accountId: string,
        readonly region: string,
    ) {
        this.reset();
        this.mock = mockClient(IoTClient);
        // The credentials in use are this account's (the stack account check asks STS).
        this.sts = mockClient(STSClient);
        this.sts.on(GetCallerIdentityCommand).resolves({ Account: accountId });
        this.install();
    }

    /** A fresh account: nothing created, no audit role, every check known and disabled. */
    reset(): void {
        this.profiles.clear();
        this.audits.clear();
        this.tags.clear();
        this.actions.clear();
        this.metrics.clear();
        this.dimensions.clear();
        this.roleArn = undefined;
        this.notifications = {};
        this.checks = Object.fromEntries(AUDIT_CHECK_NAMES.map(c => [c, { enabled: false }]));
        this.refusedRoles.clear();
        this.logging = undefined;
    }

    restore(): void {
        this.mock.restore();
        this.sts.restore();
    }

    /** AWS calls since the last `resetHistory`, by command name, in order. */
    calls(): string[] {
        return this.mock
            .calls()
            .map(c => (c.args[0] as object).constructor.name.replace(/Command$/, ""));
    }

    private arn(resource: string): string {
        return `arn:aws:iot:${this.region}:${this.accountId}:${resource}`;
    }

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

    private found<T>(map: Map<string, T>, name: string, what: string): T {
        const item = map.get(name);
        if (!item) throw notFound(`${what} ${name}`);
        return item;
    }

    /** True if nothing this fake can hold is left (besides the audit configuration's checks). */
    isEmpty(): boolean {
        return [
            this.profiles,
            this.audits,
            this.actions,
            this.metrics,
            this.dimensions,
            this.tags,
        ].every(m => m.size === 0);
    }

    /** AWS rejects a profile that uses a custom metric or dimension the account does not have. */
    private checkReferences(def: Record<string, unknown>): void {
        const refs = referencesOf(def);
        for (const m of refs.metrics)
            if (!this.metrics.has(m)) throw invalid(`custom metric ${m} does not exist`);
        for (const d of refs.dimensions)
            if (!this.dimensions.has(d)) throw invalid(`dimension ${d} does not exist`);
    }

    private mustBeNew(map: Map<string, unknown>, name: string): void {
        if (map.has(name))
            throw new ResourceAlreadyExistsException({
                message: `${name} exists`,
                ...meta,
                resourceId: name,
            });
    }

    private install(): void {
        const m = this.mock;
        const on = <C extends new (...args: any[]) => { input: object }>(
            command: C,
            fake: (input: NonNullable<InstanceType<C>["input"]>) => object,
        ) =>
            m
                .on(command as unknown as Parameters<IotMock["on"]>[0])
                .callsFake(async (input: NonNullable<InstanceType<C>["input"]>) =>
                    fake(input ?? {}),
                );
        m.onAnyCommand().callsFake(async () => {
            throw new Error("command not faked by test/fakes/iotAccount.ts");
        });

        // --- Security profiles -----------------------------------------------------------------
        on(CreateSecurityProfileCommand, i => {
            const name = i.securityProfileName!;
            if (this.profiles.has(name))
                throw new ResourceAlreadyExistsException({
                    message: `${name} exists`,
                    ...meta,
                    resourceId: name,
                });
            const { securityProfileName: _n, tags, ...def } = i;
            this.checkReferences(def);
            const arn = this.arn(`securityprofile/${name}`);
            this.profiles.set(name, {
                def,
                version: 1,
                arn,
                targets: new Set(),
                created: new Date(),
            });
            this.setTags(arn, tags);
            return { securityProfileName: name, securityProfileArn: arn };
        });
        on(DescribeSecurityProfileCommand, i => {
            const p = this.profile(i.securityProfileName!);
            return {
                securityProfileName: i.securityProfileName,
                securityProfileArn: p.arn,
                ...p.def,
                version: p.version,
                creationDate: p.created,
                lastModifiedDate: p.created,
            };
        });
        on(UpdateSecurityProfileCommand, i => {
            const {
                securityProfileName: name,
                expectedVersion,
                deleteBehaviors,
                deleteAlertTargets,
                deleteAdditionalMetricsToRetain,
                deleteMetricsExportConfig,
                ...set
            } = i;
            const p = this.profile(name!);
            if (expectedVersion !== undefined && expectedVersion !== p.version)
                throw new VersionConflictException({ message: `version is ${p.version}`, ...meta });
            const clear = {
                behaviors: deleteBehaviors,
                alertTargets: deleteAlertTargets,
                additionalMetricsToRetainV2: deleteAdditionalMetricsToRetain,
                metricsExportConfig: deleteMetricsExportConfig,
            };
            const def = { ...p.def };
            for (const [k, flag] of Object.entries(clear)) if (flag) delete def[k];
            for (const [k, v] of Object.entries(set)) if (v !== undefined) def[k] = v;
            this.checkReferences(def);
            p.def = def;
            p.version++;
            return {
                securityProfileName: name,
                securityProfileArn: p.arn,
                ...p.def,
                version: p.version,
            };
        });
        on(DeleteSecurityProfileCommand, i => {
            const p = this.profile(i.securityProfileName!);
            this.profiles.delete(i.securityProfileName!);
            this.tags.delete(p.arn);
            return {};
        });
        on(AttachSecurityProfileCommand, i => {
            const p = this.profile(i.securityProfileName!);
            if (
                !/^arn:aws:iot:[a-z0-9-]+:\d{12}:(thinggroup\/.+|all\/(registered-things|unregistered-things|things))$/.test(
                    i.securityProfileTargetArn ?? "",
                )
            ) {
                throw invalid(`bad target ${i.securityProfileTargetArn}`);
            }
            p.targets.add(i.securityProfileTargetArn!);
            return {};
        });
        on(DetachSecurityProfileCommand, i => {
            const p = this.profile(i.securityProfileName!);
            if (!p.targets.delete(i.securityProfileTargetArn!))
                throw notFound(`Attachment to ${i.securityProfileTargetArn}`);
            return {};
        });
        on(ListTargetsForSecurityProfileCommand, i => {
            const all = [...this.profile(i.securityProfileName!).targets];
            const start = Number(i.nextToken ?? 0),
                size = i.maxResults ?? 250;
            const page = all.slice(start, start + size).map(arn => ({ arn }));
            return {
                securityProfileTargets: page,
                nextToken: start + size < all.length ? String(start + size) : undefined,
            };
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

        // --- IoT v2 logging (one setting per account and region; no API unsets it) ---------------
        on(GetV2LoggingOptionsCommand, () => {
            if (!this.logging)
                throw new NotConfiguredException({ message: "logging not configured", ...meta });
            return { ...this.logging };
        });
        on(SetV2LoggingOptionsCommand, i => {
            this.logging = {
                roleArn: i.roleArn,
                defaultLogLevel: i.defaultLogLevel,
                disableAllLogs: i.disableAllLogs ?? false,
            };
            return {};
        });

        // --- Account audit configuration ---------------------------------------------------------
        on(DescribeAccountAuditConfigurationCommand, () => ({
            ...(this.roleArn ? { roleArn: this.roleArn } : {}),
            auditNotificationTargetConfigurations: { ...this.notifications },
            auditCheckConfigurations: structuredClone(this.checks),
        }));
        on(UpdateAccountAuditConfigurationCommand, i => {
            // Validated before anything changes: a refused request changes nothing.
            const roles = [
                i.roleArn,
                ...Object.values(i.auditNotificationTargetConfigurations ?? {}).map(t => t.roleArn),
            ];
            const refused = roles.find(r => r && this.refusedRoles.has(r));
            if (refused) throw invalid(`role ${refused} cannot be assumed by iot.amazonaws.com`);
            for (const name of Object.keys(i.auditCheckConfigurations ?? {}))
                if (!(name in this.checks)) throw invalid(`unknown check ${name}`);
            for (const [name, c] of Object.entries(i.auditCheckConfigurations ?? {})) {
                if (!c.enabled && this.checks[name]?.enabled) {
                    const user = [...this.audits].find(([, a]) =>
                        a.targetCheckNames.includes(name),
                    );
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
            for (const c of names ?? [])
                if (!this.checks[c]?.enabled) throw invalid(`check ${c} is not enabled`);
        };
        on(CreateScheduledAuditCommand, i => {
            const name = i.scheduledAuditName!;
            if (this.audits.has(name))
                throw new ResourceAlreadyExistsException({
                    message: `${name} exists`,
                    ...meta,
                    resourceId: name,
                });
            validChecks(i.targetCheckNames);
            const arn = this.arn(`scheduledaudit/${name}`);
            this.audits.set(name, {
                frequency: i.frequency!,
                dayOfWeek: i.dayOfWeek,
                dayOfMonth: i.dayOfMonth,
                targetCheckNames: [...i.targetCheckNames!],
                arn,
            });
            this.setTags(arn, i.tags);
            return { scheduledAuditArn: arn };
        });
        on(DescribeScheduledAuditCommand, i => {
            const a = this.audit(i.scheduledAuditName!);
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
            const a = this.audit(i.scheduledAuditName!);
            validChecks(i.targetCheckNames);
            if (i.frequency) a.frequency = i.frequency;
            if (i.dayOfWeek)
                a.dayOfWeek = (i.dayOfWeek as string) === DAY_UNSET ? undefined : i.dayOfWeek;
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
            scheduledAudits: [...this.audits].map(([scheduledAuditName, a]) => ({
                scheduledAuditName,
                scheduledAuditArn: a.arn,
                frequency: a.frequency,
            })),
        }));

        // --- Mitigation actions ------------------------------------------------------------------
        const action = (name: string) => this.found(this.actions, name, "Mitigation action");
        on(CreateMitigationActionCommand, i => {
            const name = i.actionName!;
            this.mustBeNew(this.actions, name);
            if (!i.roleArn) throw invalid("roleArn is required");
            const arn = this.arn(`mitigationaction/${name}`),
                now = new Date();
            const actionId = `${this.actions.size + 1}`.padStart(8, "0");
            this.actions.set(name, {
                actionType: actionTypeOf(i.actionParams),
                roleArn: i.roleArn,
                actionParams: structuredClone(i.actionParams!),
                arn,
                actionId,
                created: now,
                modified: now,
            });
            this.setTags(arn, i.tags);
            return { actionArn: arn, actionId };
        });
        on(DescribeMitigationActionCommand, i => {
            const a = action(i.actionName!);
            return {
                actionName: i.actionName,
                actionType: a.actionType,
                actionArn: a.arn,
                actionId: a.actionId,
                roleArn: a.roleArn,
                actionParams: structuredClone(a.actionParams),
                creationDate: a.created,
                lastModifiedDate: a.modified,
            };
        });
        on(UpdateMitigationActionCommand, i => {
            const a = action(i.actionName!);
            if (i.actionParams) {
                a.actionType = actionTypeOf(i.actionParams);
                a.actionParams = structuredClone(i.actionParams);
            }
            if (i.roleArn) a.roleArn = i.roleArn;
            a.modified = new Date();
            return { actionArn: a.arn, actionId: a.actionId };
        });
        // The API model lists no ResourceNotFoundException for the three deletes below.
        on(DeleteMitigationActionCommand, i => {
            const a = this.actions.get(i.actionName!);
            if (a) {
                this.actions.delete(i.actionName!);
                this.tags.delete(a.arn);
            }
            return {};
        });

        // --- Custom metrics ----------------------------------------------------------------------
        const metric = (name: string) => this.found(this.metrics, name, "Custom metric");
        const describeMetric = (name: string, m: Metric) => ({
            metricName: name,
            metricArn: m.arn,
            metricType: m.metricType,
            displayName: m.displayName,
            creationDate: m.created,
            lastModifiedDate: m.modified,
        });
        on(CreateCustomMetricCommand, i => {
            const name = i.metricName!;
            this.mustBeNew(this.metrics, name);
            if (name.startsWith("aws:")) throw invalid(`metricName ${name} starts with aws:`);
            const arn = this.arn(`custommetric/${name}`),
                now = new Date();
            this.metrics.set(name, {
                metricType: i.metricType!,
                displayName: i.displayName || undefined,
                arn,
                created: now,
                modified: now,
            });
            this.setTags(arn, i.tags);
            return { metricName: name, metricArn: arn };
        });
        on(DescribeCustomMetricCommand, i => describeMetric(i.metricName!, metric(i.metricName!)));
        on(UpdateCustomMetricCommand, i => {
            const m = metric(i.metricName!);
            if (i.displayName === undefined) throw invalid("displayName is required");
            m.displayName = i.displayName || undefined;
            m.modified = new Date();
            return describeMetric(i.metricName!, m);
        });
        on(DeleteCustomMetricCommand, i => {
            const name = i.metricName!;
            const user = [...this.profiles].find(([, p]) =>
                referencesOf(p.def).metrics.includes(name),
            );
            if (user) throw invalid(`custom metric ${name} is used by security profile ${user[0]}`);
            const m = this.metrics.get(name);
            if (m) {
                this.metrics.delete(name);
                this.tags.delete(m.arn);
            }
            return {};
        });

        // --- Dimensions --------------------------------------------------------------------------
        const dimension = (name: string) => this.found(this.dimensions, name, "Dimension");
        const describeDimension = (name: string, d: Dimension) => ({
            name,
            arn: d.arn,
            type: d.type,
            stringValues: [...d.stringValues],
            creationDate: d.created,
            lastModifiedDate: d.modified,
        });
        on(CreateDimensionCommand, i => {
            const name = i.name!;
            this.mustBeNew(this.dimensions, name);
            if (!i.stringValues?.length)
                throw invalid("stringValues must list 1 to 100 topic filters");
            const arn = this.arn(`dimension/${name}`),
                now = new Date();
            this.dimensions.set(name, {
                type: i.type!,
                stringValues: [...i.stringValues],
                arn,
                created: now,
                modified: now,
            });
            this.setTags(arn, i.tags);
            return { name, arn };
        });
        on(DescribeDimensionCommand, i => describeDimension(i.name!, dimension(i.name!)));
        on(UpdateDimensionCommand, i => {
            const d = dimension(i.name!);
            if (!i.stringValues?.length)
                throw invalid("stringValues must list 1 to 100 topic filters");
            d.stringValues = [...i.stringValues];
            d.modified = new Date();
            return describeDimension(i.name!, d);
        });
        on(DeleteDimensionCommand, i => {
            const d = this.dimensions.get(i.name!);
            if (d) {
                this.dimensions.delete(i.name!);
                this.tags.delete(d.arn);
            }
            return {};
        });
    }
}
