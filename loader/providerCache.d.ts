/** Types of `loader/providerCache.js` (plain JavaScript, beside the loader whose compiler it names). */

/** The environment variable that turns the cache off (`off`) or names its folder. */
export declare const SWITCH: string;

/** The folder holding the entries, or undefined when the cache is switched off. */
export declare function providerCacheDir(): string | undefined;

/** What a provider's key is a hash of (see providerCache.js). */
export interface ProviderKeyParts {
    readonly format: string;
    readonly identity: string;
    /** The installed `@pulumi/pulumi`'s version. */
    readonly sdk: string;
    /** SHA-256 of `node_modules/.package-lock.json`, npm's record of what is installed. */
    readonly packages: string;
    readonly node: string;
    readonly platform: string;
    readonly root: string;
    readonly cwd: string;
    /** The loader's compiler parts (loader/typescript.js), joined. */
    readonly compiler: string;
    /** "path sha256" of every project module in require.cache (but those loaded only to validate the settings), sorted, one a line. */
    readonly modules: string;
    /** "folder sha256" of the folders holding those modules (codeIdentity's moduleFolders). */
    readonly folders: string;
}

/** Everything a provider's text may depend on; undefined where the cache is not used. */
export declare function providerKeyParts(identity: string): ProviderKeyParts | undefined;

/**
 * The key of a provider's entry in the process as it is now, or undefined when this process must
 * not use the cache (switched off, TypeScript compiled by another loader, a part unreadable).
 */
export declare function providerCacheKey(identity: string): string | undefined;

/** The text stored for `key`, or undefined when absent, unreadable, foreign or corrupt. */
export declare function readProviderText(key: string, dir?: string): string | undefined;

/** Stores `text` for `key` (true if stored); where the folder cannot be written, nothing is kept. */
export declare function writeProviderText(key: string, text: string, dir?: string): boolean;
