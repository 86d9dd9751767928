import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../components/config/stackFile";

const FACTS = path.join(PROJECT_ROOT, "components", "facts");

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? sources(full) : e.name.endsWith(".ts") ? [full] : [];
    });
}

/** Every module a file imports or re-exports from (`from "x"`, `import "x"`, `require("x")`). */
function specifiers(text: string): string[] {
    const found = [
        ...text.matchAll(/\bfrom\s+"([^"]+)"/g),
        ...text.matchAll(/\bimport\s+"([^"]+)"/g),
        ...text.matchAll(/\brequire\(\s*"([^"]+)"\s*\)/g),
    ];
    return found.map(m => m[1]);
}

describe("components/facts (a module that stands alone)", () => {
    const files = sources(FACTS);

    it("is a folder of small files, AWS facts apart from the project's vocabulary", () => {
        const rel = files.map(f => path.relative(FACTS, f).split(path.sep).join("/"));
        assert.ok(rel.includes("index.ts"));
        assert.ok(rel.some(f => f.startsWith("aws/")));
        assert.ok(rel.some(f => f.startsWith("project/")));
        for (const f of files) {
            const lines = fs.readFileSync(f, "utf8").split("\n").length;
            assert.ok(lines <= 300, `${path.relative(PROJECT_ROOT, f)} has ${lines} lines`);
        }
    });

    it("imports nothing from the rest of the project, and no package", () => {
        for (const f of files) {
            for (const spec of specifiers(fs.readFileSync(f, "utf8"))) {
                const where = path.relative(PROJECT_ROOT, f);
                assert.ok(spec.startsWith("."), `${where} imports the package ${spec}`);
                const target = path.resolve(path.dirname(f), spec);
                assert.ok(
                    target === FACTS || target.startsWith(FACTS + path.sep),
                    `${where} imports ${spec}, outside components/facts`,
                );
            }
        }
    });

    it("keeps AWS facts free of the project's vocabulary", () => {
        for (const f of files.filter(x => x.includes(`${path.sep}aws${path.sep}`))) {
            for (const spec of specifiers(fs.readFileSync(f, "utf8"))) {
                const target = path.resolve(path.dirname(f), spec);
                assert.ok(
                    target.startsWith(path.join(FACTS, "aws")),
                    `${path.relative(PROJECT_ROOT, f)} imports ${spec}: AWS facts stand on their own`,
                );
            }
        }
    });
});
