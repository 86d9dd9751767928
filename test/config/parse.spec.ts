/** Parsing: which config values are plain strings and which are YAML structure follows the schema. */
import * as assert from "assert";
import { STRING_KEYS } from "../../components/config/parse";
import { assertProblem, configProblems, stackSettings } from "../harness";

describe("config parsing (config/parse.ts)", () => {
    it("takes the schema's string-typed keys as plain strings, and only those", () => {
        assert.deepStrictEqual([...STRING_KEYS].sort(), ["environment", "namePrefix", "owner"]);
    });

    it("keeps a string key's value as written, even when it reads as JSON", () => {
        const settings = stackSettings("dev", v => {
            v["iot-defender:owner"] = "1234";
        });
        assert.strictEqual(settings.owner, "1234");
    });

    it("refuses the key __proto__ anywhere in a value, naming where (a map would drop it silently)", () => {
        const problems = configProblems("prod", v => {
            v["iot-defender:fleetAlarms"] = '{"metrics":{"__proto__":{"threshold":2}}}';
            v["iot-defender:tags"] = '{"team":"iot","__proto__":{"x":"y"}}';
        });
        assertProblem(
            problems,
            "iot-defender:fleetAlarms.metrics.__proto__",
            'the key "__proto__"',
        );
        assertProblem(problems, "iot-defender:tags.__proto__", "remove it");
    });
});
