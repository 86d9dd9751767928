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
const { cachedText } = require("./cache");

const TSCONFIG = path.join(__dirname, "..", "tsconfig.json");

/** The version of an installed package, read without loading it. */
function versionOf(name) {
    let dir = path.dirname(require.resolve(name));
    while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
    return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
}

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
    service ??= require("ts-node").create({ transpileOnly: true, project: TSCONFIG });
    return service.compile(code, filename);
}

/** The JavaScript for one TypeScript file: ts-node's output, from the cache when it holds it. */
function transpiled(filename, code) {
    return cachedText("transpiled", [...compiler(), filename, code], () =>
        tsNodeOutput(filename, code),
    );
}

module.exports = { tsNodeOutput, transpiled };
