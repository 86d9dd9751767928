/**
 * What an ARN unknown in preview stands for. `pulumi preview` leaves the ARNs of the resources the
 * stack creates unknown, but the engine hands the stack rules each resource's property dependencies
 * (the resources whose outputs flowed into each top-level property). An unknown ARN that depends on
 * exactly one resource of the expected kind whose own ARN is unknown too is that resource's ARN: the
 * rules read it as the resource's stand-in (standIn.ts) and go on. With no such single resource it
 * stays unknown, and the rule notes that it cannot run in preview.
 */
import type { PolicyResource } from "@pulumi/policy";
import { accountOf } from "./access";
import {
    AWS,
    asArray,
    isObject,
    nonEmptyString,
    plain,
    read,
    Statement,
    statements,
    Unknowns,
} from "./common";
import { ArnPlace, standIn } from "./standIn";

/** Services whose ARNs have no region. */
const GLOBAL_SERVICES = ["iam"];

/** How the resource part of an ARN begins, by type (types not listed: no prefix, as topics and queues). */
const ARN_PREFIX: Record<string, string> = {
    [AWS.Role]: "role/",
    [AWS.Policy]: "policy/",
    [AWS.KmsKey]: "key/",
    [AWS.KmsAlias]: "alias/",
    [AWS.MetricAlarm]: "alarm:",
    [AWS.LogGroup]: "log-group:",
    [AWS.Function]: "function:",
    [AWS.ThingGroup]: "thinggroup/",
    [AWS.IotPolicy]: "policy/",
    [AWS.TopicRule]: "rule/",
};

/** The AWS service of a resource type (`aws:sns/topic:Topic` → `sns`); undefined for other packages. */
export function serviceOf(type: string): string | undefined {
    const [pkg, module] = type.split(":");
    return pkg === "aws" ? module?.split("/")[0] : undefined;
}

/** The partition of a region (AWS's partitions by region prefix). */
function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** `allowedAccountIds` of a provider: a list, or JSON text as the engine passes provider config. */
function allowedAccounts(provider: PolicyResource["provider"]): string[] {
    const value = read(() => plain(provider?.props.allowedAccountIds));
    if (!value.known) return [];
    let ids: unknown = value.value;
    if (typeof ids === "string") {
        try {
            ids = JSON.parse(ids);
        } catch {
            return [];
        }
    }
    return asArray(ids as unknown[]).filter((a): a is string => typeof a === "string");
}

/**
 * The account a provider creates resources in, when preview proves it: its `allowedAccountIds`
 * names one account (it refuses every other), or a resource of the same provider already has its
 * ARN (all of a provider's resources are in one account).
 */
export function providerAccount(
    resources: readonly PolicyResource[],
    provider: PolicyResource["provider"],
): string | undefined {
    const allowed = allowedAccounts(provider);
    if (allowed.length === 1) return allowed[0];
    for (const r of resources) {
        if (!serviceOf(r.type) || r.provider?.urn !== provider?.urn) continue;
        const arn = read(() => r.props.arn);
        const account =
            arn.known && typeof arn.value === "string" ? accountOf(arn.value) : undefined;
        if (account) return account;
    }
    return undefined;
}

/** Where a resource's ARN will be: its provider's partition and region, and its account when known. */
function placeOf(r: PolicyResource, resources: readonly PolicyResource[]): ArnPlace | undefined {
    const service = serviceOf(r.type);
    const region = read(() => r.provider?.props.region);
    if (!service || !region.known || !nonEmptyString(region.value)) return undefined;
    return {
        partition: partitionOf(region.value),
        service,
        region: GLOBAL_SERVICES.includes(service) ? "" : region.value,
        account: providerAccount(resources, r.provider),
        prefix: ARN_PREFIX[r.type] ?? "",
    };
}

/** A resource's ARN: its `arn` when known, else its stand-in (undefined when it has neither). */
export function arnOf(r: PolicyResource, resources: readonly PolicyResource[]): string | undefined {
    const arn = read(() => r.props.arn);
    if (arn.known) return nonEmptyString(arn.value) ? arn.value : undefined;
    const place = placeOf(r, resources);
    return place && standIn(place, r.urn, arn.error);
}

/**
 * The one resource among the dependencies of `owner.props[key]` that `fits` and whose ARN is
 * unknown: what an unknown ARN in that property stands for. Undefined when there is not exactly one.
 */
function producer(
    owner: PolicyResource,
    key: string,
    fits: (r: PolicyResource) => boolean,
): PolicyResource | undefined {
    const candidates = (owner.propertyDependencies?.[key] ?? []).filter(
        d => fits(d) && !read(() => d.props.arn).known,
    );
    return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * An ARN read from `owner.props[key]` (by `get`): the value when known; while unknown, the
 * stand-in of the one resource of `types` the property depends on. Otherwise undefined, with the
 * unknown remembered by `unknowns`.
 */
export function arnIn(
    owner: PolicyResource,
    key: string,
    get: () => unknown,
    types: readonly string[],
    resources: readonly PolicyResource[],
    unknowns: Unknowns,
): unknown {
    const value = read(get);
    if (value.known) return value.value;
    const from = producer(owner, key, d => types.includes(d.type));
    const arn = from && arnOf(from, resources);
    return arn ?? unknowns.get(get);
}

/** The services a statement's actions belong to (`sns:Publish` → sns); none when any is unknown or a wildcard. */
function servicesOf(s: Record<string, unknown>): string[] | undefined {
    const actions = read(() => asArray(plain(s.Action) as unknown[]));
    if (!actions.known || actions.value.length === 0) return undefined;
    const services = actions.value.map(a => (typeof a === "string" ? a.split(":")[0] : "*"));
    return services.includes("*") ? undefined : [...new Set(services.map(x => x.toLowerCase()))];
}

/**
 * The statements of a policy document held in `owner.props[key]`, with each unknown Resource leaf
 * read as the stand-in of the one resource of the statement's service the property depends on, and
 * each unknown Principal leaf as the one role it depends on. Any other unknown stops the read.
 */
export function documentStatements(
    owner: PolicyResource,
    key: string,
    get: () => unknown,
    resources: readonly PolicyResource[],
): Statement[] {
    const doc = read(get);
    if (!doc.known || typeof doc.value === "string" || !isObject(doc.value))
        return statements(get());
    return asArray(doc.value.Statement)
        .filter(isObject)
        .map(s => {
            const services = servicesOf(s);
            const leaf = (field: string) => (d: PolicyResource) =>
                field.endsWith("Principal")
                    ? serviceOf(d.type) === "iam"
                    : services !== undefined && services.includes(serviceOf(d.type) ?? "");
            return Object.fromEntries(
                Object.keys(s).map(k => [
                    k,
                    ["Resource", "NotResource", "Principal", "NotPrincipal"].includes(k)
                        ? arnLeaves(() => s[k], owner, key, leaf(k), resources)
                        : plain(s[k]),
                ]),
            );
        }) as Statement[];
}

/** A plain copy of an ARN-holding value with each unknown leaf resolved to its producer's ARN (or the unknown thrown). */
function arnLeaves(
    get: () => unknown,
    owner: PolicyResource,
    key: string,
    fits: (r: PolicyResource) => boolean,
    resources: readonly PolicyResource[],
): unknown {
    const r = read(get);
    if (!r.known) {
        const from = producer(owner, key, fits);
        const arn = from && arnOf(from, resources);
        if (arn === undefined) throw r.error;
        return arn;
    }
    const v = r.value;
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v))
        return Array.from({ length: v.length }, (_, i) =>
            arnLeaves(() => v[i], owner, key, fits, resources),
        );
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
        Object.keys(o).map(k => [k, arnLeaves(() => o[k], owner, key, fits, resources)]),
    );
}
