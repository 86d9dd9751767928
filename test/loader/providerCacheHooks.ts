/**
 * Mocha hooks for the provider cache's specs: each test gets its own cache folder (through
 * IOT_DEFENDER_PROVIDER_CACHE) and runs with the project's loader registered as the `.ts` compiler,
 * since the cache is used only under it; both are put back after.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadTypeScript } from "../../loader/typescript";

export const SWITCH = "IOT_DEFENDER_PROVIDER_CACHE";

export interface ProviderCacheHooks {
    /** The current test's cache folder. */
    dir(): string;
    /** The `.ts` compiler the specs run under (ts-node), registered again by `useOtherCompiler`. */
    useOtherCompiler(): void;
}

export function providerCacheHooks(): ProviderCacheHooks {
    const otherCompiler = require.extensions[".ts"];
    let dir = "";
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "provider-cache-"));
        process.env[SWITCH] = dir;
        require.extensions[".ts"] = loadTypeScript;
    });
    afterEach(() => {
        require.extensions[".ts"] = otherCompiler;
        delete process.env[SWITCH];
        fs.rmSync(dir, { recursive: true, force: true });
    });
    return {
        dir: () => dir,
        useOtherCompiler: () => {
            require.extensions[".ts"] = otherCompiler;
        },
    };
}
