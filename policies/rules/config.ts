/**
 * A policy's config as the rules read it (`getConfig()`): checked again inside the pack against the
 * policy's own schema, and against what the schema cannot say, before any rule uses it. The CLI
 * validates `--policy-pack-config` against the schemas before `Configure`, but the pack cannot rely
 * on every engine, service or hand-written config doing so: a value of the wrong type, a key the
 * policy does not have (a typo that would leave a stricter intent unread) or a value that would
 * hollow a rule out stops the run with an error naming the key, the value and what is allowed,
 * instead of weakening the rule silently.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

/** The subset of JSON Schema the pack's config schemas use. */
interface Schema {
    type?: string;
    enum?: readonly unknown[];
    minimum?: number;
    maximum?: number;
    pattern?: string;
    minLength?: number;
    minItems?: number;
    uniqueItems?: boolean;
    items?: Schema;
    additionalProperties?: Schema | boolean;
}

/** Problems of a config beyond its schema (for instance an exemption that would void the rule). */
export type ConfigCheck = (config: Record<string, unknown>) => string[];

const registered = new WeakMap<object, { schema: PolicyConfigSchema; check?: ConfigCheck }>();

/** Remembers the schema (and extra check) a policy's defaults belong to, for `checkedConfig`. */
export function register(defaults: object, schema: PolicyConfigSchema, check?: ConfigCheck): void {
    registered.set(defaults, { schema, check });
}

const TYPE_NAMES: Record<string, string> = {
    array: "an array",
    boolean: "a boolean",
    integer: "a whole number",
    number: "a number",
    object: "an object",
    string: "a string",
};

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

function typeOf(v: unknown): string {
    if (Array.isArray(v)) return "array";
    if (v === null) return "null";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    return typeof v;
}

/** The problems of one value against one schema (`at` names it in messages). */
function problemsOf(value: unknown, schema: Schema, at: string): string[] {
    const got = `; got ${show(value)}`;
    const type = typeOf(value);
    if (schema.type && !(schema.type === type || (schema.type === "number" && type === "integer")))
        return [`${at} must be ${TYPE_NAMES[schema.type] ?? schema.type}${got}`];
    if (schema.enum && !schema.enum.includes(value))
        return [`${at} must be one of ${schema.enum.map(show).join(", ")}${got}`];
    const out: string[] = [];
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum)
            out.push(`${at} must be at least ${schema.minimum}${got}`);
        if (schema.maximum !== undefined && value > schema.maximum)
            out.push(`${at} must be at most ${schema.maximum}${got}`);
    }
    if (typeof value === "string") {
        if (schema.minLength !== undefined && value.length < schema.minLength)
            out.push(`${at} must not be empty${got}`);
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
            out.push(`${at} must match ${schema.pattern}${got}`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems)
            out.push(
                `${at} must list at least ${schema.minItems} item(s) (to enforce none, disable the policy)${got}`,
            );
        if (schema.uniqueItems && new Set(value.map(show)).size !== value.length)
            out.push(`${at} must not repeat an item${got}`);
        if (schema.items)
            value.forEach((v, i) => out.push(...problemsOf(v, schema.items!, `${at}[${i}]`)));
    }
    if (type === "object" && typeof schema.additionalProperties === "object")
        for (const [k, v] of Object.entries(value as Record<string, unknown>))
            out.push(...problemsOf(v, schema.additionalProperties, `${at}.${k}`));
    return out;
}

/**
 * The policy's config: its defaults, overridden by `given` (what `getConfig()` returned), once every
 * given key is one of the policy's and every value fits its schema and checks; otherwise throws.
 */
export function checkedConfig<T extends object>(defaults: T, given: unknown): T {
    const found = registered.get(defaults);
    const values = given ?? {};
    if (typeof values !== "object" || Array.isArray(values))
        throw new Error(`invalid policy config: must be an object; got ${show(given)}`);
    const properties = (found?.schema.properties ?? {}) as Record<string, Schema>;
    const problems: string[] = [];
    for (const [key, value] of Object.entries(values)) {
        const schema = Object.prototype.hasOwnProperty.call(properties, key)
            ? properties[key]
            : undefined;
        if (!schema)
            problems.push(
                `${key} is not a config key of this policy (keys: ${Object.keys(properties).join(", ") || "none"})`,
            );
        else problems.push(...problemsOf(value, schema, key));
    }
    const config = { ...defaults, ...values } as T;
    if (problems.length === 0 && found?.check)
        problems.push(...found.check(config as Record<string, unknown>));
    if (problems.length > 0) throw new Error(`invalid policy config: ${problems.join("; ")}`);
    return config;
}
