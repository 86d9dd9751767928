/** The pack's README table is the pack: every policy once, with its level, what it stops and what it does not. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policies/rules";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "policies", "README.md"), "utf8");

describe("policies/README.md", () => {
    const rows = README.split("\n")
        .filter(l => l.startsWith("| `"))
        .map(l => l.split("|").map(c => c.trim()));
    it("lists every policy once, at its default level, saying what it stops and what it does not", () => {
        const named = rows.map(r => /^`([^`]+)`/.exec(r[1])![1]);
        assert.deepStrictEqual([...named].sort(), allPolicies.map(p => p.name).sort());
        for (const p of allPolicies) {
            const row = rows[named.indexOf(p.name)];
            assert.strictEqual(row[2], p.enforcementLevel, p.name);
            assert.ok(row[3].length > 0 && row[4].length > 0, `${p.name}: stops / does not stop`);
        }
    });
});
