/**
 * The settings cache (config/settingsCache.ts): the settings the validation gives, kept for the same
 * config and the same code, never for secrets, errors or what JSON cannot keep, and only until the
 * earliest audit suppression ends.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../components/config/configError";
import type { Settings, SettingsContext } from "../../components/config/load";
import { parseSettings } from "../../components/config/parse";
import {
    cachedSettings,
    SETTINGS_CACHE_SWITCH,
    settingsCacheKey,
    settingsCacheSlot,
    validUntil,
} from "../../components/config/settingsCache";
import { PROJECT_ROOT, readStackConfig } from "../../components/config/stackFile";
import { readEntry, writeEntry } from "../../loader/checkedEntry";
import { cacheHooks } from "../loader/cacheHooks";

const FORMAT = "iot-defender validated settings 3";
const DAY = 24 * 3600 * 1000;

/** A stack file's config and context, with `edit` applied to the values. */
function stack(name: string, edit?: (values: Record<string, string>) => void) {
    const file = readStackConfig(name);
    const config = { ...file.values };
    edit?.(config);
    const context: SettingsContext = {
        project: file.project,
        stack: name,
        source: `stack ${name} (Pulumi.${name}.yaml)`,
        secretKeys: file.secretKeys,
    };
    return { config, context };
}

/** `cachedSettings` with a validation that counts its runs. */
function counted(input: ReturnType<typeof stack>, now?: number) {
    let runs = 0;
    const settings = cachedSettings(
        input.config,
        input.context,
        () => {
            runs++;
            return parseSettings(input.config, input.context);
        },
        now,
    );
    return { settings, runs };
}

/** A prod config with an audit suppression ending at each of `dates`. */
function suppressedUntil(...dates: string[]) {
    return stack("prod", v => {
        const audit = JSON.parse(v["iot-defender:audit"]);
        audit.suppressions = [
            ...audit.suppressions,
            ...dates.map((date, i) => ({
                checkName: "DEVICE_CERTIFICATE_EXPIRING_CHECK",
                resourceIdentifier: { deviceCertificateId: String(i).repeat(64) },
                expirationDate: date,
            })),
        ];
        v["iot-defender:audit"] = JSON.stringify(audit);
    });
}

describe("settings cache (config/settingsCache.ts)", () => {
    const cache = cacheHooks(SETTINGS_CACHE_SWITCH);
    const entries = () => fs.readdirSync(cache.dir()).filter(f => f.endsWith(".json"));

    it("gives the validation's settings, validated once, then from the cache, for every stack file", () => {
        for (const name of ["dev", "prod", "multi"]) {
            const input = stack(name);
            const first = counted(input);
            const second = counted(input);
            assert.strictEqual(first.runs, 1, `${name}: validated on the first start`);
            assert.strictEqual(second.runs, 0, `${name}: read on the second`);
            assert.deepStrictEqual(second.settings, parseSettings(input.config, input.context));
        }
        assert.strictEqual(entries().length, 3);
    });

    it("validates again when any config value or the stack differs, keeping one entry per stack", () => {
        const input = stack("dev");
        counted(input);
        const edited = stack("dev", v => (v["iot-defender:owner"] = "someone-else"));
        const other = { ...input, context: { ...input.context, stack: "dev2" } };
        assert.strictEqual(counted(edited).runs, 1);
        assert.strictEqual(counted(edited).settings.owner, "someone-else");
        assert.strictEqual(entries().length, 1, "one entry for the stack: the edited config's");
        assert.strictEqual(counted(input).runs, 1, "the config before the edit, validated again");
        // Dev's config under another stack's name is validated, and refused, not read as dev's.
        assert.throws(() => counted(other), /must be the stack's name, "dev2"/);
    });

    it("keeps no config that does not validate: its errors come from the validation every time", () => {
        const bad = stack("dev", v => (v["iot-defender:alertng"] = "{}"));
        for (let i = 0; i < 2; i++) {
            assert.throws(
                () => counted(bad),
                (e: unknown) => e instanceof ConfigError && /iot-defender:alertng/.test(e.message),
            );
        }
        assert.deepStrictEqual(entries(), []);
    });

    it("neither keeps nor reads a config with secret values (the entry would hold them in the clear)", () => {
        const input = stack("dev");
        const secret = {
            ...input,
            context: { ...input.context, secretKeys: ["iot-defender:owner"] },
        };
        assert.strictEqual(settingsCacheKey(secret.config, secret.context), undefined);
        let runs = 0;
        for (let i = 0; i < 2; i++)
            cachedSettings(secret.config, secret.context, () => {
                runs++;
                return parseSettings(input.config, input.context);
            });
        assert.strictEqual(runs, 2);
        assert.deepStrictEqual(entries(), []);
    });

    it("holds an answer only until the earliest audit suppression ends; then the validation refuses it", () => {
        const ends = Date.now() + 10 * DAY;
        const later = new Date(ends + 5 * DAY).toISOString();
        const input = suppressedUntil(later, new Date(ends).toISOString(), later);
        const { settings } = counted(input);
        assert.strictEqual(validUntil(settings), ends);
        assert.strictEqual(counted(input, ends - 1).runs, 0, "read before the end");
        let runs = 0;
        assert.throws(
            () =>
                cachedSettings(
                    input.config,
                    input.context,
                    () => {
                        runs++;
                        throw new ConfigError(["expired"], "spec");
                    },
                    ends,
                ),
            /expired/,
        );
        assert.strictEqual(runs, 1, "validated again at the end");
        assert.strictEqual(validUntil(counted(stack("prod")).settings), null);
    });

    it("keeps no answer that has already ended by the time it would be stored", () => {
        const ends = Date.now() + DAY;
        const input = suppressedUntil(new Date(ends).toISOString());
        assert.strictEqual(counted(input, ends).runs, 1);
        assert.deepStrictEqual(entries(), []);
    });

    it("finds an entry by everything the answer depends on: each config value (a key left out too), the project, the stack, the source", () => {
        const input = stack("dev");
        const key = settingsCacheKey(input.config, input.context);
        const variants = [
            settingsCacheKey({ ...input.config, "aws:region": "eu-west-2" }, input.context),
            settingsCacheKey(
                Object.fromEntries(
                    Object.entries(input.config).filter(([k]) => !k.endsWith(":owner")),
                ),
                input.context,
            ),
            settingsCacheKey(input.config, { ...input.context, project: "other" }),
            settingsCacheKey(input.config, { ...input.context, stack: "other" }),
            settingsCacheKey(input.config, { ...input.context, source: "other" }),
        ];
        assert.ok(key);
        assert.strictEqual(new Set([key, ...variants]).size, 6);
        const reordered = Object.fromEntries(Object.entries(input.config).reverse());
        assert.strictEqual(settingsCacheKey(reordered, input.context), key, "not the keys' order");
    });

    it("reads nothing but its input in every module the validation loads, but the clock for an audit suppression's end", () => {
        // The project modules a fresh process loads for the validation (what parse.ts pulls in).
        const script = `require("./components/config/parse");
            process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
        const run = spawnSync(process.execPath, ["-r", "./loader/register.js", "-e", script], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
        });
        assert.strictEqual(run.status, 0, run.stderr);
        const loaded = (JSON.parse(run.stdout) as string[])
            .filter(f => !f.includes(`${path.sep}node_modules${path.sep}`))
            .filter(f => f.endsWith(".ts"))
            .map(f => path.relative(PROJECT_ROOT, f));
        assert.ok(loaded.includes("components/config/schema/suppressions.ts"));
        assert.ok(loaded.length > 30, `${loaded.length} modules`);
        const outside =
            /\bDate\b|performance\.now|process\.hrtime|process\.env|process\.cwd|\bIntl\b|toLocale|Math\.random|from "(node:)?(fs|os|child_process)"|require\("(node:)?(fs|os)"\)|@pulumi\/pulumi/;
        const readers = loaded.filter(f =>
            outside.test(fs.readFileSync(path.join(PROJECT_ROOT, f), "utf8")),
        );
        assert.deepStrictEqual(readers.sort(), [
            // The clock, for a suppression's end: the cache's validUntil.
            "components/config/schema/suppressions.ts",
            // The SDK's list of secret keys, for runtimeSecretKeys and secretKeysListed: load.ts
            // reads them and the list is part of the key (none may be secret); the validation does not.
            "components/config/secrets.ts",
        ]);
    });

    it("reads past a damaged entry, or one whose code or folders have changed since, and validates again", () => {
        const input = stack("dev");
        counted(input);
        const key = settingsCacheSlot(input.context);
        const file = path.join(cache.dir(), `${key}.json`);
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("eu-west-1", "eu-west-2"));
        assert.strictEqual(counted(input).runs, 1, "a damaged entry");
        /** Rewrites the kept entry with the first "path sha256" line of `field` changed. */
        const changeFirstLine = (field: "modules" | "folders") => {
            const entry = JSON.parse(readEntry(cache.dir(), FORMAT, key)!) as Record<
                string,
                string
            >;
            const [first, ...rest] = entry[field].split("\n");
            const changed = first.replace(/ [0-9a-f]{64}$/, ` ${"0".repeat(64)}`);
            const text = JSON.stringify({ ...entry, [field]: [changed, ...rest].join("\n") });
            writeEntry(cache.dir(), FORMAT, key, text);
        };
        changeFirstLine("modules");
        assert.strictEqual(counted(input).runs, 1, "a module changed since");
        assert.strictEqual(counted(input).runs, 0, "kept again");
        changeFirstLine("folders");
        assert.strictEqual(counted(input).runs, 1, "a file added beside a module since");
    });

    it("keeps no settings that JSON cannot keep exactly", () => {
        const input = stack("dev");
        const settings = parseSettings(input.config, input.context);
        const lossy: Settings = { ...settings, owner: undefined as unknown as string };
        for (let i = 0; i < 2; i++)
            assert.strictEqual(
                cachedSettings(input.config, input.context, () => lossy),
                lossy,
                "the validation's own object",
            );
        assert.deepStrictEqual(entries(), []);
    });

    it(`validates every time with ${SETTINGS_CACHE_SWITCH}=off, and under another TypeScript compiler`, () => {
        const input = stack("dev");
        process.env[SETTINGS_CACHE_SWITCH] = "off";
        assert.strictEqual(counted(input).runs, 1);
        assert.strictEqual(counted(input).runs, 1);
        process.env[SETTINGS_CACHE_SWITCH] = cache.dir();
        cache.useOtherCompiler();
        assert.strictEqual(counted(input).runs, 1);
        assert.strictEqual(counted(input).runs, 1);
        assert.deepStrictEqual(entries(), []);
    });

    it("lets a second start of the offline plan build dev without loading zod or the schemas", () => {
        const script = `require("./tools/offline/build").buildOffline("dev").then(() =>
            process.stdout.write(JSON.stringify(Object.keys(require.cache).filter(f =>
                /node_modules[\\\\/]zod[\\\\/]|components[\\\\/]config[\\\\/](schema|parse)/.test(f)).length)))`;
        const loaded = () => {
            const run = spawnSync(process.execPath, ["-r", "./loader/register.js", "-e", script], {
                cwd: PROJECT_ROOT,
                encoding: "utf8",
                env: { ...process.env, [SETTINGS_CACHE_SWITCH]: cache.dir() },
            });
            assert.strictEqual(run.status, 0, run.stderr);
            return Number(run.stdout);
        };
        assert.ok(loaded() > 0, "the first start validates");
        assert.strictEqual(loaded(), 0, "the second reads the settings");
    });
});
