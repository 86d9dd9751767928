/**
 * The project's TypeScript as `ts-node --transpile-only` compiles it, from a cache: each file's
 * JavaScript is ts-node's own output for it (same compiler, same tsconfig.json), kept under a hash
 * of the source, its path, tsconfig.json and the ts-node and TypeScript versions. Only a file not
 * seen before loads ts-node and TypeScript (about a third of a plan's time). Nothing is
 * type-checked here: `npm test` does that (`npm run typecheck`).
 *
 * Plain JavaScript: it runs before any TypeScript loader exists.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { cachedText, versionOf } = require("./cache");
const { noteContentHash } = require("./codeIdentity");

const TSCONFIG = path.join(__dirname, "..", "tsconfig.json");

let compilerParts;
/** What every file's output depends on besides its own source and path. */
function compiler() {
    compilerParts ??= [
        "ts-node transpile-only",
        versionOf("ts-node"),
        versionOf("typescript"),
        fs.readFileSync(TSCONFIG, "utf8"),
    ];
    return compilerParts;
}

let service;
/** ts-node's transpile-only output for one file, with its inline source map; no cache. */
function tsNodeOutput(filename, code) {
    service ??= tsNodeService();
    return service.compile(code, filename);
}

/**
 * ts-node's compiler, without the source map support it installs for stack traces: that would map
 * only the files compiled in this process, so the stack traces the SDK registers with each resource
 * would depend on which files missed the cache (DEBUG maps them all, see register.js).
 */
function tsNodeService() {
    const prepareStackTrace = Error.prepareStackTrace;
    const created = require("ts-node").create({ transpileOnly: true, project: TSCONFIG });
    Error.prepareStackTrace = prepareStackTrace;
    return created;
}

/** The JavaScript for one TypeScript file: ts-node's output, from the cache when it holds it. */
function transpiled(filename, code) {
    return cachedText("transpiled", [...compiler(), filename, code], () =>
        tsNodeOutput(filename, code),
    );
}

/**
 * The handler `loader/register.js` installs for `.ts` files: what it runs is `transpiled`. The
 * provider cache (`loader/providerCache.js`) recognizes the process's compiler by it.
 */
function loadTypeScript(module, filename) {
    const source = fs.readFileSync(filename);
    // The caches keyed by the loaded modules' contents (codeIdentity.js) reuse this read.
    noteContentHash(filename, source);
    module._compile(transpiled(filename, source.toString("utf8")), filename);
}

module.exports = { compiler, loadTypeScript, tsNodeOutput, transpiled };
