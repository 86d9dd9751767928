/**
 * A `--policy-pack-config` file reconciled with the pack's policies, as the Pulumi CLI does before
 * it sends `Configure` to the analyzer: each policy's level (its own entry, else `all`, else the
 * policy's), its properties validated against the policy's config schema (a JSON Schema validator,
 * as the CLI uses one) with the schema's defaults applied. The policies come from the analyzer's
 * `GetAnalyzerInfo` (or, in specs that call rules directly, from the rules themselves).
 */
import * as Ajv from "ajv";
import * as fs from "fs";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** A policy as the pack describes it: its name, default level and config schema. */
export interface PolicyDescription {
    readonly name: string;
    readonly enforcementLevel?: EnforcementLevel;
    readonly configSchema?: {
        readonly properties: Record<string, unknown>;
        readonly required?: readonly string[];
    };
}

/** A `--policy-pack-config` file: `{"all": level, "<policy>": level | {enforcementLevel?, ...properties}}`. */
export type PackConfigFile = Record<string, unknown>;

export class PolicyConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`invalid policy pack config:\n  ${problems.join("\n  ")}`);
    }
}

export interface ResolvedPolicy {
    readonly name: string;
    readonly level: EnforcementLevel;
    /** The properties `getConfig()` returns: schema defaults, then the file's values. */
    readonly config: Record<string, unknown>;
}

export function readPackConfig(file: string): PackConfigFile {
    if (!fs.existsSync(file)) throw new PolicyConfigError([`--config: no such file ${file}`]);
    const value = JSON.parse(fs.readFileSync(file, "utf8"));
    if (value === null || typeof value !== "object" || Array.isArray(value))
        throw new PolicyConfigError([`${file}: must hold a JSON object`]);
    return value;
}

const ajv = new Ajv({ allErrors: true, useDefaults: true });

/** One schema error in the file's words: the policy's key path, what is allowed, what was given. */
function describe(policy: string, e: Ajv.ErrorObject, given: unknown): string {
    const at = `${policy}${e.dataPath}`;
    const params = e.params as unknown as Record<string, unknown>;
    switch (e.keyword) {
        case "enum":
            return `${at} must be one of ${(params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(", ")}; got ${JSON.stringify(given)}`;
        case "type":
            return `${at} must be ${params.type}; got ${JSON.stringify(given)}`;
        case "additionalProperties":
            return `${at}.${params.additionalProperty}: not a config property of the policy`;
        case "required":
            return `${at}.${params.missingProperty}: required`;
        default:
            return `${at} ${(e.message ?? "is invalid").replace(/^should/, "must")}`;
    }
}

/** The value at an ajv data path (`.a[0].b`) of `root`. */
function at(root: unknown, dataPath: string): unknown {
    const keys = dataPath.match(/[^.[\]']+/g) ?? [];
    return keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], root);
}

/** Each policy's level and config from a config file, or throws PolicyConfigError naming every problem. */
export function resolvePolicies(
    policies: readonly PolicyDescription[],
    file: PackConfigFile = {},
): ResolvedPolicy[] {
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
        else if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
            const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
            level = enforcementLevel;
            values = rest;
        } else if (entry !== undefined)
            problems.push(
                `${policy.name}: must be an enforcement level or an object; got ${JSON.stringify(entry)}`,
            );
        if (level !== undefined && !LEVELS.includes(level as EnforcementLevel))
            problems.push(
                `${policy.name}.enforcementLevel: must be one of ${LEVELS.join(", ")}; got ${JSON.stringify(level)}`,
            );
        const schema = {
            type: "object",
            properties: policy.configSchema?.properties ?? {},
            required: [...(policy.configSchema?.required ?? [])],
            additionalProperties: false,
        };
        const config = structuredClone(values);
        const validate = ajv.compile(schema);
        if (!validate(config))
            for (const e of validate.errors ?? [])
                problems.push(describe(policy.name, e, at(config, e.dataPath)));
        return {
            name: policy.name,
            level: (level ?? all ?? policy.enforcementLevel ?? "advisory") as EnforcementLevel,
            config,
        };
    });
    if (problems.length > 0) throw new PolicyConfigError(problems);
    return resolved;
}
