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
 * loaded only to validate the settings: codeIdentity's `requireApart`) and the entry names of
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
const { cacheKey, switchedCacheDir, versionOf } = require("./cache");
const { readEntry, writeEntry } = require("./checkedEntry");
const {
    installedPackages,
    moduleFolders,
    modulesApart,
    projectModules,
} = require("./codeIdentity");
const { compiler, loadTypeScript } = require("./typescript");

const ROOT = path.join(__dirname, "..");
const SWITCH = "IOT_DEFENDER_PROVIDER_CACHE";
/** Bumped when an entry's layout or the key's parts change. */
const FORMAT = "iot-defender dynamic provider cache 1";

/** The folder holding the entries, or undefined when the cache is switched off. */
function providerCacheDir() {
    return switchedCacheDir(SWITCH, "providers");
}

/** The installed `@pulumi/pulumi`'s version; null if unreadable. */
function installedSdk() {
    try {
        return versionOf("@pulumi/pulumi");
    } catch {
        return null;
    }
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
    const modules = projectModules(modulesApart());
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
    SWITCH,
    providerCacheDir,
    providerCacheKey,
    providerKeyParts,
    readProviderText,
    writeProviderText,
};
