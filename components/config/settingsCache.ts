/**
 * The validated settings of a stack, kept between program starts (issue 20): the validation loads
 * zod and builds its schemas, about a fifth of what a plan adds to the floor, and gives the same
 * answer for the same config and the same code.
 *
 * A stack has one entry (a changed config replaces it), which answers one key: a hash of the config
 * as the program receives it (every key and value, the project, the stack) with Node's version,
 * npm's record of the installed packages and the loader's compiler (its versions and
 * tsconfig.json). It holds the settings, the contents of every project
 * module loaded when they were validated (the validation's code among them) and the entry names of
 * their folders (a file added there could change what a require finds), and is used only while
 * all of those are unchanged, and only until the earliest audit suppression's `expirationDate`:
 * the validation reads the clock only to refuse a suppression that has passed
 * (schema/suppressions.ts). An installed package edited in place, with npm's record unchanged (a
 * linked package, a hand edit), is not seen: delete the folder, or switch the cache off.
 *
 * Never kept: a config with secret values (the entry would hold them in the clear), a config that
 * does not validate (its errors come from the validation every time), settings that JSON cannot
 * keep exactly. Used only where the project's loader compiles the TypeScript (the program, the npm
 * scripts), as the provider cache is: under mocha or Pulumi's runner with its own TypeScript
 * support, the validation runs every time. IOT_DEFENDER_SETTINGS_CACHE=off turns the cache off;
 * any other value is the folder to use instead of the default.
 */
import { isDeepStrictEqual } from "util";
import { cacheKey, switchedCacheDir } from "../../loader/cache";
import { readEntry, writeEntry } from "../../loader/checkedEntry";
import {
    foldersUnchanged,
    installedPackages,
    moduleFolders,
    modulesUnchanged,
    projectModules,
} from "../../loader/codeIdentity";
import { compiler, loadTypeScript } from "../../loader/typescript";
import type { Settings, SettingsContext } from "./load";

/** The environment variable that turns the cache off (`off`) or names its folder. */
export const SETTINGS_CACHE_SWITCH = "IOT_DEFENDER_SETTINGS_CACHE";
/** Bumped when an entry's layout or the key's parts change. */
const FORMAT = "iot-defender validated settings 3";

/** What an entry's text holds. */
interface Entry {
    /** `settingsCacheKey` of the config it answers: the slot holds one answer at a time. */
    readonly key: string;
    /** `projectModules()` when the settings were validated. */
    readonly modules: string;
    /** `moduleFolders(modules)`: a file added beside a module could change what a require finds. */
    readonly folders: string;
    /** Until when (ms since the epoch) the answer holds; null: for as long as the code and config. */
    readonly validUntil: number | null;
    readonly settings: Settings;
}

/** The key of the entry for this config; undefined where the cache is not used. */
export function settingsCacheKey(
    config: Readonly<Record<string, string>>,
    context: SettingsContext,
): string | undefined {
    if ((context.secretKeys?.length ?? 0) > 0) return undefined;
    if (require.extensions[".ts"] !== loadTypeScript) return undefined;
    const packages = installedPackages();
    if (!packages) return undefined;
    const values = Object.keys(config)
        .sort()
        .map(k => [k, config[k]]);
    return cacheKey([
        FORMAT,
        process.version,
        `${process.platform} ${process.arch}`,
        packages,
        ...compiler(),
        context.project,
        context.stack,
        context.source,
        JSON.stringify(values),
    ]);
}

/**
 * The file of a stack's entry: one per project and stack, so that a changed config replaces the
 * answer instead of adding one; the entry's key says which config it answers.
 */
export function settingsCacheSlot(context: SettingsContext): string {
    return cacheKey([FORMAT, "slot", context.project, context.stack]);
}

/**
 * The settings `validate` returns for `config`, from the cache when it holds them for this config
 * and this code; otherwise validated now (a ConfigError passes through) and kept.
 */
export function cachedSettings(
    config: Readonly<Record<string, string>>,
    context: SettingsContext,
    validate: () => Settings,
    now: number = Date.now(),
): Settings {
    const dir = switchedCacheDir(SETTINGS_CACHE_SWITCH, "settings");
    const key = dir === undefined ? undefined : settingsCacheKey(config, context);
    if (dir === undefined || key === undefined) return validate();
    const slot = settingsCacheSlot(context);
    const stored = storedSettings(dir, slot, key, now);
    if (stored !== undefined) return stored;
    const settings = validate();
    keep(dir, slot, key, settings, now);
    return settings;
}

/** The slot's settings, if whole, the answer to `key`, still current and valid at `now`. */
function storedSettings(dir: string, slot: string, key: string, now: number): Settings | undefined {
    const text = readEntry(dir, FORMAT, slot);
    if (text === undefined) return undefined;
    try {
        const entry = JSON.parse(text) as Partial<Entry>;
        if (entry.key !== key) return undefined;
        const current =
            entry.validUntil === null ||
            (typeof entry.validUntil === "number" && now < entry.validUntil);
        const shaped =
            typeof entry.settings === "object" &&
            entry.settings !== null &&
            Array.isArray(entry.settings.regions);
        const sameCode = modulesUnchanged(entry.modules) && foldersUnchanged(entry.folders);
        return current && shaped && sameCode ? entry.settings : undefined;
    } catch {
        return undefined;
    }
}

/** Stores the settings when JSON keeps them exactly and they hold past `now`. */
function keep(dir: string, slot: string, key: string, settings: Settings, now: number): void {
    const modules = projectModules();
    const folders = modules === undefined ? undefined : moduleFolders(modules);
    const until = validUntil(settings);
    if (modules === undefined || folders === undefined || (until !== null && until <= now)) return;
    const entry: Entry = { key, modules, folders, validUntil: until, settings };
    const text = JSON.stringify(entry);
    if (!isDeepStrictEqual((JSON.parse(text) as Entry).settings, settings)) return;
    writeEntry(dir, FORMAT, slot, text);
}

/** The earliest audit suppression's end in any region (ms since the epoch), or null for none. */
export function validUntil(settings: Settings): number | null {
    const ends = settings.regions
        .flatMap(r => r.audit?.suppressions ?? [])
        .flatMap(s => (s.expirationDate === undefined ? [] : [Date.parse(s.expirationDate)]));
    return ends.length > 0 ? Math.min(...ends) : null;
}
