/**
 * The provider cache (loader/providerCache.js): a key that holds everything a provider's serialized
 * text may depend on, and entries that are used only when whole and their own.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { moduleFolders, requireApart } from "../../loader/codeIdentity";
import {
    providerCacheKey,
    providerKeyParts,
    readProviderText,
    SWITCH,
    writeProviderText,
} from "../../loader/providerCache";
import { compiler } from "../../loader/typescript";
import { cacheHooks } from "./cacheHooks";

const ROOT = path.join(__dirname, "..", "..");
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const KEY = "a".repeat(64);

/** The key a fresh process through the loader computes after requiring `module`. */
function keyInProcess(module: string): string {
    const script = `require(${JSON.stringify(module)});
        process.stdout.write(require("./loader/providerCache").providerCacheKey("t"));`;
    return execFileSync(process.execPath, ["-r", "./loader/register.js", "-e", script], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, [SWITCH]: os.tmpdir() },
    });
}

describe("provider cache (loader/providerCache.js)", () => {
    const cache = cacheHooks(SWITCH);

    describe("key", () => {
        it("holds the identity, the SDK, Node, the installed packages, the compiler, the folders and every loaded project module", () => {
            const parts = providerKeyParts("pulumi-nodejs:dynamic/iot:Dimension")!;
            const sdk = path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json");
            const lock = path.join(ROOT, "node_modules", ".package-lock.json");
            assert.strictEqual(parts.identity, "pulumi-nodejs:dynamic/iot:Dimension");
            assert.strictEqual(parts.sdk, JSON.parse(fs.readFileSync(sdk, "utf8")).version);
            assert.strictEqual(parts.packages, sha256(fs.readFileSync(lock)));
            assert.strictEqual(parts.node, process.version);
            assert.strictEqual(parts.platform, `${process.platform} ${process.arch}`);
            assert.strictEqual(parts.compiler, compiler().join("\0"));
            assert.strictEqual(parts.root, ROOT);
            assert.strictEqual(parts.cwd, process.cwd());
            const loaded = Object.keys(require.cache).filter(
                f =>
                    f.startsWith(ROOT + path.sep) &&
                    !f.includes(`${path.sep}node_modules${path.sep}`),
            );
            const expected = loaded
                .map(f => `${path.relative(ROOT, f)} ${sha256(fs.readFileSync(f))}`)
                .sort();
            assert.ok(expected.some(line => line.startsWith("test/loader/providerCache.spec.ts ")));
            assert.deepStrictEqual(parts.modules.split("\n"), expected);
        });

        it("changes with the identity and with each project module loaded", () => {
            const before = providerCacheKey("t");
            assert.notStrictEqual(providerCacheKey("u"), before);
            const module = path.join(__dirname, `loaded.${process.pid}.js`);
            fs.writeFileSync(module, "module.exports = 1;\n");
            try {
                require(module); // eslint-disable-line @typescript-eslint/no-require-imports
                assert.notStrictEqual(providerCacheKey("t"), before);
            } finally {
                delete require.cache[module];
                fs.rmSync(module, { force: true });
            }
            assert.strictEqual(providerCacheKey("t"), before);
        });

        it("holds the entry names of those modules' folders", () => {
            const parts = providerKeyParts("t")!;
            assert.strictEqual(parts.folders, moduleFolders(parts.modules));
            assert.ok(parts.folders.split("\n").some(l => l.startsWith("test/loader ")));
        });

        it("leaves out what only the settings' validation loaded, but not what another module imports", () => {
            const dir = path.join(__dirname, `validation.${process.pid}`);
            const file = (name: string, text: string) => {
                fs.writeFileSync(path.join(dir, name), text);
                return path.join(dir, name);
            };
            fs.mkdirSync(dir);
            try {
                const requirer = file(
                    "requirer.js",
                    'module.exports = () => require("./entry.js");\n',
                );
                file("entry.js", 'require("./shared.js"); require("./only.js");\n');
                file("shared.js", "module.exports = 1;\n");
                file("only.js", "module.exports = 2;\n");
                const other = file("other.js", 'require("./shared.js");\n');
                /* eslint-disable @typescript-eslint/no-require-imports */
                const validate = require(requirer) as () => void;
                requireApart(requirer, validate);
                const listed = () =>
                    providerKeyParts("t")!
                        .modules.split("\n")
                        .map(l => path.basename(l.split(" ")[0]))
                        .filter(n => /^(requirer|entry|shared|only|other)\.js$/.test(n))
                        .sort();
                assert.deepStrictEqual(listed(), ["requirer.js"]);
                require(other);
                /* eslint-enable @typescript-eslint/no-require-imports */
                assert.deepStrictEqual(listed(), ["other.js", "requirer.js", "shared.js"]);
            } finally {
                for (const f of Object.keys(require.cache))
                    if (f.startsWith(dir + path.sep)) delete require.cache[f];
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("changes with a loaded project module's contents (fresh processes)", function () {
            this.timeout(60_000);
            const module = path.join(__dirname, `edited.${process.pid}.js`);
            try {
                fs.writeFileSync(module, "module.exports = 1;\n");
                const first = keyInProcess(module);
                assert.match(first, /^[0-9a-f]{64}$/);
                assert.strictEqual(keyInProcess(module), first);
                fs.writeFileSync(module, "module.exports = 2;\n");
                assert.notStrictEqual(keyInProcess(module), first);
            } finally {
                fs.rmSync(module, { force: true });
            }
        });

        it(`is absent with ${SWITCH}=off, and where another compiler loads the TypeScript`, () => {
            assert.ok(providerCacheKey("t"));
            process.env[SWITCH] = "off";
            assert.strictEqual(providerCacheKey("t"), undefined);
            assert.strictEqual(readProviderText(KEY), undefined);
            assert.strictEqual(writeProviderText(KEY, "text"), false);
            process.env[SWITCH] = cache.dir();
            cache.useOtherCompiler();
            assert.strictEqual(providerCacheKey("t"), undefined);
        });
    });

    describe("entries", () => {
        const file = () => path.join(cache.dir(), `${KEY}.json`);
        const stored = () => JSON.parse(fs.readFileSync(file(), "utf8"));
        const rewrite = (edit: (entry: Record<string, unknown>) => void) => {
            const entry = stored();
            edit(entry);
            fs.writeFileSync(file(), JSON.stringify(entry));
        };

        it("reads back what was written, renamed into place (no temporary file left)", () => {
            assert.strictEqual(writeProviderText(KEY, "exports.handler = 1;"), true);
            assert.strictEqual(readProviderText(KEY), "exports.handler = 1;");
            assert.deepStrictEqual(fs.readdirSync(cache.dir()), [`${KEY}.json`]);
        });

        it("ignores an entry cut short", () => {
            writeProviderText(KEY, "exports.handler = 1;");
            fs.writeFileSync(file(), fs.readFileSync(file(), "utf8").slice(0, 40));
            assert.strictEqual(readProviderText(KEY), undefined);
        });

        it("ignores an entry whose text does not match its checksum", () => {
            writeProviderText(KEY, "exports.handler = 1;");
            rewrite(entry => (entry.text = "exports.handler = 2;"));
            assert.strictEqual(readProviderText(KEY), undefined);
        });

        it("ignores an entry stored under another key, or in another format", () => {
            const other = "b".repeat(64);
            writeProviderText(other, "exports.handler = 1;");
            fs.copyFileSync(path.join(cache.dir(), `${other}.json`), file());
            assert.strictEqual(readProviderText(KEY), undefined);
            writeProviderText(KEY, "exports.handler = 1;");
            rewrite(entry => (entry.format = "another cache 1"));
            assert.strictEqual(readProviderText(KEY), undefined);
        });

        it("keeps nothing, and throws nothing, where the folder cannot be written", () => {
            const blocked = path.join(cache.dir(), "a-file");
            fs.writeFileSync(blocked, "");
            assert.strictEqual(writeProviderText(KEY, "text", path.join(blocked, "sub")), false);
            assert.strictEqual(readProviderText(KEY, path.join(blocked, "sub")), undefined);
            assert.deepStrictEqual(fs.readdirSync(cache.dir()), ["a-file"]);
        });
    });
});
