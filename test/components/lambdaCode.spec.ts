import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { lambdaFiles, transpileFolder, transpileSource } from "../../components/lambdaCode";
import { RESPONDER_SOURCE } from "../../components/remediation";

describe("Lambda code (components/lambdaCode.ts)", () => {
    const sources = fs
        .readdirSync(RESPONDER_SOURCE)
        .filter(f => f.endsWith(".ts") && !f.endsWith(".spec.ts") && !f.endsWith(".d.ts"))
        .map(f => path.join(RESPONDER_SOURCE, f));

    it("ships, from its cache, exactly what the compiler makes of each source", () => {
        assert.ok(sources.length > 3);
        for (const file of sources)
            assert.strictEqual(transpileSource(file), transpileSource(file, false), file);
    });

    it("packs every source of the folder, compiled", () => {
        const files = transpileFolder(RESPONDER_SOURCE);
        for (const file of sources) {
            const name = path.basename(file).replace(/\.ts$/, ".js");
            assert.ok(files[name], `${name} is packed`);
            assert.doesNotMatch(files[name], /^import /m, `${name} is CommonJS`);
        }
    });

    it("packs extra files beside the code, and refuses one that would replace a compiled file", () => {
        const files = lambdaFiles(RESPONDER_SOURCE, { "settings.json": '{"a":1}' });
        assert.strictEqual(files["settings.json"], '{"a":1}');
        assert.strictEqual(files["handler.js"], transpileFolder(RESPONDER_SOURCE)["handler.js"]);
        assert.throws(
            () => lambdaFiles(RESPONDER_SOURCE, { "handler.js": "" }),
            /already has handler.js: extra files need names of their own/,
        );
    });
});
