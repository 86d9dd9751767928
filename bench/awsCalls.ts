/**
 * AWS calls per operation, through the REAL dynamic providers (`components/iot/*`) with the IoT SDK
 * intercepted by `aws-sdk-client-mock` and answered by an in-memory account (`fakeIot.ts`).
 *
 * The inputs are those the offline engine recorded for a stack's Device Defender resources. The
 * engine's part is emulated the way the Pulumi dynamic-provider host drives a provider:
 *   create   check({}, news) -> create(news)                              (dependency order)
 *   update   check(oldInputs, news) -> diff(id, oldOutputs, news) -> update only if diff.changes
 *   refresh  read(id, outputs)
 *   destroy  delete(id, outputs)                                          (reverse order)
 */
import type * as pulumi from "@pulumi/pulumi";
import { accountAuditConfigurationProvider } from "../components/iot/accountAuditConfiguration";
import { clock } from "../components/iot/kit";
import { scheduledAuditProvider } from "../components/iot/scheduledAudit";
import { securityProfileProvider } from "../components/iot/securityProfile";
import { DYNAMIC_TYPES } from "../components/facts";
import { editJson } from "../test/harness";
import { buildOffline } from "../tools/build";
import { RecordedResource } from "../tools/engine";
import { FakeIotAccount, isRead } from "./fakeIot";

type Provider = pulumi.dynamic.ResourceProvider<any, any>;

/** Device Defender resources of a stack, in dependency order (audit configuration before audits). */
const KINDS: { type: string; provider: Provider }[] = [
    { type: DYNAMIC_TYPES.AccountAuditConfiguration, provider: accountAuditConfigurationProvider },
    { type: DYNAMIC_TYPES.ScheduledAudit, provider: scheduledAuditProvider },
    { type: DYNAMIC_TYPES.SecurityProfile, provider: securityProfileProvider },
];

interface Deployed { name: string; type: string; provider: Provider; id: string; inputs: any; outs: any }

export interface OperationCalls {
    operation: string;
    total: number;
    reads: number;
    writes: number;
    minTotal: number;
    minWrites: number;
    /** How the minimum is derived. */
    minimum: string;
    byCommand: Record<string, number>;
    /** Resources the operation changed (update) or touched. */
    note?: string;
}

export interface StackCalls {
    stack: string;
    resources: Record<string, number>;
    targets: number;
    operations: OperationCalls[];
    /** Waits the retry loop asked for (0 unless a call was retried). */
    retries: number;
    /** After refresh, diff(read state, inputs) found no change for every resource. */
    refreshClean: boolean;
    /** After the threshold update, the live rule profile's behaviors are the new inputs' behaviors. */
    updateApplied: boolean;
    /** After destroy, the fake account holds nothing this stack created. */
    destroyClean: boolean;
}

function dynamicResources(resources: readonly RecordedResource[]): { r: RecordedResource; provider: Provider }[] {
    return KINDS.flatMap(k => resources.filter(r => r.type === k.type).map(r => ({ r, provider: k.provider })));
}

function summarize(operation: string, calls: string[], minWrites: number, minReads: number, minimum: string, note?: string): OperationCalls {
    const byCommand: Record<string, number> = {};
    for (const c of calls) byCommand[c] = (byCommand[c] ?? 0) + 1;
    const writes = calls.filter(c => !isRead(c)).length;
    return { operation, total: calls.length, reads: calls.length - writes, writes, minTotal: minWrites + minReads, minWrites, minimum, byCommand, note };
}

/** An engine-style update of every resource to `next` inputs; returns the names updated. */
async function update(deployed: Deployed[], next: Map<string, any>): Promise<string[]> {
    const updated: string[] = [];
    for (const d of deployed) {
        const news = next.get(d.name);
        if (news === undefined) throw new Error(`no new inputs for ${d.name}`);
        const checked = await d.provider.check!(d.inputs, news);
        if (checked.failures?.length) throw new Error(`check failed for ${d.name}: ${JSON.stringify(checked.failures)}`);
        const diff = await d.provider.diff!(d.id, d.outs, checked.inputs);
        if (diff.replaces?.length) throw new Error(`${d.name} would be replaced (${diff.replaces.join(", ")}); not an update`);
        if (!diff.changes) continue;
        const res = await d.provider.update!(d.id, d.outs, checked.inputs);
        d.inputs = checked.inputs;
        d.outs = res.outs ?? d.outs;
        updated.push(d.name);
    }
    return updated;
}

/** Measures create, no-op update, one-threshold update, refresh and destroy for one stack. */
export async function measureStack(stack: string): Promise<StackCalls> {
    const base = await buildOffline(stack);
    const changed = await buildOffline(stack, {
        edit: v => editJson(v, "detect", d => { d.rules.behaviors[0].threshold = (d.rules.behaviors[0].threshold ?? 0) + 50; }),
    });
    const items = dynamicResources(base.engine.resources);
    const nextInputs = new Map(dynamicResources(changed.engine.resources).map(({ r }) => [r.name, r.inputs]));
    const accountId = base.engine.accountId;
    const region = base.settings.region;

    const count = (type: string) => items.filter(i => i.r.type === type).length;
    const profiles = count(DYNAMIC_TYPES.SecurityProfile), audits = count(DYNAMIC_TYPES.ScheduledAudit), configs = count(DYNAMIC_TYPES.AccountAuditConfiguration);
    const targets = items.filter(i => i.r.type === DYNAMIC_TYPES.SecurityProfile)
        .reduce((n, i) => n + new Set(i.r.inputs.targets as string[]).size, 0);

    const fake = new FakeIotAccount(accountId, region);
    const realSleep = clock.sleep;
    let retries = 0;
    clock.sleep = async () => { retries++; };
    const operations: OperationCalls[] = [];
    const deployed: Deployed[] = [];
    try {
        // create
        fake.mock.resetHistory();
        for (const { r, provider } of items) {
            const checked = await provider.check!({}, r.inputs);
            if (checked.failures?.length) throw new Error(`check failed for ${r.name}: ${JSON.stringify(checked.failures)}`);
            const res = await provider.create(checked.inputs);
            deployed.push({ name: r.name, type: r.type, provider, id: res.id, inputs: checked.inputs, outs: res.outs });
        }
        operations.push(summarize("create", fake.calls(), profiles + targets + audits + configs, configs,
            `1 Create per profile (${profiles}) and audit (${audits}) + 1 Attach per profile target (${targets}) + audit configuration: Describe (existing config, check names) + Update`));

        // no-op update: same inputs
        fake.mock.resetHistory();
        const noop = await update(deployed, new Map(items.map(({ r }) => [r.name, r.inputs])));
        operations.push(summarize("update (no-op)", fake.calls(), 0, 0, "diff finds no change: no call", `updated: ${noop.join(", ") || "none"}`));

        // one threshold changed in the rule profile
        fake.mock.resetHistory();
        const one = await update(deployed, nextInputs);
        operations.push(summarize("update (1 threshold)", fake.calls(), 1, 0, "1 UpdateSecurityProfile of the rule profile", `updated: ${one.join(", ") || "none"}`));
        const updateApplied = deployed.filter(d => d.type === DYNAMIC_TYPES.SecurityProfile).every(d =>
            JSON.stringify(fake.profiles.get(d.outs.securityProfileName)?.def.behaviors) === JSON.stringify(d.inputs.behaviors));

        // refresh
        fake.mock.resetHistory();
        let refreshClean = true;
        for (const d of deployed) {
            const read = await d.provider.read!(d.id, d.outs);
            const diff = await d.provider.diff!(d.id, read.props, d.inputs);
            if (diff.changes || read.id !== d.id) refreshClean = false;
        }
        operations.push(summarize("refresh", fake.calls(), 0, deployed.length + profiles + profiles + audits,
            `1 Describe per resource (${deployed.length}) + ListTargets per profile (${profiles}) + ListTags per taggable resource (${profiles + audits}): Describe returns neither`));

        // destroy
        fake.mock.resetHistory();
        for (const d of [...deployed].reverse()) await d.provider.delete!(d.id, d.outs);
        operations.push(summarize("destroy", fake.calls(), deployed.length, 0, `1 Delete per resource (${deployed.length}); attachments go with the profile`));
        const destroyClean = fake.profiles.size === 0 && fake.audits.size === 0 && !fake.roleArn
            && Object.values(fake.checks).every(c => !c.enabled);

        return {
            stack, targets, retries, refreshClean, updateApplied, destroyClean, operations,
            resources: { SecurityProfile: profiles, ScheduledAudit: audits, AccountAuditConfiguration: configs },
        };
    } finally {
        clock.sleep = realSleep;
        fake.restore();
    }
}
