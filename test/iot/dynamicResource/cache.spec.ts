/**
 * DynamicResource's use of the provider cache, in this process with the project's loader standing
 * in as the `.ts` compiler (the cache is used only under it): a hit is the stored text, a miss the
 * SDK's text and then stored, and nothing is cached that must not be.
 */
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DynamicResource } from "../../../components/iot/dynamicResource";
import {
    providerCacheDir,
    providerCacheKey,
    readProviderText,
    SWITCH,
    writeProviderText,
} from "../../../loader/providerCache";
import { cacheHooks } from "../../loader/cacheHooks";
import { OfflineEngine } from "../../../tools/offline/engine";
import {
    UNSERIALIZED_PROVIDER,
    skipProviderSerialization,
} from "../../../tools/offline/unserializedProviders";

let types = 0;

/** A provider of a type no other test uses, with `extra` captured by its `create`. */
function newProvider(extra: unknown = "nothing") {
    const token = `pulumi-nodejs:dynamic/spec:Type${++types}`;
    const provider: pulumi.dynamic.ResourceProvider = {
        create: async () => ({ id: String(extra) }),
    };
    return { token, type: `Type${types}`, provider };
}

/** The SDK's serialization, called as `@pulumi/pulumi/dynamic` calls it. */
async function sdkText(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
        serializeFunction(
            f: () => unknown,
            a: { allowSecrets: boolean },
        ): Promise<{ text: string }>;
    };
    return (await closure.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** Registers one resource per provider (each a DynamicResource of its type), offline. */
async function register(
    ...providers: { type: string; provider: pulumi.dynamic.ResourceProvider }[]
): Promise<{ text: string; secret: boolean }[]> {
    const engine = new OfflineEngine();
    await engine.install("iot-defender", "dev", {});
    providers.forEach((p, i) => new DynamicResource(p.provider, `r${i}`, {}, {}, "spec", p.type));
    await engine.settle();
    return providers.map((_, i) => {
        const r = engine.byName(`r${i}`);
        return { text: String(r.inputs.__provider), secret: r.secretInputs.includes("__provider") };
    });
}

describe("DynamicResource and the provider cache (components/iot/dynamicResource.ts)", function () {
    this.timeout(120_000);
    const cache = cacheHooks(SWITCH);

    it("registers the stored text on a hit", async () => {
        const p = newProvider();
        writeProviderText(providerCacheKey(p.token)!, "the stored text");
        assert.deepStrictEqual(await register(p), [{ text: "the stored text", secret: false }]);
    });

    it("registers the SDK's text on a miss, and stores it under the provider's key", async () => {
        const p = newProvider();
        const [registered] = await register(p);
        assert.strictEqual(registered.text, await sdkText(p.provider));
        assert.strictEqual(readProviderText(providerCacheKey(p.token)!), registered.text);
    });

    it("stores nothing that captured a secret, and registers it as a secret", async () => {
        const p = newProvider(pulumi.secret("hush"));
        const [registered] = await register(p);
        assert.strictEqual(registered.secret, true);
        assert.deepStrictEqual(fs.readdirSync(cache.dir()), []);
    });

    it("ignores a corrupt entry: serializes anew and replaces it", async () => {
        const p = newProvider();
        const key = providerCacheKey(p.token)!;
        fs.writeFileSync(path.join(cache.dir(), `${key}.json`), '{"format":');
        const [registered] = await register(p);
        assert.strictEqual(registered.text, await sdkText(p.provider));
        assert.strictEqual(readProviderText(key), registered.text);
    });

    it("reads and writes nothing where the SDK caches no provider (the offline plan skips them)", async () => {
        const p = newProvider();
        const key = providerCacheKey(p.token)!;
        writeProviderText(key, "the stored text");
        const engine = new OfflineEngine();
        await engine.install("iot-defender", "dev", {});
        const restore = skipProviderSerialization();
        try {
            new DynamicResource(p.provider, "planned", {}, {}, "spec", p.type);
            await engine.settle();
        } finally {
            restore();
        }
        assert.strictEqual(engine.byName("planned").inputs.__provider, UNSERIALIZED_PROVIDER);
        assert.deepStrictEqual(fs.readdirSync(cache.dir()), [`${key}.json`]);
        assert.strictEqual(readProviderText(key), "the stored text");
    });

    it(`serializes every time with ${SWITCH}=off`, async () => {
        const p = newProvider();
        writeProviderText(providerCacheKey(p.token)!, "the stored text");
        process.env[SWITCH] = "off";
        assert.strictEqual(providerCacheKey(p.token), undefined);
        const [registered] = await register(p);
        assert.strictEqual(registered.text, await sdkText(p.provider));
        assert.deepStrictEqual(fs.readdirSync(cache.dir()).length, 1);
    });

    it("serializes every time where another compiler loads the TypeScript (ts-node)", async () => {
        const p = newProvider();
        writeProviderText(providerCacheKey(p.token)!, "the stored text");
        cache.useOtherCompiler();
        const [registered] = await register(p);
        assert.strictEqual(registered.text, await sdkText(p.provider));
    });

    it("serializes a second provider of one type itself, not served the first one's entry", async () => {
        const first = newProvider("first");
        const second = { ...first, provider: newProvider("second").provider };
        const [a] = await register(first);
        const [b] = await register(second);
        assert.strictEqual(a.text, await sdkText(first.provider));
        assert.strictEqual(b.text, await sdkText(second.provider));
        assert.notStrictEqual(a.text, b.text);
    });

    it("stores nothing when a module was loaded while it serialized (the key no longer holds)", async () => {
        const p = newProvider();
        const key = providerCacheKey(p.token)!;
        const module = path.join(__dirname, `loadedMeanwhile.${process.pid}.js`);
        fs.writeFileSync(module, "module.exports = 1;\n");
        try {
            const engine = new OfflineEngine();
            await engine.install("iot-defender", "dev", {});
            new DynamicResource(p.provider, "meanwhile", {}, {}, "spec", p.type);
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require(module);
            await engine.settle();
            assert.strictEqual(
                engine.byName("meanwhile").inputs.__provider,
                await sdkText(p.provider),
            );
            assert.strictEqual(readProviderText(key), undefined);
        } finally {
            delete require.cache[module];
            fs.rmSync(module, { force: true });
        }
    });

    it("keeps its entries where IOT_DEFENDER_PROVIDER_CACHE says, else beside the loader's cache", () => {
        assert.strictEqual(providerCacheDir(), cache.dir());
        delete process.env[SWITCH];
        assert.strictEqual(
            providerCacheDir(),
            path.join(
                __dirname,
                "..",
                "..",
                "..",
                "node_modules",
                ".cache",
                "iot-defender",
                "providers",
            ),
        );
    });
});
