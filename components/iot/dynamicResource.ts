/**
 * The base of the project's dynamic resources: what `pulumi.dynamic.Resource` registers (type
 * `pulumi-nodejs:dynamic/<module>:<type>`, the props with `__provider`, the options), with the
 * serialized provider read from a cache between program starts (`loader/providerCache.js`) when
 * it holds it. The SDK's own class always serializes each provider anew in every process, about
 * two thirds of a start's time; its serializer alone loads the `typescript` package.
 *
 * On a miss (and where the process has no cache key) the text is the SDK's serializer's, called
 * exactly as `@pulumi/pulumi/dynamic` calls it, and stored unless it captured a secret. Where
 * the SDK's per-process cache is off (`cacheDynamicProviders`, as the offline plan sets it), so is
 * this one: every resource serializes, as the SDK's class does then.
 */
import * as pulumi from "@pulumi/pulumi";
import { providerCacheKey, readProviderText, writeProviderText } from "../../loader/providerCache";

type Provider = pulumi.dynamic.ResourceProvider;

interface Serialized {
    readonly text: string;
    readonly containsSecrets: boolean;
}

/** The SDK's serializer (internal, so required; loaded on a miss only, as the SDK does). */
function serializeWithSdk(provider: Provider): Promise<Serialized> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
        serializeFunction(
            func: () => unknown,
            args: { allowSecrets: boolean },
        ): Promise<Serialized>;
    };
    // The SDK serializes this very function: its text and the captured name are part of `__provider`.
    return closure.serializeFunction(() => provider, { allowSecrets: true });
}

/** Whether the SDK caches serialized providers in this process (internal setting, hence required). */
function cachingProviders(): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        cacheDynamicProviders(): boolean;
    };
    return settings.cacheDynamicProviders();
}

/** The SDK's Output constructor (not in its public types), used as `dynamic/index.js` uses it. */
type OutputFromPromises = new (
    resources: readonly pulumi.Resource[],
    value: Promise<string>,
    isKnown: Promise<boolean>,
    isSecret: Promise<boolean>,
    allResources: Promise<readonly pulumi.Resource[]>,
) => pulumi.Output<string>;

/** The serialized text as an Output, known, secret when the provider captured a secret. */
function outputOf(serialized: Promise<Serialized>): pulumi.Output<string> {
    const Output = pulumi.Output as unknown as OutputFromPromises;
    return new Output(
        [],
        serialized.then(s => s.text),
        Promise.resolve(true),
        serialized.then(s => s.containsSecrets),
        Promise.resolve([]),
    );
}

/** The serialized text from the cache, or the SDK's, then stored (never one holding a secret). */
function serializeCached(provider: Provider, identity: string): Promise<Serialized> {
    const key = providerCacheKey(identity);
    const stored = key === undefined ? undefined : readProviderText(key);
    if (stored !== undefined) return Promise.resolve({ text: stored, containsSecrets: false });
    const serialized = serializeWithSdk(provider);
    if (key === undefined) return serialized;
    return serialized.then(s => {
        // Kept only if no module was loaded meanwhile that the key does not account for.
        if (!s.containsSecrets && providerCacheKey(identity) === key)
            writeProviderText(key, s.text);
        return s;
    });
}

/** Per process, as the SDK's own cache: provider -> its Output; identity -> its one provider. */
const serializedProviders = new WeakMap<Provider, pulumi.Output<string>>();
const providerOf = new Map<string, Provider>();

/** `__provider` for a provider of the given identity (its resource type), as the SDK would set it. */
function serializedProvider(provider: Provider, identity: string): pulumi.Output<string> {
    if (!cachingProviders()) return outputOf(serializeWithSdk(provider));
    const known = serializedProviders.get(provider);
    if (known) return known;
    // A second provider under one identity would share its entries: it is serialized every time.
    const owner = providerOf.get(identity) ?? provider;
    providerOf.set(identity, owner);
    const serialized =
        owner === provider ? serializeCached(provider, identity) : serializeWithSdk(provider);
    const output = outputOf(serialized);
    serializedProviders.set(provider, output);
    return output;
}

/** A dynamic resource: `pulumi.dynamic.Resource`'s registration, its provider's code cached. */
export class DynamicResource extends pulumi.CustomResource {
    /** As `pulumi.dynamic.Resource`'s constructor, which it replaces. */
    constructor(
        provider: Provider,
        name: string,
        props: pulumi.Inputs,
        opts?: pulumi.CustomResourceOptions,
        module?: string,
        type = "Resource",
    ) {
        const providerKey = "__provider";
        if (props[providerKey]) {
            throw new Error("A dynamic resource must not define the __provider key");
        }
        const token = `pulumi-nodejs:dynamic${module ? `/${module}` : ""}:${type}`;
        props[providerKey] = serializedProvider(provider, token);
        super(token, name, props, opts);
    }
}
