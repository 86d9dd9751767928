/**
 * What code a process runs, for the caches whose entries are a function of it (the serialized
 * providers', `loader/providerCache.js`; the validated settings', `components/config/settingsCache.ts`):
 * the contents of the project's modules it loaded, and npm's record of the installed packages.
 *
 * Plain JavaScript, beside the loader.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");

const sha256 = data => crypto.createHash("sha256").update(data).digest("hex");

/** Content hashes of project modules, by file: a running program's sources do not change. */
const contentHashes = new Map();

/** The SHA-256 of a file's contents, once per process; undefined if it cannot be read. */
function contentHash(file) {
    let hash = contentHashes.get(file);
    if (hash === undefined) {
        try {
            hash = sha256(fs.readFileSync(file));
        } catch {
            return undefined;
        }
        contentHashes.set(file, hash);
    }
    return hash;
}

/** Whether a loaded module is the project's own: under the root, outside node_modules. */
const isProjectModule = file =>
    file.startsWith(ROOT + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);

/**
 * "path sha256" for every project module in require.cache (path relative to the root), sorted,
 * one a line; undefined if one cannot be read (its contents then cannot be part of a key).
 */
function projectModules() {
    const lines = [];
    for (const file of Object.keys(require.cache)) {
        if (!isProjectModule(file)) continue;
        const hash = contentHash(file);
        if (hash === undefined) return undefined;
        lines.push(`${path.relative(ROOT, file)} ${hash}`);
    }
    return lines.sort().join("\n");
}

/**
 * Whether every module a `projectModules()` text names still has the contents it had then (whether
 * loaded in this process or not); false for a module that is gone or unreadable.
 */
function modulesUnchanged(modules) {
    if (typeof modules !== "string") return false;
    for (const line of modules.split("\n")) {
        const at = line.lastIndexOf(" ");
        if (at <= 0) return false;
        const file = path.resolve(ROOT, line.slice(0, at));
        if (!isProjectModule(file) || contentHash(file) !== line.slice(at + 1)) return false;
    }
    return true;
}

let installed;
/** SHA-256 of `node_modules/.package-lock.json`, npm's record of what is installed; null if unreadable. */
function installedPackages() {
    if (installed === undefined) {
        try {
            installed = sha256(
                fs.readFileSync(path.join(ROOT, "node_modules", ".package-lock.json")),
            );
        } catch {
            installed = null;
        }
    }
    return installed;
}

module.exports = { installedPackages, modulesUnchanged, projectModules, sha256 };
