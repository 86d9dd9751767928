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
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { sha256 } = require("./codeIdentity");

/**
 * Whether `dir` is the user's own and no one else may write to it. Elsewhere (a shared folder the
 * switch names, say) another user could plant an entry, which would be believed: it is neither
 * read nor written. Where modes do not exist (Windows), any folder.
 */
function privateFolder(dir) {
    if (typeof process.getuid !== "function") return true;
    let stat;
    try {
        stat = fs.statSync(dir);
    } catch {
        return false;
    }
    const own = stat.isDirectory() && stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
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
    const file = entryFile(dir, key);
    const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (!privateFolder(dir)) return false;
        fs.writeFileSync(temporary, JSON.stringify({ format, key, sha256: sha256(text), text }));
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

module.exports = { privateFolder, readEntry, writeEntry };
