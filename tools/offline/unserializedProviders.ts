/**
 * Dynamic providers left unserialized, for builds where nothing will run them (the offline plan).
 * The Pulumi SDK serializes each dynamic provider, with everything it references, into every
 * dynamic resource's `__provider` input; that is about a fifth of a plan's time, and loading the
 * serializer pulls in the `typescript` package. The plan never shows `__provider`, so it may skip
 * it; the checks, the tests and the benchmarks keep serializing, and prove it works.
 */
import { Module } from "module";

/** What `__provider` holds when serialization was skipped. */
export const UNSERIALIZED_PROVIDER = "(provider not serialized: offline plan)";

type Serializer = (
    func: () => unknown,
    args?: unknown,
) => Promise<{
    text: string;
    containsSecrets: boolean;
}>;

const skipped: Serializer = async () => ({ text: UNSERIALIZED_PROVIDER, containsSecrets: false });

/**
 * Replaces the SDK's closure serializer (`runtime/closure/serializeClosure`, which the SDK
 * requires only when a dynamic resource is constructed) until the returned function is called.
 * The SDK's per-provider cache of serialized text is off meanwhile, so a later build in the same
 * process serializes for real. Call it after the mocks are installed (they set the options).
 */
export function skipProviderSerialization(): () => void {
    const options = currentOptions();
    const caching = options.cacheDynamicProviders;
    options.cacheDynamicProviders = false;
    const restoreSerializer = replaceSerializer();
    return () => {
        restoreSerializer();
        options.cacheDynamicProviders = caching;
    };
}

/** The running program's options, where the SDK reads `cacheDynamicProviders` (internal, hence required). */
function currentOptions(): { cacheDynamicProviders?: boolean } {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const state = require("@pulumi/pulumi/runtime/state") as {
        getStore(): { settings: { options: { cacheDynamicProviders?: boolean } } };
    };
    return state.getStore().settings.options;
}

function replaceSerializer(): () => void {
    const id = require.resolve("@pulumi/pulumi/runtime/closure/serializeClosure");
    const loaded = require.cache[id];
    if (loaded) {
        const exports = loaded.exports as { serializeFunction: Serializer };
        const original = exports.serializeFunction;
        exports.serializeFunction = skipped;
        return () => {
            exports.serializeFunction = original;
        };
    }
    const stand = new Module(id);
    stand.filename = id;
    stand.loaded = true;
    stand.exports = { serializeFunction: skipped };
    require.cache[id] = stand;
    return () => {
        if (require.cache[id] === stand) delete require.cache[id];
    };
}
