/** Types of `loader/codeIdentity.js` (plain JavaScript, beside the loader). */

/** Records the hash of a file's contents read elsewhere, so that they need not be read again. */
export declare function noteContentHash(file: string, contents: Buffer): void;

/** SHA-256 of a text or buffer, in hex. */
export declare function sha256(data: string | Buffer): string;

/**
 * "path sha256" for every project module in require.cache (path relative to the root), sorted,
 * one a line, but those in `except`; undefined if one cannot be read.
 */
export declare function projectModules(except?: ReadonlySet<string>): string | undefined;

/** Whether every module a `projectModules()` text names still has the contents it had then. */
export declare function modulesUnchanged(modules: unknown): boolean;

/**
 * "folder sha256" (the folder's entry names) for every folder holding a module a
 * `projectModules()` text names, and the folder above each `index` module; undefined if one cannot
 * be read.
 */
export declare function moduleFolders(modules: string): string | undefined;

/** Whether every folder a `moduleFolders()` text names still holds the same entry names. */
export declare function foldersUnchanged(folders: unknown): boolean;

/** SHA-256 of `node_modules/.package-lock.json`, npm's record of what is installed; null if unreadable. */
export declare function installedPackages(): string | null;
