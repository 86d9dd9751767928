/**
 * Mocha hooks for the specs of a cache with an environment switch (the provider cache's
 * IOT_DEFENDER_PROVIDER_CACHE, the settings cache's IOT_DEFENDER_SETTINGS_CACHE): each test gets its
 * own cache folder through the switch and runs with the project's loader registered as the `.ts`
 * compiler, since these caches are used only under it; both are put back after.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadTypeScript } from "../../loader/typescript";

export interface CacheHooks {
    /** The current test's cache folder. */
    dir(): string;
    /** The `.ts` compiler the specs run under (ts-node), registered again by `useOtherCompiler`. */
    useOtherCompiler(): void;
}

export function cacheHooks(name: string): CacheHooks {
    const otherCompiler = require.extensions[".ts"];
    let dir = "";
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cache-"));
        process.env[name] = dir;
        require.extensions[".ts"] = loadTypeScript;
    });
    afterEach(() => {
        require.extensions[".ts"] = otherCompiler;
        delete process.env[name];
        fs.rmSync(dir, { recursive: true, force: true });
    });
    return {
        dir: () => dir,
        useOtherCompiler: () => {
            require.extensions[".ts"] = otherCompiler;
        },
    };
}
