import * as assert from "assert";
import {
    UNKNOWN,
    changedKeys,
    cleanInputs,
    containsUnknown,
    diffKeys,
    sameValue,
} from "../../components/iot/inputs";

describe("provider inputs and diffs", () => {
    it("strips __provider and undefined fields from inputs", () => {
        assert.deepStrictEqual(cleanInputs({ a: 1, b: undefined, __provider: "code" }), {
            a: 1,
        });
    });

    it("compares values deeply, ignoring key order and undefined fields but not list order", () => {
        assert.ok(sameValue({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1, d: undefined }));
        assert.ok(!sameValue([1, 2], [2, 1]));
    });

    it("finds the unknown sentinel anywhere in a value", () => {
        assert.ok(containsUnknown({ a: [{ b: UNKNOWN }] }));
        assert.ok(!containsUnknown({ a: [{ b: "known" }] }));
    });

    it("diffs: no change, in-place change, replacement (delete first), unknown as change, __provider ignored", () => {
        const keys = ["name", "value"];
        assert.deepStrictEqual(
            diffKeys(
                { name: "n", value: 1, __provider: "a" },
                { name: "n", value: 1, __provider: "b" },
                [...keys, "__provider"],
                ["name"],
            ),
            { changes: false, replaces: [], deleteBeforeReplace: false },
        );
        assert.deepStrictEqual(
            diffKeys({ name: "n", value: 1 }, { name: "n", value: 2 }, keys, ["name"]),
            { changes: true, replaces: [], deleteBeforeReplace: false },
        );
        assert.deepStrictEqual(
            diffKeys({ name: "n", value: 1 }, { name: "m", value: 1 }, keys, ["name"]),
            { changes: true, replaces: ["name"], deleteBeforeReplace: true },
        );
        assert.deepStrictEqual(
            diffKeys({ name: "n", value: 1 }, { name: "n", value: UNKNOWN }, keys, ["name"])
                .changes,
            true,
        );
        assert.deepStrictEqual(changedKeys({ a: 1, b: 2 }, { a: 1, b: 3 }, ["a", "b"]), ["b"]);
    });
});
