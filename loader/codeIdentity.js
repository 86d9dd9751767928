/**
 * What code a process runs, for the caches whose entries are a function of it (the serialized
 * providers', `loader/providerCache.js`; the validated settings', `components/config/settingsCache.ts`):
 * the contents of the project's modules it loaded, and npm's record of the installed packages.
 *
 * Plain JavaScript, beside the loader.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { sha256 } = require("./cache");

const ROOT = path.join(__dirname, "..");

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

/**
 * Records the hash of a file's contents read elsewhere (the loader reads every `.ts` module it
 * compiles), so that `projectModules()` and `modulesUnchanged()` need not read it again.
 */
function noteContentHash(file, contents) {
    // The latest read wins: a module required again after a change runs what was read last.
    contentHashes.set(file, sha256(contents));
}

/** Whether a loaded module is the project's own: under the root, outside node_modules. */
const isProjectModule = file =>
    file.startsWith(ROOT + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);

/** Modules required apart (`requireApart`), and the modules that required them. */
const apart = new Set();
const apartRequirers = new Set();

/**
 * `load()`, with the project modules it loads first set apart: a start that finds what they would
 * compute in a cache never loads them (the settings' validation, `components/config/load.ts`), so
 * a key of what a process runs (the providers', `loader/providerCache.js`) leaves them out, alike
 * for both starts. `requirer` is the module calling: its own require of them does not count.
 */
function requireApart(requirer, load) {
    const before = new Set(Object.keys(require.cache));
    const loaded = load();
    for (const file of Object.keys(require.cache)) if (!before.has(file)) apart.add(file);
    apartRequirers.add(requirer);
    return loaded;
}

/**
 * The modules set apart that no other loaded module imports (Node records each module a module
 * requires in its `children`, cached ones too): one that another module imports counts again.
 */
function modulesApart() {
    if (apart.size === 0) return apart;
    const aside = new Set(apart);
    for (const [file, loaded] of Object.entries(require.cache)) {
        if (apart.has(file) || apartRequirers.has(file) || !loaded) continue;
        // An entry a tool put there by hand may have no children.
        for (const child of loaded.children ?? []) aside.delete(child?.id);
    }
    return aside;
}

/**
 * "path sha256" for every project module in require.cache (path relative to the root), sorted,
 * one a line, but those in `except`; undefined if one cannot be read (its contents then cannot be
 * part of a key).
 */
function projectModules(except = new Set()) {
    const lines = [];
    for (const file of Object.keys(require.cache)) {
        if (!isProjectModule(file) || except.has(file)) continue;
        const hash = contentHash(file);
        if (hash === undefined) return undefined;
        lines.push(`${path.relative(ROOT, file)} ${hash}`);
    }
    return lines.sort().join("\n");
}

/** Listing hashes of folders, by folder: a running program's folders do not change either. */
const listingHashes = new Map();

/**
 * The SHA-256 of a folder's sorted entry names (a link's with its target), once per process;
 * undefined if unreadable.
 */
function listingHash(dir) {
    let hash = listingHashes.get(dir);
    if (hash === undefined) {
        try {
            // A link's target too: pointing it elsewhere changes what a require finds.
            const names = fs
                .readdirSync(dir, { withFileTypes: true })
                .map(e =>
                    e.isSymbolicLink()
                        ? `${e.name} -> ${fs.readlinkSync(path.join(dir, e.name))}`
                        : e.name,
                );
            hash = sha256(names.sort().join("\n"));
        } catch {
            return undefined;
        }
        listingHashes.set(dir, hash);
    }
    return hash;
}

/**
 * "folder sha256" (the folder's entry names) for every folder holding a module a
 * `projectModules()` text names, and the folder above each `index` module, sorted, one a line;
 * undefined if one cannot be read. A file added there could change what a `require` finds (a
 * `x.js` is found before `x.ts`, `x.ts` before `x/index.ts`) while no listed module changes.
 */
function moduleFolders(modules) {
    const folders = new Set();
    for (const line of modules.split("\n")) {
        if (!line) continue;
        const dir = path.dirname(line.slice(0, line.lastIndexOf(" ")));
        folders.add(dir);
        if (/^index\.[^/]+ /.test(path.basename(line))) folders.add(path.dirname(dir));
    }
    const lines = [];
    for (const dir of folders) {
        const hash = listingHash(path.resolve(ROOT, dir));
        if (hash === undefined) return undefined;
        lines.push(`${dir} ${hash}`);
    }
    return lines.sort().join("\n");
}

/**
 * Whether every "path sha256" line of `text` still holds for `hashOf(absolute path)`; false for
 * anything gone, unreadable, outside the project, or not such a text.
 */
function linesHold(text, hashOf) {
    if (typeof text !== "string") return false;
    for (const line of text.split("\n")) {
        const at = line.lastIndexOf(" ");
        if (at <= 0) return false;
        const file = path.resolve(ROOT, line.slice(0, at));
        const inside = file === ROOT || file.startsWith(ROOT + path.sep);
        if (!inside || hashOf(file) !== line.slice(at + 1)) return false;
    }
    return true;
}

/**
 * Whether every module a `projectModules()` text names still has the contents it had then (whether
 * loaded in this process or not); false for a module that is gone or unreadable.
 */
function modulesUnchanged(modules) {
    return linesHold(modules, file => (isProjectModule(file) ? contentHash(file) : undefined));
}

/** Whether every folder a `moduleFolders()` text names still holds the same entry names. */
function foldersUnchanged(folders) {
    return linesHold(folders, listingHash);
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

module.exports = {
    foldersUnchanged,
    installedPackages,
    moduleFolders,
    modulesApart,
    modulesUnchanged,
    noteContentHash,
    projectModules,
    requireApart,
};
