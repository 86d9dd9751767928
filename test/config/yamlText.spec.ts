import * as assert from "assert";
import { spawnSync } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../components/config/stackFile";
import { parseYamlText } from "../../components/config/yamlText";
import { CACHE_DIR, cacheKey, versionOf } from "../../loader/cache";

/** Text no earlier run has cached: a fresh comment changes the key. */
const fresh = (text: string) => `# ${randomUUID()}\n${text}`;

describe("YAML text parsed once per content (yamlText.ts)", () => {
    it("gives the parser's own value for every project and stack file, parsed and from the cache", () => {
        const files = fs.readdirSync(PROJECT_ROOT).filter(f => /^Pulumi(\..+)?\.yaml$/.test(f));
        assert.ok(files.length >= 4, "Pulumi.yaml and the stack files");
        for (const file of files) {
            const text = fresh(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8"));
            const expected: unknown = parse(text);
            assert.deepStrictEqual(parseYamlText(text), expected, `${file}, parsed`);
            assert.deepStrictEqual(parseYamlText(text), expected, `${file}, from the cache`);
        }
    });

    it("a value JSON cannot keep comes back as the parser gives it, every time", () => {
        const text = fresh("big: .inf\nodd: .nan\nlist: [1, -.inf]\n");
        for (let i = 0; i < 2; i++) {
            const value = parseYamlText(text) as { big: number; odd: number; list: number[] };
            assert.strictEqual(value.big, Infinity);
            assert.ok(Number.isNaN(value.odd));
            assert.deepStrictEqual(value.list, [1, -Infinity]);
        }
    });

    it("text the parser warns about, or whose value holds itself, is parsed every time", () => {
        const warned: string[] = [];
        const emit = process.emitWarning;
        process.emitWarning = ((warning: string | Error) =>
            void warned.push(String(warning))) as typeof process.emitWarning;
        const tagged = fresh("u: !unknown-tag bar\n");
        const rounds: number[] = [];
        try {
            for (let i = 0; i < 2; i++) {
                const before = warned.length;
                assert.deepStrictEqual(parseYamlText(tagged), { u: "bar" });
                rounds.push(warned.length - before);
            }
        } finally {
            process.emitWarning = emit;
        }
        assert.ok(
            rounds.every(n => n > 0),
            `the parser warned in each round: ${rounds.join(", ")}`,
        );
        const circular = fresh("a: &x [1, *x]\n");
        for (let i = 0; i < 2; i++) {
            const value = parseYamlText(circular) as { a: unknown[] };
            assert.strictEqual(value.a[1], value.a);
        }
    });

    it("a damaged cache entry is read past: the text is parsed instead", () => {
        const text = fresh("a: 1\nb: [x, y]\n");
        parseYamlText(text);
        const entry = path.join(
            CACHE_DIR,
            "yaml",
            `${cacheKey(["yaml", versionOf("yaml"), text])}.txt`,
        );
        assert.ok(fs.existsSync(entry), "the value was cached");
        fs.writeFileSync(entry, '{"a": 1, "b": ["x"');
        assert.deepStrictEqual(parseYamlText(text), { a: 1, b: ["x", "y"] });
    });

    it("invalid YAML throws the parser's error every time", () => {
        const text = fresh("a: [1, 2\nb: {c\n");
        const messages = [0, 1].map(() => {
            try {
                parseYamlText(text);
            } catch (err) {
                return (err as Error).message;
            }
            return "no error";
        });
        assert.notStrictEqual(messages[0], "no error");
        assert.strictEqual(messages[1], messages[0]);
    });

    it("a start whose stack files are cached loads no YAML parser", () => {
        const script =
            "require('./components/config/stackFile').readStackConfig('prod');" +
            "process.stdout.write(String(Object.keys(require.cache).some(k => k.includes('/node_modules/yaml/'))))";
        const run = () =>
            spawnSync(process.execPath, ["-r", "./loader/register.js", "-e", script], {
                cwd: PROJECT_ROOT,
                encoding: "utf8",
            });
        run(); // fills the cache if it is empty
        const second = run();
        assert.strictEqual(second.status, 0, second.stderr);
        assert.strictEqual(second.stdout, "false");
    });
});
