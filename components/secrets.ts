/**
 * Keeps the stack's secret config values secret wherever they flow: every resource input and
 * stack output that holds one (a secret HTTPS endpoint in a subscription, a secret owner in tags)
 * becomes a Pulumi secret, so the engine encrypts it in state and never prints it.
 */
import * as pulumi from "@pulumi/pulumi";

/** Whether a value holds any of the secret strings (as itself, or inside a longer string). */
function holds(value: unknown, secrets: readonly string[]): boolean {
    if (typeof value === "string") return secrets.some(s => s !== "" && value.includes(s));
    if (value && typeof value === "object")
        return Object.values(value).some(v => holds(v, secrets));
    return false;
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

/**
 * The value with every part that holds a secret made a secret: plain strings wrapped, Outputs
 * checked once resolved; objects and lists keep their shape (a map with one secret leaf stays a
 * map, known in preview), and other objects (assets, resources) are left as they are.
 */
export function keepSecret(value: unknown, secrets: readonly string[]): unknown {
    if (secrets.length === 0) return value;
    if (pulumi.Output.isInstance(value)) {
        return value.apply(v => (holds(v, secrets) ? pulumi.secret(v) : v));
    }
    if (typeof value === "string") return holds(value, secrets) ? pulumi.secret(value) : value;
    if (Array.isArray(value)) return value.map(v => keepSecret(v, secrets));
    if (isPlain(value)) {
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, keepSecret(v, secrets)]),
        );
    }
    return value;
}

/** A transformation for the stack's resources and their children: secret inputs stay secret. */
export function secretInputs(secrets: readonly string[]): pulumi.ResourceTransformation {
    return ({ props, opts }) => ({
        // A dynamic resource's serialized provider is code, not config.
        props: Object.fromEntries(
            Object.entries(props).map(([k, v]) => [
                k,
                k === "__provider" ? v : keepSecret(v, secrets),
            ]),
        ),
        opts,
    });
}

/** The stack's outputs with those holding a secret made secrets (each still resolves to its value). */
export function secretOutputs<T extends object>(outputs: T, secrets: readonly string[]): T {
    return Object.fromEntries(
        Object.entries(outputs).map(([k, v]) => [k, keepSecret(v, secrets)]),
    ) as T;
}
