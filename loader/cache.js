/**
 * A content-addressed file cache under `node_modules/.cache/iot-defender/`, for work that a start
 * of the program would otherwise repeat: transpiling TypeScript (`loader/register.js`, the
 * responder Lambda's code in `components/lambdaCode.ts`), parsing the stack files' YAML
 * (`components/config/yamlText.ts`). An entry is found by a hash of everything
 * its text depends on, so a stale entry is never read: a change to any part makes a new key. Where
 * the folder cannot be written, the work is simply done each time.
 *
 * Plain JavaScript: it runs before any TypeScript loader exists.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

/** The cache's home: beside the installed packages it depends on, gone with them. */
const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "iot-defender");

/**
 * The folder of a cache with an environment switch: `off` turns the cache off (undefined), any
 * other value is the folder to use instead of `bucket` under CACHE_DIR.
 */
function switchedCacheDir(name, bucket) {
    const setting = process.env[name];
    if (setting === "off") return undefined;
    return setting ? path.resolve(setting) : madePrivate(path.join(CACHE_DIR, bucket));
}

/** The folder's stat if it is the user's own (any folder where modes do not exist: Windows). */
function ownStat(dir) {
    try {
        const stat = fs.statSync(dir);
        const own = typeof process.getuid !== "function" || stat.uid === process.getuid();
        return stat.isDirectory() && own ? stat : undefined;
    } catch {
        return undefined;
    }
}

const privateMade = new Set();
/**
 * A default folder, made private once per process if it is the user's own: an older version, or a
 * loose umask, may have made it writable by the group; whoever can write there can write
 * node_modules too, so what it holds keeps node_modules' trust.
 */
function madePrivate(dir) {
    if (privateMade.has(dir) || typeof process.getuid !== "function") return dir;
    privateMade.add(dir);
    const stat = ownStat(dir);
    if (stat && (stat.mode & 0o077) !== 0) {
        try {
            fs.chmodSync(dir, 0o700);
        } catch {
            // Left as it is: privateFolder refuses it.
        }
    }
    return dir;
}

/**
 * Whether `dir` is the user's own and no one else may write to it. Elsewhere (a shared folder a
 * switch names, say) another user could plant an entry, which would be believed. Where modes do
 * not exist (Windows), any folder.
 */
function privateFolder(dir) {
    if (typeof process.getuid !== "function") return true;
    if (!fs.existsSync(dir)) return false;
    const stat = ownStat(dir);
    const own = stat !== undefined && (stat.mode & 0o022) === 0;
    if (!own) warnOnce(dir);
    return own;
}

const warned = new Set();
/** One line per folder and process: a cache that is silently off would only look slow. */
function warnOnce(dir) {
    if (warned.has(dir)) return;
    warned.add(dir);
    process.emitWarning(
        `iot-defender: cache folder ${dir} is not used: another user owns it or may write to it (make it yours, mode 700)`,
    );
}

const versions = new Map();
/**
 * The version of an installed package, read without loading it, once per process: a part of the
 * keys of what it makes.
 */
function versionOf(name) {
    let version = versions.get(name);
    if (version === undefined) {
        let dir = path.dirname(require.resolve(name));
        while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
        version = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
        versions.set(name, version);
    }
    return version;
}

/** SHA-256 of a text or buffer, in hex. */
const sha256 = data => crypto.createHash("sha256").update(data).digest("hex");

/** The hash naming an entry: every part its text depends on, in order. */
function cacheKey(parts) {
    const hash = crypto.createHash("sha256");
    for (const part of parts) hash.update(String(part)).update("\0");
    return hash.digest("hex");
}

/**
 * Writes `text` to `file` through a temporary file renamed into place, so concurrent processes
 * never read half of it; true if written. The temporary file is removed when the write fails.
 */
function writeAtomically(file, text) {
    const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
        fs.writeFileSync(temporary, text);
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

/**
 * The text cached in `bucket` for `parts`, computed by `compute()` and stored when absent. The
 * write goes to a temporary file renamed into place, so concurrent processes never read half an
 * entry.
 */
function cachedText(bucket, parts, compute) {
    const file = path.join(CACHE_DIR, bucket, `${cacheKey(parts)}.txt`);
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        // Absent (or unreadable): compute it below.
    }
    const text = compute();
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        writeAtomically(file, text);
    } catch {
        // A read-only install: the work is done, just not kept.
    }
    return text;
}

module.exports = {
    CACHE_DIR,
    cacheKey,
    cachedText,
    privateFolder,
    sha256,
    switchedCacheDir,
    versionOf,
    writeAtomically,
};
