/** Types of `loader/cache.js` (plain JavaScript: it runs before any TypeScript loader exists). */

/** The cache's home: node_modules/.cache/iot-defender. */
export declare const CACHE_DIR: string;

/** The hash naming an entry: every part its text depends on, in order. */
export declare function cacheKey(parts: readonly unknown[]): string;

/** The text cached in `bucket` for `parts`, computed by `compute()` and stored when absent. */
export declare function cachedText(
    bucket: string,
    parts: readonly unknown[],
    compute: () => string,
): string;

/** The version of an installed package, read without loading it. */
export declare function versionOf(name: string): string;

/**
 * The folder of a cache with an environment switch `name`: `off` turns the cache off (undefined),
 * any other value is the folder to use instead of `bucket` under CACHE_DIR.
 */
export declare function switchedCacheDir(name: string, bucket: string): string | undefined;

/** SHA-256 of a text or buffer, in hex. */
export declare function sha256(data: string | Buffer): string;

/** Whether `dir` is the user's own and no one else may write to it (true where modes do not exist). */
export declare function privateFolder(dir: string): boolean;

/** Writes `text` to `file` through a temporary file renamed into place; true if written. */
export declare function writeAtomically(file: string, text: string): boolean;
