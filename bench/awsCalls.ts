/**
 * AWS calls per operation, through the REAL dynamic providers (`components/iot/*`) with the IoT SDK
 * intercepted by `aws-sdk-client-mock` and answered by an in-memory account (`test/fakes/iotAccount.ts`).
 *
 * The resources are every Device Defender dynamic resource (DYNAMIC_TYPES) the offline engine
 * recorded for a stack, with their inputs. The engine's part is emulated the way the Pulumi
 * dynamic-provider host drives a provider:
 *   create   check({}, news) -> create(news)                              (registration order)
 *   update   check(oldInputs, news) -> diff(id, oldOutputs, news) -> update only if diff.changes
 *   refresh  read(id, outputs)
 *   destroy  delete(id, outputs)                                          (reverse order)
 */
import type * as pulumi from "@pulumi/pulumi";
import { DYNAMIC_TYPE_PREFIX, DYNAMIC_TYPES } from "../components/facts";
import { accountAuditProvider } from "../components/iot/audit/provider";
import { customMetricProvider } from "../components/iot/customMetric";
import { dimensionProvider } from "../components/iot/dimension";
import { cleanInputs, sameValue } from "../components/iot/inputs";
import { clock } from "../components/aws/calls";
import { mitigationActionProvider } from "../components/iot/mitigationAction";
import { securityProfileProvider } from "../components/iot/securityProfile";
import { v2LoggingOptionsProvider } from "../components/iot/v2LoggingOptions";
import { editJson } from "../test/harness";
import { buildOffline } from "../tools/offline/build";
import { RecordedResource } from "../tools/offline/engine";
import { FakeIotAccount, isRead } from "../test/fakes/iotAccount";

type Inputs = Record<string, unknown>;
type Provider = pulumi.dynamic.ResourceProvider<Inputs, Inputs>;
export type Kind = keyof typeof DYNAMIC_TYPES;
/** The bench drives every provider with the plain recorded inputs of its resources. */
const recorded = <I, O>(provider: pulumi.dynamic.ResourceProvider<I, O>) =>
    provider as unknown as Provider;

/** The provider of each Device Defender dynamic type: keyed by DYNAMIC_TYPES, so a new type cannot be left out. */
const PROVIDERS: Record<Kind, Provider> = {
    SecurityProfile: recorded(securityProfileProvider),
    AccountAudit: recorded(accountAuditProvider),
    MitigationAction: recorded(mitigationActionProvider),
    CustomMetric: recorded(customMetricProvider),
    Dimension: recorded(dimensionProvider),
    V2LoggingOptions: recorded(v2LoggingOptionsProvider),
};
const KINDS = Object.keys(DYNAMIC_TYPES) as Kind[];
const kindOf = (type: string) => KINDS.find(k => DYNAMIC_TYPES[k] === type);

/** ListTargetsForSecurityProfile pages (the provider asks for 250 per page). */
const TARGETS_PAGE = 250;
const targetsOf = (inputs: Inputs) => new Set((inputs.targets as string[] | undefined) ?? []).size;
const schedulesOf = (inputs: Inputs) => Object.keys(inputs.scheduledAudits ?? {}).length;

type Minimum = {
    create(inputs: Inputs): string[];
    refresh(inputs: Inputs): string[];
    update: string;
    destroy(inputs: Inputs): string[];
};

/** A named resource with its own Create/Describe/Update/Delete calls and tags. */
const tagged = (kind: string): Minimum => ({
    create: () => [`Create${kind}`],
    refresh: () => [`Describe${kind}`, "ListTagsForResource"],
    update: `Update${kind}`,
    destroy: () => [`Delete${kind}`],
});

/**
 * The fewest AWS calls each operation needs for one resource of a kind, as command names. Tags
 * travel in the Create requests; refresh needs ListTagsForResource because Describe returns no
 * tags (nor a profile's targets); a profile's attachments go with it on delete.
 */
const MINIMUM: Record<Kind, Minimum> = {
    SecurityProfile: {
        create: i => [
            "CreateSecurityProfile",
            ...Array<string>(targetsOf(i)).fill("AttachSecurityProfile"),
        ],
        refresh: i => [
            "DescribeSecurityProfile",
            ...Array<string>(Math.max(1, Math.ceil(targetsOf(i) / TARGETS_PAGE))).fill(
                "ListTargetsForSecurityProfile",
            ),
            "ListTagsForResource",
        ],
        update: "UpdateSecurityProfile",
        destroy: () => ["DeleteSecurityProfile"],
    },
    // One per account: the existing configuration (and the account's check names) must be read
    // first, and the account's scheduled audits listed, so that a name the stack uses that is taken
    // stops the run before anything changes. Deleting the configuration disables every check, so
    // destroy lists them too: one the resource does not hold would lose its checks.
    AccountAudit: {
        create: i => [
            "DescribeAccountAuditConfiguration",
            ...(schedulesOf(i) > 0 ? ["ListScheduledAudits"] : []),
            "UpdateAccountAuditConfiguration",
            ...Array<string>(schedulesOf(i)).fill("CreateScheduledAudit"),
        ],
        refresh: i => [
            "DescribeAccountAuditConfiguration",
            ...Array<string[]>(schedulesOf(i))
                .fill(["DescribeScheduledAudit", "ListTagsForResource"])
                .flat(),
        ],
        update: "UpdateAccountAuditConfiguration",
        destroy: i => [
            "ListScheduledAudits",
            ...Array<string>(schedulesOf(i)).fill("DeleteScheduledAudit"),
            "DeleteAccountAuditConfiguration",
        ],
    },
    MitigationAction: tagged("MitigationAction"),
    CustomMetric: tagged("CustomMetric"),
    Dimension: tagged("Dimension"),
    // One per account: read before it is set (never overwritten silently) and before destroy
    // (a setting someone else made since is left alone).
    V2LoggingOptions: {
        create: () => ["GetV2LoggingOptions", "SetV2LoggingOptions"],
        refresh: () => ["GetV2LoggingOptions"],
        update: "SetV2LoggingOptions",
        destroy: () => ["GetV2LoggingOptions", "SetV2LoggingOptions"],
    },
};

interface Item {
    r: RecordedResource;
    kind: Kind;
    provider: Provider;
}
interface Deployed {
    name: string;
    kind: Kind;
    provider: Provider;
    id: string;
    inputs: Inputs;
    outs: Inputs;
}

export interface OperationCalls {
    operation: string;
    total: number;
    reads: number;
    writes: number;
    minTotal: number;
    minWrites: number;
    /** The minimum, by command. */
    minimum: Record<string, number>;
    byCommand: Record<string, number>;
    /** Calls above the minimum, by command (negative: fewer than the minimum, which would be a bench error). */
    excess: Record<string, number>;
    /** Resources the operation updated (updates only). */
    note?: string;
}

export interface StackCalls {
    /** What was measured: a stack, or a stack with a config edit. */
    label: string;
    stack: string;
    /** Device Defender dynamic resources by kind. */
    resources: Record<Kind, number>;
    targets: number;
    operations: OperationCalls[];
    /** Waits the retry loop asked for (0 unless a call was retried). */
    retries: number;
    /** After refresh, diff(read state, inputs) found no change for every resource. */
    refreshClean: boolean;
    /** After the threshold update, the live profiles' behaviors are the new inputs' behaviors. */
    updateApplied: boolean;
    /** After destroy, the fake account holds nothing this stack created. */
    destroyClean: boolean;
}

/** One measured configuration: a stack file, optionally edited. */
export interface CallsCase {
    label: string;
    stack: string;
    edit?: (values: Record<string, string>) => void;
}

/** prod plus one custom metric and one dimension, each used by a rule behavior (no stack file declares them). */
function withCustomMetricAndDimension(values: Record<string, string>): void {
    editJson(values, "detect", d => {
        d.customMetrics = [
            { name: "battery-level", type: "number", displayName: "Battery level (%)" },
        ];
        d.dimensions = [{ name: "telemetry-topics", topicFilters: ["dt/fleet/+/telemetry"] }];
        d.rules.behaviors.push(
            { name: "LowBattery", metric: "battery-level", operator: "less-than", threshold: 10 },
            {
                name: "TelemetryFlood",
                metric: "aws:num-messages-sent",
                operator: "greater-than",
                threshold: 500,
                durationSeconds: 300,
                dimension: { name: "telemetry-topics" },
            },
        );
    });
}

export const CALL_CASES: readonly CallsCase[] = [
    { label: "dev", stack: "dev" },
    { label: "prod", stack: "prod" },
    {
        label: "prod + custom metric & dimension",
        stack: "prod",
        edit: withCustomMetricAndDimension,
    },
];

/**
 * Every Device Defender dynamic resource of a build, in registration order. The engine records a
 * resource once registered, and a resource registers only after its dependencies, so registration
 * order is a dependency order; it is checked anyway, since the fake enforces it.
 */
function dynamicResources(resources: readonly RecordedResource[]): Item[] {
    const items: Item[] = [];
    for (const r of resources) {
        if (!r.type.startsWith(DYNAMIC_TYPE_PREFIX)) continue;
        const kind = kindOf(r.type);
        if (!kind)
            throw new Error(
                `${r.name}: dynamic type ${r.type} is not in DYNAMIC_TYPES (components/facts); allowed: ${Object.values(DYNAMIC_TYPES).join(", ")}`,
            );
        const later = r.dependencies.filter(
            d =>
                !items.some(i => i.r.urn === d) &&
                resources.some(x => x.urn === d && kindOf(x.type)),
        );
        if (later.length > 0)
            throw new Error(
                `${r.name} registered before its dependencies ${later.join(", ")}: registration order is not a dependency order`,
            );
        items.push({ r, kind, provider: PROVIDERS[kind] });
    }
    return items;
}

const tally = (calls: readonly string[]) => {
    const byCommand: Record<string, number> = {};
    for (const c of calls) byCommand[c] = (byCommand[c] ?? 0) + 1;
    return byCommand;
};

function summarize(
    operation: string,
    calls: string[],
    minimum: string[],
    note?: string,
): OperationCalls {
    const byCommand = tally(calls),
        min = tally(minimum);
    const excess: Record<string, number> = {};
    for (const c of new Set([...Object.keys(byCommand), ...Object.keys(min)])) {
        const d = (byCommand[c] ?? 0) - (min[c] ?? 0);
        if (d !== 0) excess[c] = d;
    }
    const writes = calls.filter(c => !isRead(c)).length;
    return {
        operation,
        total: calls.length,
        reads: calls.length - writes,
        writes,
        minTotal: minimum.length,
        minWrites: minimum.filter(c => !isRead(c)).length,
        minimum: min,
        byCommand,
        excess,
        note,
    };
}

/** The provider's checked inputs, as the engine takes them; a check failure stops the bench. */
async function checkedInputs(
    provider: Provider,
    name: string,
    olds: Inputs,
    news: Inputs,
): Promise<Inputs> {
    const checked = await provider.check!(olds, news);
    if (checked.failures?.length || !checked.inputs)
        throw new Error(`check failed for ${name}: ${JSON.stringify(checked.failures)}`);
    return checked.inputs;
}

/** An engine-style update of every resource to `next` inputs; returns the names updated. */
async function update(deployed: Deployed[], next: Map<string, Inputs>): Promise<string[]> {
    const updated: string[] = [];
    for (const d of deployed) {
        const news = next.get(d.name);
        if (news === undefined) throw new Error(`no new inputs for ${d.name}`);
        const checked = await checkedInputs(d.provider, d.name, d.inputs, news);
        const diff = await d.provider.diff!(d.id, d.outs, checked);
        if (diff.replaces?.length)
            throw new Error(
                `${d.name} would be replaced (${diff.replaces.join(", ")}); not an update`,
            );
        if (!diff.changes) continue;
        const res = await d.provider.update!(d.id, d.outs, checked);
        d.inputs = checked;
        d.outs = res.outs ?? d.outs;
        updated.push(d.name);
    }
    return updated;
}

/** Measures create, no-op update, one-threshold update, refresh and destroy for one configuration. */
export async function measureStack(c: CallsCase): Promise<StackCalls> {
    const base = await buildOffline(c.stack, { edit: c.edit });
    const changed = await buildOffline(c.stack, {
        edit: v => {
            c.edit?.(v);
            editJson(v, "detect", d => {
                d.rules.behaviors[0].threshold = (d.rules.behaviors[0].threshold ?? 0) + 50;
            });
        },
    });
    const items = dynamicResources(base.engine.resources);
    const nextInputs = new Map(
        dynamicResources(changed.engine.resources).map(({ r }) => [r.name, r.inputs]),
    );
    // The resources whose inputs the threshold edit changed: each needs one update call.
    const edited = items.filter(
        ({ r }) => !sameValue(cleanInputs(r.inputs), cleanInputs(nextInputs.get(r.name) ?? {})),
    );

    const resources = Object.fromEntries(
        KINDS.map(k => [k, items.filter(i => i.kind === k).length]),
    ) as Record<Kind, number>;
    const targets = items
        .filter(i => i.kind === "SecurityProfile")
        .reduce((n, i) => n + targetsOf(i.r.inputs), 0);
    const minimumOf = (op: "create" | "refresh") =>
        items.flatMap(i => MINIMUM[i.kind][op](i.r.inputs));

    const fake = new FakeIotAccount(base.engine.accountId, base.settings.region);
    const realSleep = clock.sleep;
    let retries = 0;
    clock.sleep = async () => {
        retries++;
    };
    const operations: OperationCalls[] = [];
    const deployed: Deployed[] = [];
    try {
        // create
        fake.mock.resetHistory();
        for (const { r, kind, provider } of items) {
            const checked = await checkedInputs(provider, r.name, {}, r.inputs);
            const res = await provider.create(checked);
            deployed.push({
                name: r.name,
                kind,
                provider,
                id: res.id,
                inputs: checked,
                outs: res.outs ?? {},
            });
        }
        operations.push(summarize("create", fake.calls(), minimumOf("create")));

        // no-op update: same inputs
        fake.mock.resetHistory();
        const noop = await update(deployed, new Map(items.map(({ r }) => [r.name, r.inputs])));
        operations.push(
            summarize("update (no-op)", fake.calls(), [], `updated: ${noop.join(", ") || "none"}`),
        );

        // one threshold changed in the rule profile
        fake.mock.resetHistory();
        const one = await update(deployed, nextInputs);
        operations.push(
            summarize(
                "update (1 threshold)",
                fake.calls(),
                edited.map(i => MINIMUM[i.kind].update),
                `updated: ${one.join(", ") || "none"}`,
            ),
        );
        const updateApplied =
            edited.length > 0 &&
            deployed
                .filter(d => d.kind === "SecurityProfile")
                .every(d =>
                    sameValue(
                        fake.profiles.get(String(d.outs.securityProfileName))?.def.behaviors,
                        d.inputs.behaviors,
                    ),
                );

        // refresh
        fake.mock.resetHistory();
        let refreshClean = true;
        for (const d of deployed) {
            const read = await d.provider.read!(d.id, d.outs);
            if (!read.props || read.id !== d.id) {
                refreshClean = false;
                continue;
            }
            const diff = await d.provider.diff!(d.id, read.props, d.inputs);
            if (diff.changes) refreshClean = false;
        }
        operations.push(summarize("refresh", fake.calls(), minimumOf("refresh")));

        // destroy
        fake.mock.resetHistory();
        for (const d of [...deployed].reverse()) await d.provider.delete!(d.id, d.outs);
        operations.push(
            summarize(
                "destroy",
                fake.calls(),
                deployed.flatMap(d => MINIMUM[d.kind].destroy(d.inputs)),
            ),
        );
        const destroyClean =
            fake.isEmpty() && !fake.roleArn && Object.values(fake.checks).every(ch => !ch.enabled);

        return {
            label: c.label,
            stack: c.stack,
            resources,
            targets,
            retries,
            refreshClean,
            updateApplied,
            destroyClean,
            operations,
        };
    } finally {
        clock.sleep = realSleep;
        fake.restore();
    }
}
