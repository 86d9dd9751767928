/**
 * Registers the project's TypeScript loader: `require` of a `.ts` file runs ts-node's
 * transpile-only output for it, from the cache (`loader/typescript.js`), so a start loads neither
 * ts-node nor TypeScript unless a file changed. Also enables Node's compile cache (V8 code of
 * every module loaded after it, the packages' too). Under DEBUG, stack traces are mapped back to
 * the TypeScript lines (inline source maps; off otherwise, as every stack trace costs more).
 *
 * Used by the npm scripts (`node -r ./loader/register.js …`) and by `main.js`, the entry point
 * Pulumi runs. Registering twice changes nothing.
 */
"use strict";
const Module = require("module");
const path = require("path");
const { CACHE_DIR } = require("./cache");
const { loadTypeScript } = require("./typescript");

if (!require.extensions[".ts"]) {
    Module.enableCompileCache?.(path.join(CACHE_DIR, "v8"));
    if (process.env.DEBUG) process.setSourceMapsEnabled(true);
    require.extensions[".ts"] = loadTypeScript;
}
