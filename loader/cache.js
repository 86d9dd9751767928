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

const privateMade = new Set();
/**
 * A default folder, made private once per process if it is the user's own: an older version, or a
 * loose umask, may have made it writable by the group; whoever can write there can write
 * node_modules too, so what it holds keeps node_modules' trust.
 */
function madePrivate(dir) {
    if (privateMade.has(dir) || typeof process.getuid !== "function") return dir;
    privateMade.add(dir);
    try {
        const stat = fs.statSync(dir);
        if (stat.uid === process.getuid() && (stat.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
    } catch {
        // Not there yet: the first write makes it private.
    }
    return dir;
}

/** The version of an installed package, read without loading it: a part of the keys of what it makes. */
function versionOf(name) {
    let dir = path.dirname(require.resolve(name));
    while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
    return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
}

/** The hash naming an entry: every part its text depends on, in order. */
function cacheKey(parts) {
    const hash = crypto.createHash("sha256");
    for (const part of parts) hash.update(String(part)).update("\0");
    return hash.digest("hex");
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
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, text);
        fs.renameSync(temporary, file);
    } catch {
        // A read-only install: the work is done, just not kept.
    }
    return text;
}

module.exports = { CACHE_DIR, cacheKey, cachedText, switchedCacheDir, versionOf };
