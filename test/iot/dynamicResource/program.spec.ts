/**
 * DynamicResource in the program as Pulumi runs it: fresh processes through the project's loader
 * (`process.ts`), building dev, prod and multi. What they register, the serialized providers
 * included, is what `pulumi.dynamic.Resource` registers, whether the cache is cold or warm (the
 * cold run validates the settings, the warm one reads them from their cache); and a provider's
 * serialized code does not depend on anything the program does at run time, so the text cached by
 * one run is the text any other run would serialize.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DYNAMIC_TYPES } from "../../../components/facts";
import type { BuildReport, ExportedProvider } from "./process";
import { STACKS } from "./process";

const ROOT = path.join(__dirname, "..", "..", "..");

/** The settings cache's folder for the cached runs ("off" for the SDK's). */
let settingsDir = "off";

/** Runs process.ts with the given arguments and the given provider cache folder (or "off"). */
function run<T>(cache: string, ...args: string[]): Promise<T> {
    return new Promise((resolve, reject) =>
        execFile(
            process.execPath,
            ["-r", "./loader/register.js", path.join(__dirname, "process.ts"), ...args],
            {
                cwd: ROOT,
                env: {
                    ...process.env,
                    IOT_DEFENDER_PROVIDER_CACHE: cache,
                    IOT_DEFENDER_SETTINGS_CACHE: cache === "off" ? "off" : settingsDir,
                },
                maxBuffer: 256 * 1024 * 1024,
            },
            (err, stdout, stderr) =>
                err ? reject(new Error(stderr)) : resolve(JSON.parse(stdout) as T),
        ),
    );
}

/** The `__provider` texts of every registration in a report. */
function registeredProviders(report: BuildReport): Map<string, Set<string>> {
    const byType = new Map<string, Set<string>>();
    for (const requests of Object.values(report.requests)) {
        for (const request of requests as {
            type: string;
            object: { fieldsMap: [string, { stringValue?: string }][] };
        }[]) {
            const provider = request.object.fieldsMap.find(([k]) => k === "__provider");
            if (!provider) continue;
            const texts = byType.get(request.type) ?? new Set<string>();
            texts.add(provider[1].stringValue ?? "");
            byType.set(request.type, texts);
        }
    }
    return byType;
}

describe("DynamicResource in the program as Pulumi runs it (fresh processes)", function () {
    this.timeout(600_000);
    let cacheDir: string;
    let sdk: BuildReport;
    let cold: BuildReport;
    let warm: BuildReport;
    let fresh: ExportedProvider[];

    before(async () => {
        cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "provider-cache-"));
        settingsDir = fs.mkdtempSync(path.join(os.tmpdir(), "settings-cache-"));
        [sdk, cold] = await Promise.all([
            run<BuildReport>("off", "build", "sdk"),
            run<BuildReport>(cacheDir, "build", "cached"),
        ]);
        warm = await run<BuildReport>(cacheDir, "build", "cached");
        fresh = await run<ExportedProvider[]>(
            "off",
            "fresh",
            ...cold.after.map(p => `${p.file}#${p.name}`),
        );
    });

    after(() => {
        fs.rmSync(cacheDir, { recursive: true, force: true });
        fs.rmSync(settingsDir, { recursive: true, force: true });
    });

    it(`registers in ${STACKS.join(", ")} (and the types they do not deploy) exactly what pulumi.dynamic.Resource registers (type, name, props with __provider, options), from a cold cache and a warm one`, () => {
        for (const stack of STACKS) assert.ok(sdk.requests[stack].length > 40, `all of ${stack}`);
        assert.deepStrictEqual(cold.requests, sdk.requests);
        assert.deepStrictEqual(warm.requests, sdk.requests);
    });

    it("serves every provider of a warm start from the cache: the SDK's serializer never runs", () => {
        const types = registeredProviders(sdk);
        assert.ok(sdk.serializations >= types.size);
        assert.strictEqual(cold.serializations, types.size, "a cold start serializes each once");
        assert.strictEqual(
            warm.serializations,
            0,
            "nor a warm one reading the settings from their cache",
        );
        assert.strictEqual(
            fs.readdirSync(settingsDir).length,
            STACKS.length,
            "the settings the cold start kept",
        );
        assert.strictEqual(fs.readdirSync(cacheDir).length, types.size, "one entry each");
    });

    it("is the base of every dynamic resource class (none extends pulumi.dynamic.Resource)", () => {
        const sources = (dir: string): string[] =>
            fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
                const full = path.join(dir, e.name);
                return e.isDirectory() ? sources(full) : e.name.endsWith(".ts") ? [full] : [];
            });
        const direct = sources(path.join(ROOT, "components")).filter(f =>
            /extends\s+pulumi\.dynamic\.Resource\b/.test(fs.readFileSync(f, "utf8")),
        );
        assert.deepStrictEqual(direct, []);
    });

    it("covers every dynamic resource type, each with one provider", () => {
        const types = registeredProviders(sdk);
        assert.deepStrictEqual([...types.keys()].sort(), Object.values(DYNAMIC_TYPES).sort());
        for (const [type, texts] of types) assert.strictEqual(texts.size, 1, type);
    });

    it("serializes each provider in a fresh process, before any stack is built, as after building them all (no run-time state captured)", () => {
        assert.deepStrictEqual(
            fresh.map(p => `${p.file}#${p.name}`),
            cold.after.map(p => `${p.file}#${p.name}`),
        );
        for (const [i, before] of fresh.entries()) {
            assert.ok(before.text.length > 1000, before.name);
            assert.strictEqual(before.text, cold.after[i].text, `${before.file}#${before.name}`);
        }
        const texts = new Set(cold.after.map(p => p.text));
        for (const [type, registered] of registeredProviders(sdk))
            for (const text of registered)
                assert.ok(texts.has(text), `${type} is an exported provider`);
    });
});
