/** Types of `loader/codeIdentity.js` (plain JavaScript, beside the loader). */

/** Records the hash of a file's contents read elsewhere, so that they need not be read again. */
export declare function noteContentHash(file: string, contents: Buffer): void;

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

/**
 * `load()`, with the project modules it loads first set apart from the keys of what a process runs
 * (a start that finds what they compute in a cache never loads them); `requirer` is the caller.
 */
export declare function requireApart<T>(requirer: string, load: () => T): T;

/** The modules set apart that no other loaded module imports. */
export declare function modulesApart(): ReadonlySet<string>;
