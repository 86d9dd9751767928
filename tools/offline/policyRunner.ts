/**
 * Runs the CrossGuard pack offline, the way the Pulumi CLI's analyzer does: every resource policy on
 * every recorded resource (props = inputs, wrapped in unknownCheckingProxy, with the provider
 * resolved), then every stack policy on all resources (props = outputs; parent, dependencies and
 * providers resolved). Enforcement levels and config come from a `--policy-pack-config` file,
 * validated against each policy's configSchema, with schema defaults applied.
 *
 * An UnknownValueError becomes an advisory "can't run ... during preview" finding, as in the
 * server; `notApplicable` is recorded, not reported.
 */
import * as pulumi from "@pulumi/pulumi";
import { unknownCheckingProxy } from "@pulumi/policy";
import type {
    EnforcementLevel,
    Policies,
    Policy,
    PolicyConfigSchema,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import * as fs from "fs";
import { allPolicies } from "../../policies/rules";
import { isUnknownValueError, Props } from "../../policies/rules/common";
import { RecordedResource } from "./engine";

/** The engine's unknown sentinel (what the CLI sends for values not known during preview). */
export const UNKNOWN_SENTINEL = pulumi.runtime.unknownValue;
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** A `--policy-pack-config` file: `{"all": level, "<policy>": level | {enforcementLevel?, ...properties}}`. */
export type PackConfigFile = Record<string, unknown>;

export class PolicyConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`invalid policy pack config:\n  ${problems.join("\n  ")}`);
    }
}

export interface ResolvedPolicy {
    readonly policy: Policy;
    readonly level: EnforcementLevel;
    readonly config: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Config

function typeOk(type: string, v: unknown): boolean {
    switch (type) {
        case "integer":
            return Number.isInteger(v);
        case "number":
            return typeof v === "number" && Number.isFinite(v);
        case "string":
            return typeof v === "string";
        case "boolean":
            return typeof v === "boolean";
        case "array":
            return Array.isArray(v);
        case "object":
            return v !== null && typeof v === "object" && !Array.isArray(v);
        case "null":
            return v === null;
        default:
            return true;
    }
}

/** The JSON Schema subset the pack's schemas use. */
export function schemaProblems(
    schema: PolicyConfigJSONSchema | boolean | undefined,
    v: unknown,
    at: string,
): string[] {
    if (schema === undefined || schema === true) return [];
    if (schema === false) return [`${at} is not allowed`];
    const problems: string[] = [];
    const types =
        schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.length > 0 && !types.some(t => typeOk(t, v)))
        return [`${at} must be ${types.join(" or ")}; got ${JSON.stringify(v)}`];
    if (schema.enum && !schema.enum.some(e => JSON.stringify(e) === JSON.stringify(v)))
        problems.push(
            `${at} must be one of ${schema.enum.map(e => JSON.stringify(e)).join(", ")}; got ${JSON.stringify(v)}`,
        );
    if (typeof v === "number") {
        if (schema.minimum !== undefined && v < schema.minimum)
            problems.push(`${at} must be >= ${schema.minimum}`);
        if (schema.maximum !== undefined && v > schema.maximum)
            problems.push(`${at} must be <= ${schema.maximum}`);
    }
    if (typeof v === "string") {
        if (schema.minLength !== undefined && v.length < schema.minLength)
            problems.push(`${at} must have at least ${schema.minLength} characters`);
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(v))
            problems.push(`${at} must match ${schema.pattern}; got ${JSON.stringify(v)}`);
    }
    if (Array.isArray(v)) {
        if (schema.uniqueItems && new Set(v.map(x => JSON.stringify(x))).size !== v.length)
            problems.push(`${at} has duplicate items`);
        const items = Array.isArray(schema.items) ? undefined : schema.items;
        v.forEach((x, i) => problems.push(...schemaProblems(items, x, `${at}[${i}]`)));
    } else if (v !== null && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
            const sub = schema.properties?.[k] ?? schema.additionalProperties;
            problems.push(...schemaProblems(sub, x, `${at}.${k}`));
        }
    }
    return problems;
}

/** Each policy's level and config from a config file (as the CLI reconciles them), or throws PolicyConfigError. */
export function resolvePolicies(policies: Policies, file: PackConfigFile = {}): ResolvedPolicy[] {
    const problems: string[] = [];
    const names = new Set(policies.map(p => p.name));
    for (const key of Object.keys(file)) {
        if (key !== "all" && !names.has(key))
            problems.push(
                `${key}: no such policy in the pack (policies: ${[...names].join(", ")})`,
            );
    }
    const all = file.all;
    if (all !== undefined && !LEVELS.includes(all as EnforcementLevel))
        problems.push(`all: must be one of ${LEVELS.join(", ")}; got ${JSON.stringify(all)}`);
    const resolved = policies.map(policy => {
        const entry = file[policy.name];
        let level: unknown = undefined;
        let values: Record<string, unknown> = {};
        if (typeof entry === "string") level = entry;
        else if (
            entry !== undefined &&
            entry !== null &&
            typeof entry === "object" &&
            !Array.isArray(entry)
        ) {
            const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
            level = enforcementLevel;
            values = rest;
        } else if (entry !== undefined)
            problems.push(
                `${policy.name}: must be an enforcement level or an object; got ${JSON.stringify(entry)}`,
            );
        if (level !== undefined && !LEVELS.includes(level as EnforcementLevel)) {
            problems.push(
                `${policy.name}.enforcementLevel: must be one of ${LEVELS.join(", ")}; got ${JSON.stringify(level)}`,
            );
        }
        const schema: PolicyConfigSchema = policy.configSchema ?? { properties: {} };
        for (const [k, v] of Object.entries(values)) {
            if (!(k in schema.properties))
                problems.push(
                    `${policy.name}.${k}: not a config property of the policy (properties: ${Object.keys(schema.properties).join(", ") || "none"})`,
                );
            else problems.push(...schemaProblems(schema.properties[k], v, `${policy.name}.${k}`));
        }
        const defaults = Object.fromEntries(
            Object.entries(schema.properties)
                .filter(([, s]) => typeof s === "object" && s.default !== undefined)
                .map(([k, s]) => [k, (s as PolicyConfigJSONSchema).default]),
        );
        const config = { ...defaults, ...values };
        for (const k of schema.required ?? [])
            if (config[k] === undefined) problems.push(`${policy.name}.${k}: required`);
        return {
            policy,
            level: (level ?? all ?? policy.enforcementLevel ?? "advisory") as EnforcementLevel,
            config,
        };
    });
    if (problems.length > 0) throw new PolicyConfigError(problems);
    return resolved;
}

export function readPackConfig(file: string): PackConfigFile {
    if (!fs.existsSync(file)) throw new PolicyConfigError([`--config: no such file ${file}`]);
    const value = JSON.parse(fs.readFileSync(file, "utf8"));
    if (value === null || typeof value !== "object" || Array.isArray(value))
        throw new PolicyConfigError([`${file}: must hold a JSON object`]);
    return value;
}

// ---------------------------------------------------------------------------------------------
// Resources as the analyzer sees them

/** Engine values as the analyzer deserializes them: unknowns as the sentinel, secrets unwrapped. */
export function toPolicyValue(v: unknown): unknown {
    if (pulumi.isUnknown(v)) return UNKNOWN_SENTINEL;
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(toPolicyValue);
    if (pulumi.Resource.isInstance(v)) return undefined;
    const o = v as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return toPolicyValue(o.value);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
        const y = toPolicyValue(x);
        if (y !== undefined) out[k] = y;
    }
    return out;
}

function props(values: Record<string, unknown>): Props {
    const { __provider: _ignored, ...rest } = values;
    return toPolicyValue(rest) as Props;
}

/**
 * Outputs for stack analysis. In preview, computed outputs are unknown to the CLI: the offline
 * engine leaves them out, so `id`, `arn` and an auto-generated `name` are put back as unknowns.
 * After an update, outputs carry `id` (as bridged providers report it).
 */
function outputs(r: RecordedResource, preview: boolean): Props {
    const out = props(r.state);
    if (!r.custom || r.type.startsWith("pulumi:providers:")) return out;
    if (preview) {
        for (const k of ["id", "arn", "name"]) if (!(k in out)) out[k] = UNKNOWN_SENTINEL;
    } else if (r.id !== undefined && !("id" in out)) {
        out.id = r.id;
    }
    return out;
}

const OPTS: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
};

const isTypeFn = (type: string) => (cls: unknown) =>
    (cls as { __pulumiType?: string }).__pulumiType === type;

function providerOf(
    r: RecordedResource,
    byUrn: Map<string, RecordedResource>,
): PolicyProviderResource | undefined {
    if (!r.provider) return undefined;
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    const p = byUrn.get(urn);
    if (!p) return undefined;
    return { type: p.type, props: unknownCheckingProxy(props(p.inputs)), urn: p.urn, name: p.name };
}

/** PolicyResources for stack validation, linked to parents, dependencies and providers. */
export function toPolicyResources(
    records: readonly RecordedResource[],
    preview = false,
): PolicyResource[] {
    const byUrn = new Map(records.map(r => [r.urn, r]));
    const resources = records.map(r => {
        const p = unknownCheckingProxy(outputs(r, preview));
        const res: PolicyResource = {
            type: r.type,
            props: p,
            urn: r.urn,
            name: r.name,
            opts: { ...OPTS, parent: r.parent },
            dependencies: [],
            propertyDependencies: {},
            isType: isTypeFn(r.type) as PolicyResource["isType"],
            asType: ((cls: unknown) =>
                isTypeFn(r.type)(cls) ? p : undefined) as PolicyResource["asType"],
        };
        const provider = providerOf(r, byUrn);
        if (provider) res.provider = provider;
        return res;
    });
    const byUrnPolicy = new Map(resources.map(r => [r.urn, r]));
    records.forEach((r, i) => {
        if (r.parent && byUrnPolicy.has(r.parent)) resources[i].parent = byUrnPolicy.get(r.parent);
        resources[i].dependencies = r.dependencies
            .map(d => byUrnPolicy.get(d))
            .filter((d): d is PolicyResource => d !== undefined);
    });
    return resources;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface Finding {
    readonly level: "mandatory" | "advisory";
    readonly policy: string;
    readonly type: string;
    readonly name: string;
    readonly urn?: string;
    readonly message: string;
    /** The policy could not run on a value unknown during preview (the server's advisory note). */
    readonly unknown?: boolean;
}

export interface PolicyRunResult {
    readonly findings: Finding[];
    readonly notApplicable: { policy: string; urn?: string; reason?: string }[];
    readonly policies: ResolvedPolicy[];
    readonly resources: number;
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}

export interface EvaluateOptions {
    readonly policies?: Policies;
    readonly config?: PackConfigFile;
    readonly preview?: boolean;
    readonly stack?: string;
}

const isResourcePolicy = (p: Policy): p is ResourceValidationPolicy => "validateResource" in p;
const isStackPolicy = (p: Policy): p is StackValidationPolicy => "validateStack" in p;

/** Runs every enabled policy over recorded resources. */
export async function evaluate(
    records: readonly RecordedResource[],
    options: EvaluateOptions = {},
): Promise<PolicyRunResult> {
    const resolved = resolvePolicies(options.policies ?? allPolicies, options.config);
    const preview = options.preview ?? false;
    const findings: Finding[] = [];
    const notApplicable: PolicyRunResult["notApplicable"] = [];
    const byUrn = new Map(records.map(r => [r.urn, r]));
    const stackName =
        options.stack ?? records[0]?.urn.split("::")[0].replace(/^urn:pulumi:/, "") ?? "stack";

    const run = async (
        r: ResolvedPolicy,
        urn: string | undefined,
        type: string,
        name: string,
        fn: () => unknown,
    ) => {
        const level = r.level === "remediate" ? "mandatory" : (r.level as "mandatory" | "advisory");
        try {
            await fn();
        } catch (e) {
            if (isUnknownValueError(e)) {
                findings.push({
                    level: "advisory",
                    policy: r.policy.name,
                    type,
                    name,
                    urn,
                    unknown: true,
                    message: `can't run policy '${r.policy.name}' during preview: ${(e as Error).message}`,
                });
            } else if (e instanceof NotApplicable) {
                notApplicable.push({ policy: r.policy.name, urn, reason: e.reason });
            } else {
                throw new Error(
                    `policy ${r.policy.name} failed on ${name}: ${(e as Error).stack ?? e}`,
                );
            }
        }
        return level;
    };

    for (const r of resolved) {
        if (r.level === "disabled" || !isResourcePolicy(r.policy) || !r.policy.validateResource)
            continue;
        const validations = Array.isArray(r.policy.validateResource)
            ? r.policy.validateResource
            : [r.policy.validateResource];
        const level = r.level === "remediate" ? "mandatory" : (r.level as "mandatory" | "advisory");
        for (const rec of records) {
            for (const validation of validations) {
                const only = (validation as { __pulumiType?: string }).__pulumiType;
                if (only && only !== rec.type) {
                    notApplicable.push({
                        policy: r.policy.name,
                        urn: rec.urn,
                        reason: `Policy only applies to resources of type '${only}'`,
                    });
                    continue;
                }
                const p = unknownCheckingProxy(props(rec.inputs));
                const args: ResourceValidationArgs = {
                    type: rec.type,
                    props: p,
                    urn: rec.urn,
                    name: rec.name,
                    opts: { ...OPTS, parent: rec.parent },
                    stackTags: new Map(),
                    isType: isTypeFn(rec.type) as ResourceValidationArgs["isType"],
                    asType: ((cls: unknown) =>
                        isTypeFn(rec.type)(cls)
                            ? p
                            : undefined) as ResourceValidationArgs["asType"],
                    getConfig: <T extends object>() => ({ ...r.config }) as T,
                    notApplicable: (reason?: string): never => {
                        throw new NotApplicable(reason);
                    },
                };
                const provider = providerOf(rec, byUrn);
                if (provider) args.provider = provider;
                await run(r, rec.urn, rec.type, rec.name, () =>
                    validation(args, (message: string) => {
                        findings.push({
                            level,
                            policy: r.policy.name,
                            type: rec.type,
                            name: rec.name,
                            urn: rec.urn,
                            message,
                        });
                    }),
                );
            }
        }
    }

    for (const r of resolved) {
        if (r.level === "disabled" || !isStackPolicy(r.policy)) continue;
        const level = r.level === "remediate" ? "mandatory" : (r.level as "mandatory" | "advisory");
        const args: StackValidationArgs = {
            resources: toPolicyResources(records, preview),
            stackTags: new Map(),
            getConfig: <T extends object>() => ({ ...r.config }) as T,
            notApplicable: (reason?: string): never => {
                throw new NotApplicable(reason);
            },
        };
        const policy = r.policy;
        await run(r, undefined, "pulumi:pulumi:Stack", stackName, () =>
            policy.validateStack(args, (message: string, urn?: string) => {
                const rec = urn ? byUrn.get(urn) : undefined;
                findings.push({
                    level,
                    policy: policy.name,
                    type: rec?.type ?? "pulumi:pulumi:Stack",
                    name: rec?.name ?? stackName,
                    urn,
                    message,
                });
            }),
        );
    }
    return { findings, notApplicable, policies: resolved, resources: records.length };
}

export function formatFinding(f: Finding): string {
    return `[${f.level}] ${f.policy} ${f.type} ${f.name}: ${f.message}`;
}

export function summary(stack: string, result: PolicyRunResult, preview: boolean): string {
    const mandatory = result.findings.filter(f => f.level === "mandatory").length;
    const advisory = result.findings.filter(f => f.level === "advisory" && !f.unknown).length;
    const unknown = result.findings.filter(f => f.unknown).length;
    const enabled = result.policies.filter(p => p.level !== "disabled").length;
    return (
        `policy check ${stack}${preview ? " (preview)" : ""}: ${result.resources} resources, ${enabled} policies: ` +
        `${mandatory} mandatory, ${advisory} advisory violation(s)` +
        (unknown > 0 ? `, ${unknown} check(s) not run on values unknown during preview` : "") +
        (mandatory > 0 ? " - FAILED" : " - passed")
    );
}
