/**
 * Loading (config/load.ts): the running program's settings, validated or from the settings cache,
 * and never from it when the program was not told which config keys are secret.
 */
import * as assert from "assert";
import * as fs from "fs";
import { loadSettings } from "../../components/config/load";
import { parseSettings } from "../../components/config/parse";
import { secretKeysListed } from "../../components/config/secrets";
import { SETTINGS_CACHE_SWITCH } from "../../components/config/settingsCache";
import { readStackConfig } from "../../components/config/stackFile";
import { OfflineEngine } from "../../tools/offline/engine";
import { cacheHooks } from "../loader/cacheHooks";

/** The SDK's store, where the list of secret keys is kept (internal). */
function store(): Record<string, string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const state = require("@pulumi/pulumi/runtime/state") as {
        getStore(): { config: Record<string, string> };
    };
    return state.getStore().config;
}

describe("loading the program's settings (config/load.ts)", () => {
    const cache = cacheHooks(SETTINGS_CACHE_SWITCH);
    const file = readStackConfig("dev");
    const engine = new OfflineEngine();
    beforeEach(() => engine.install(file.project, "dev", { ...file.values }, file.secretKeys));
    afterEach(() => engine.release());
    const entries = () => fs.readdirSync(cache.dir()).filter(f => f.endsWith(".json"));

    it("gives the validated settings of the running stack, kept for the next start", () => {
        const expected = parseSettings(file.values, {
            project: file.project,
            stack: "dev",
            source: "stack dev (Pulumi.dev.yaml)",
        });
        assert.deepStrictEqual(loadSettings(), expected);
        assert.strictEqual(entries().length, 1);
        assert.deepStrictEqual(loadSettings(), expected);
    });

    it("neither reads nor keeps settings when the program was not told which keys are secret", () => {
        assert.strictEqual(secretKeysListed(), true, "the engine lists them (none)");
        store().PULUMI_CONFIG_SECRET_KEYS = "";
        assert.strictEqual(secretKeysListed(), false);
        assert.strictEqual(loadSettings().stack, "dev");
        assert.deepStrictEqual(entries(), []);
    });
});
