/**
 * Cache entries that are used only when whole and their own: JSON holding the entry's format, its
 * key and a SHA-256 of its text, in a folder that is the user's own and writable by no one else.
 * One that does not parse, is of another format, names another key or fails its checksum reads as
 * absent (and is overwritten by the next write). Writes go to a
 * temporary file renamed into place, so concurrent processes never read half an entry. Used by the
 * provider cache (`loader/providerCache.js`) and the settings cache (`components/config/settingsCache.ts`).
 *
 * Plain JavaScript, beside the loader.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { privateFolder, sha256, writeAtomically } = require("./cache");

/** The file of `key`'s entry in `dir`. */
const entryFile = (dir, key) => path.join(dir, `${key}.json`);

/** The text stored in `dir` for `key` in `format`, or undefined when absent, unreadable, foreign or corrupt. */
function readEntry(dir, format, key) {
    if (!privateFolder(dir)) return undefined;
    try {
        const entry = JSON.parse(fs.readFileSync(entryFile(dir, key), "utf8"));
        const valid =
            entry.format === format &&
            entry.key === key &&
            typeof entry.text === "string" &&
            entry.sha256 === sha256(entry.text);
        return valid ? entry.text : undefined;
    } catch {
        return undefined;
    }
}

/** Stores `text` in `dir` for `key` in `format` (true if stored); where `dir` cannot be written, nothing is kept. */
function writeEntry(dir, format, key, text) {
    try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
        return false;
    }
    if (!privateFolder(dir)) return false;
    const entry = JSON.stringify({ format, key, sha256: sha256(text), text });
    return writeAtomically(entryFile(dir, key), entry);
}

module.exports = { privateFolder, readEntry, writeEntry };
