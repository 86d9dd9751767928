/**
 * A cache, between program starts, of the dynamic providers' serialized code (each dynamic
 * resource's `__provider` input, the Pulumi SDK's closure serialization: most of a start's time).
 * Used by `components/iot/dynamicResource.ts`, which serializes on a miss and stores the text.
 *
 * The SDK's text for a provider is a function of the code it captures and of the module names it
 * finds for captured objects. The key holds all of it, as a superset: the provider's identity, the
 * SDK's version, Node's version and platform, the working directory (module names are relative to
 * it), the installed packages (npm's record of node_modules), the compiler of the project's
 * TypeScript (the loader's: a function's text is its compiled JavaScript), the contents of every
 * project module loaded in the process (a closure can only capture what is loaded; but those
 * loaded only to validate the settings, see `excludeFromProviderKeys`) and the entry names of
 * their folders (a file added there could change what a require finds). A
 * process whose `.ts` files another compiler loaded (ts-node under mocha, Pulumi's runner with its
 * TypeScript support on) has no key: its providers are serialized every time.
 *
 * Entries are `loader/checkedEntry.js`'s: JSON holding the key and a SHA-256 of the text, in a
 * folder that is the user's own; one that does not parse, names another key or fails its checksum
 * is ignored (and overwritten by the next serialization).
 * Writes go to a temporary file renamed into place. IOT_DEFENDER_PROVIDER_CACHE=off turns the
 * cache off; any other value is the folder to use instead of the default.
 *
 * Plain JavaScript, beside the loader whose compiler it names.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { cacheKey, switchedCacheDir } = require("./cache");
const { readEntry, writeEntry } = require("./checkedEntry");
const { installedPackages, moduleFolders, projectModules } = require("./codeIdentity");
const { compiler, loadTypeScript } = require("./typescript");

const ROOT = path.join(__dirname, "..");
const SWITCH = "IOT_DEFENDER_PROVIDER_CACHE";
/** Bumped when an entry's layout or the key's parts change. */
const FORMAT = "iot-defender dynamic provider cache 1";

/** The folder holding the entries, or undefined when the cache is switched off. */
function providerCacheDir() {
    return switchedCacheDir(SWITCH, "providers");
}

/**
 * Modules loaded only to validate the stack's settings (`components/config/load.ts` names them):
 * a start that reads the settings from their cache never loads them, so the key leaves them out,
 * alike for both starts. No provider can capture them: the providers' layer may not import the
 * config layer (test/architecture.spec.ts), and they were first loaded after every provider's module.
 */
const validationModules = new Set();
/** The modules that required the validation (its entry is their child by that require alone). */
const validationRequirers = new Set();

/**
 * Leaves `files` out of every key computed from now on (see validationModules), unless a module
 * other than `requirer` (which loaded them, by requiring the validation) imports one.
 */
function excludeFromProviderKeys(files, requirer) {
    for (const file of files) validationModules.add(file);
    validationRequirers.add(requirer);
}

/**
 * The validation's modules that no other loaded module imports (Node records each module a module
 * requires in its `children`, cached ones too): one that another module imports stays in the key.
 */
function setAside() {
    if (validationModules.size === 0) return validationModules;
    const aside = new Set(validationModules);
    for (const [file, loaded] of Object.entries(require.cache)) {
        if (validationModules.has(file) || validationRequirers.has(file) || !loaded) continue;
        // An entry a tool put there by hand may have no children.
        for (const child of loaded.children ?? []) aside.delete(child?.id);
    }
    return aside;
}

let sdkVersion;
/** The installed `@pulumi/pulumi`'s version; null if unreadable. */
function installedSdk() {
    if (sdkVersion === undefined) {
        try {
            const sdk = require.resolve("@pulumi/pulumi/package.json");
            sdkVersion = JSON.parse(fs.readFileSync(sdk, "utf8")).version;
        } catch {
            sdkVersion = null;
        }
    }
    return sdkVersion;
}

/**
 * Everything a provider's serialized text may depend on, by name, in the process as it is now; or
 * undefined when this process must not use the cache (switched off, TypeScript compiled by
 * another loader, a part unreadable).
 */
function providerKeyParts(identity) {
    if (providerCacheDir() === undefined) return undefined;
    if (require.extensions[".ts"] !== loadTypeScript) return undefined;
    const sdk = installedSdk();
    const packages = installedPackages();
    const modules = projectModules(setAside());
    const folders = modules === undefined ? undefined : moduleFolders(modules);
    if (!sdk || !packages || folders === undefined) return undefined;
    return {
        format: FORMAT,
        identity,
        sdk,
        packages,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        root: ROOT,
        cwd: process.cwd(),
        compiler: compiler().join("\0"),
        modules,
        folders,
    };
}

/** The key of a provider's entry: a hash of its parts; undefined where the cache is not used. */
function providerCacheKey(identity) {
    const parts = providerKeyParts(identity);
    return parts && cacheKey(Object.entries(parts).flat());
}

/** The text stored for `key`, or undefined when absent, unreadable, foreign or corrupt. */
function readProviderText(key, dir = providerCacheDir()) {
    return dir === undefined ? undefined : readEntry(dir, FORMAT, key);
}

/** Stores `text` for `key`; where the folder cannot be written, nothing is kept. */
function writeProviderText(key, text, dir = providerCacheDir()) {
    return dir === undefined ? false : writeEntry(dir, FORMAT, key, text);
}

module.exports = {
    excludeFromProviderKeys,
    providerCacheDir,
    providerCacheKey,
    providerKeyParts,
    readProviderText,
    writeProviderText,
};
