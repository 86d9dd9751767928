/**
 * A cache, between program starts, of the dynamic providers' serialized code (each dynamic
 * resource's `__provider` input, the Pulumi SDK's closure serialization: most of a start's time).
 * Used by `components/iot/dynamicResource.ts`, which serializes on a miss and stores the text.
 *
 * The SDK's text for a provider is a function of the code it captures and of the module names it
 * finds for captured objects. The key holds all of it, as a superset: the provider's identity, the
 * SDK's version, Node's version and platform, the working directory (module names are relative to
 * it), the installed packages (npm's record of node_modules), the compiler of the project's
 * TypeScript (the loader's: a function's text is its compiled JavaScript) and the contents of
 * every project module loaded in the process (a closure can only capture what is loaded). A
 * process whose `.ts` files another compiler loaded (ts-node under mocha, Pulumi's runner with its
 * TypeScript support on) has no key: its providers are serialized every time.
 *
 * Entries are JSON holding the key and a SHA-256 of the text; one that does not parse, names
 * another key or fails its checksum is ignored (and overwritten by the next serialization).
 * Writes go to a temporary file renamed into place. IOT_DEFENDER_PROVIDER_CACHE=off turns the
 * cache off; any other value is the folder to use instead of the default.
 *
 * Plain JavaScript, beside the loader whose compiler it names.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { CACHE_DIR, cacheKey } = require("./cache");
const { compiler, loadTypeScript } = require("./typescript");

const ROOT = path.join(__dirname, "..");
const SWITCH = "IOT_DEFENDER_PROVIDER_CACHE";
/** Bumped when an entry's layout or the key's parts change. */
const FORMAT = "iot-defender dynamic provider cache 1";

/** The folder holding the entries, or undefined when the cache is switched off. */
function providerCacheDir() {
    const setting = process.env[SWITCH];
    if (setting === "off") return undefined;
    return setting ? path.resolve(setting) : path.join(CACHE_DIR, "providers");
}

const sha256 = text => crypto.createHash("sha256").update(text).digest("hex");

/** Content hashes of project modules, by file: a running program's sources do not change. */
const contentHashes = new Map();

/**
 * "file hash" for every project module in require.cache (outside node_modules), sorted; undefined
 * if one cannot be read (its contents then cannot be part of the key).
 */
function projectModules() {
    const lines = [];
    for (const file of Object.keys(require.cache)) {
        if (
            !file.startsWith(ROOT + path.sep) ||
            file.includes(`${path.sep}node_modules${path.sep}`)
        )
            continue;
        let hash = contentHashes.get(file);
        if (hash === undefined) {
            try {
                hash = sha256(fs.readFileSync(file));
            } catch {
                return undefined;
            }
            contentHashes.set(file, hash);
        }
        lines.push(`${path.relative(ROOT, file)} ${hash}`);
    }
    return lines.sort().join("\n");
}

let installed;
/** The installed SDK's version and a hash of npm's record of node_modules; null if unreadable. */
function installedParts() {
    if (installed === undefined) {
        try {
            const sdk = require.resolve("@pulumi/pulumi/package.json");
            installed = {
                sdk: JSON.parse(fs.readFileSync(sdk, "utf8")).version,
                packages: sha256(
                    fs.readFileSync(path.join(ROOT, "node_modules", ".package-lock.json")),
                ),
            };
        } catch {
            installed = null;
        }
    }
    return installed;
}

/**
 * Everything a provider's serialized text may depend on, by name, in the process as it is now; or
 * undefined when this process must not use the cache (switched off, TypeScript compiled by
 * another loader, a part unreadable).
 */
function providerKeyParts(identity) {
    if (providerCacheDir() === undefined) return undefined;
    if (require.extensions[".ts"] !== loadTypeScript) return undefined;
    const packages = installedParts();
    const modules = projectModules();
    if (!packages || modules === undefined) return undefined;
    return {
        format: FORMAT,
        identity,
        ...packages,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        root: ROOT,
        cwd: process.cwd(),
        compiler: compiler().join("\0"),
        modules,
    };
}

/** The key of a provider's entry: a hash of its parts; undefined where the cache is not used. */
function providerCacheKey(identity) {
    const parts = providerKeyParts(identity);
    return parts && cacheKey(Object.entries(parts).flat());
}

const entryFile = (dir, key) => path.join(dir, `${key}.json`);

/** The text stored for `key`, or undefined when absent, unreadable, foreign or corrupt. */
function readProviderText(key, dir = providerCacheDir()) {
    if (dir === undefined) return undefined;
    try {
        const entry = JSON.parse(fs.readFileSync(entryFile(dir, key), "utf8"));
        const valid =
            entry.format === FORMAT &&
            entry.key === key &&
            typeof entry.text === "string" &&
            entry.sha256 === sha256(entry.text);
        return valid ? entry.text : undefined;
    } catch {
        return undefined;
    }
}

/** Stores `text` for `key`; where the folder cannot be written, nothing is kept. */
function writeProviderText(key, text, dir = providerCacheDir()) {
    if (dir === undefined) return false;
    const file = entryFile(dir, key);
    const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(
            temporary,
            JSON.stringify({ format: FORMAT, key, sha256: sha256(text), text }),
        );
        fs.renameSync(temporary, file);
        return true;
    } catch {
        try {
            fs.rmSync(temporary, { force: true });
        } catch {
            // No folder, no temporary file.
        }
        return false;
    }
}

module.exports = {
    providerCacheDir,
    providerCacheKey,
    providerKeyParts,
    readProviderText,
    writeProviderText,
};
