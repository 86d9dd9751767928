import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { settingsSchema } from "../components/config/schema";
import type { Json } from "./harness";

const README = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

/** The first cell (backticked keys) of every row of the table under a `## heading`. */
function tableKeys(heading: string): string[] {
    const start = README.indexOf(`## ${heading}`);
    assert.ok(start >= 0, `README has no "## ${heading}" section`);
    const section = README.slice(start, README.indexOf("\n## ", start + 3));
    return section
        .split("\n")
        .filter(l => l.startsWith("| `"))
        .flatMap(l => [...l.split("|")[1].matchAll(/`([^`]+)`/g)].map(m => m[1]));
}

/** Strips defaults, optionals and transforms to the schema that says what the value is. */
function unwrap(schema: Json): Json {
    let s = schema;
    for (;;) {
        const def = s._zod.def;
        if (["default", "prefault", "optional", "nullable", "catch", "readonly"].includes(def.type))
            s = def.innerType;
        // A preprocess step is a pipe from a transform to the schema that says what the value is.
        else if (def.type === "pipe") s = def.in._zod.def.type === "transform" ? def.out : def.in;
        else return s;
    }
}

/**
 * Config keys the reference must document: every key of every object, except below a key the
 * reference documents as a whole (an object row such as `audit.alarm`, or a list such as `audit.schedules[]`).
 */
function undocumentedKeys(schema: Json, prefix: string, documented: Set<string>): string[] {
    const s = unwrap(schema);
    if (s._zod.def.type !== "object") return [];
    return Object.entries(s._zod.def.shape).flatMap(([key, child]) => {
        const full = prefix ? `${prefix}.${key}` : key;
        if (documented.has(full) || documented.has(`${full}[]`)) return [];
        const inner = undocumentedKeys(child, full, documented);
        return unwrap(child)._zod.def.type === "object" && inner.length === 0
            ? []
            : inner.length
              ? inner
              : [full];
    });
}

describe("README (kept true by tests)", () => {
    it("documents every config key of the schema, and no key the schema does not have", () => {
        const documented = new Set(tableKeys("Configuration reference"));
        assert.deepStrictEqual(undocumentedKeys(settingsSchema, "", documented), []);
        const resolves = (key: string) => {
            let s: Json = settingsSchema;
            for (const part of key.replace(/\[\]$/, "").split(".")) {
                const obj = unwrap(s);
                if (obj._zod.def.type !== "object" || !(part in obj._zod.def.shape)) return false;
                s = obj._zod.def.shape[part];
            }
            return true;
        };
        assert.deepStrictEqual(
            [...documented].filter(k => k !== "aws:region" && !resolves(k)),
            [],
        );
    });

    it("lists exactly the stack outputs that index.ts exports", () => {
        const program = fs.readFileSync(path.join(__dirname, "..", "index.ts"), "utf8");
        const exported = [...program.matchAll(/^export const (\w+)/gm)].map(m => m[1]).sort();
        assert.deepStrictEqual(tableKeys("Outputs").sort(), exported);
    });
});
