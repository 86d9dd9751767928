/**
 * An in-memory fake of one account's Device Defender state behind `aws-sdk-client-mock`: security
 * profiles (versioned, with attachments), scheduled audits, the account audit configuration,
 * mitigation actions, custom metrics, dimensions and tags, answering the IoT commands the providers
 * send with the shapes and errors AWS uses. Profiles may only use custom metrics and dimensions that
 * exist, and a custom metric in use cannot be deleted, as in AWS.
 * Any other command fails loudly, so an unexpected call cannot go unnoticed. The commands of each
 * kind of resource are faked in ./iot/ (profiles, audits, mitigation actions, metrics and
 * dimensions) over the state this class holds; tags and logging here.
 */
import {
    GetV2LoggingOptionsCommand,
    IoTClient,
    ListTagsForResourceCommand,
    NotConfiguredException,
    ResourceAlreadyExistsException,
    SetV2LoggingOptionsCommand,
    TagResourceCommand,
    UntagResourceCommand,
} from "@aws-sdk/client-iot";
import type { AuditCheckConfiguration, AuditNotificationTarget } from "@aws-sdk/client-iot";
import { mockClient } from "aws-sdk-client-mock";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { IotMock, StsMock } from "../iot/support";
import { AUDIT_CHECK_NAMES } from "../../components/facts";
import { fakeAudits } from "./iot/audits";
import { fakeMetricsAndDimensions } from "./iot/metrics";
import { fakeMitigationActions } from "./iot/mitigationActions";
import { fakeSecurityProfiles } from "./iot/profiles";
import {
    Action,
    Audit,
    Dimension,
    invalid,
    meta,
    Metric,
    notFound,
    On,
    Profile,
    referencesOf,
} from "./iot/state";
import { definitionProblem } from "./profileDefinition";
import { fakeAuditSuppressions, Suppression } from "./iot/suppressions";

/** Read-only commands (everything else counts as a write). */
export const isRead = (command: string) => /^(Describe|List|Get)/.test(command);

export class FakeIotAccount {
    readonly profiles = new Map<string, Profile>();
    readonly audits = new Map<string, Audit>();
    readonly actions = new Map<string, Action>();
    readonly metrics = new Map<string, Metric>();
    readonly dimensions = new Map<string, Dimension>();
    readonly tags = new Map<string, Map<string, string>>();
    readonly suppressions = new Map<string, Suppression>();
    readonly suppressionTokens = new Set<string>();
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
        this.suppressions.clear();
        this.suppressionTokens.clear();
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

    /** The ARN of one of this account's resources (for the command fakes, as are the helpers below). */
    arn(resource: string): string {
        return `arn:aws:iot:${this.region}:${this.accountId}:${resource}`;
    }

    setTags(arn: string, tags: { Key?: string; Value?: string }[] | undefined): void {
        const map = this.tags.get(arn) ?? new Map<string, string>();
        for (const t of tags ?? []) if (t.Key) map.set(t.Key, t.Value ?? "");
        this.tags.set(arn, map);
    }

    profile(name: string): Profile {
        const p = this.profiles.get(name);
        if (!p) throw notFound(`Security profile ${name}`);
        return p;
    }

    audit(name: string): Audit {
        const a = this.audits.get(name);
        if (!a) throw notFound(`Scheduled audit ${name}`);
        return a;
    }

    found<T>(map: Map<string, T>, name: string, what: string): T {
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
            this.suppressions,
        ].every(m => m.size === 0);
    }

    /** AWS rejects a profile that uses a custom metric or dimension the account does not have. */
    checkReferences(def: Record<string, unknown>): void {
        const problem = definitionProblem(def);
        if (problem) throw invalid(problem);
        const refs = referencesOf(def);
        for (const m of refs.metrics)
            if (!this.metrics.has(m)) throw invalid(`custom metric ${m} does not exist`);
        for (const d of refs.dimensions)
            if (!this.dimensions.has(d)) throw invalid(`dimension ${d} does not exist`);
    }

    mustBeNew(map: Map<string, unknown>, name: string): void {
        if (map.has(name))
            throw new ResourceAlreadyExistsException({
                message: `${name} exists`,
                ...meta,
                resourceId: name,
            });
    }

    private install(): void {
        const m = this.mock;
        const on: On = <C extends new (...args: any[]) => { input: object }>(
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

        fakeSecurityProfiles(this, on);
        fakeAuditSuppressions(this, on);

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

        fakeAudits(this, on);
        fakeMitigationActions(this, on);
        fakeMetricsAndDimensions(this, on);
    }
}
