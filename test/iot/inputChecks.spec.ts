import * as assert from "assert";
import { NAME_RULES } from "../../components/facts";
import { UNKNOWN } from "../../components/iot/inputs";
import { checkRegionAndName, checkString, checkTags } from "../../components/iot/inputChecks";

describe("provider checks", () => {
    it("checks region and name, skipping unknown values", () => {
        assert.deepStrictEqual(
            checkRegionAndName({ region: "eu-west-1", n: "ok" }, "n", NAME_RULES.dimensionName),
            [],
        );
        assert.deepStrictEqual(
            checkRegionAndName({ region: "west", n: "not ok" }, "n", NAME_RULES.dimensionName).map(
                f => f.property,
            ),
            ["region", "n"],
        );
        assert.deepStrictEqual(
            checkRegionAndName({ region: UNKNOWN, n: UNKNOWN }, "n", NAME_RULES.dimensionName),
            [],
        );
    });

    it("checks strings by length and pattern, skipping unknown and optional absent values", () => {
        assert.deepStrictEqual(checkString("abc", "p", { max: 3 }), []);
        assert.deepStrictEqual(
            checkString("abcd", "p", { max: 3 }).map(f => f.property),
            ["p"],
        );
        assert.deepStrictEqual(
            checkString(undefined, "p", { max: 3 }).map(f => f.property),
            ["p"],
        );
        assert.deepStrictEqual(checkString(undefined, "p", { max: 3, optional: true }), []);
        assert.deepStrictEqual(checkString(UNKNOWN, "p", { max: 3 }), []);
        assert.deepStrictEqual(
            checkString("a b", "p", { max: 9, pattern: /^\S+$/ }).map(f => f.property),
            ["p"],
        );
    });

    it("checks tag count, key and value lengths and duplicate keys, skipping unknown values", () => {
        assert.deepStrictEqual(checkTags([{ Key: "a", Value: "" }]), []);
        assert.deepStrictEqual(
            checkTags([{ Key: "k".repeat(129), Value: "v".repeat(257) }]).map(f => f.property),
            ["tags[0].Key", "tags[0].Value"],
        );
        assert.deepStrictEqual(
            checkTags({ a: "b" }).map(f => f.property),
            ["tags"],
        );
        assert.deepStrictEqual(checkTags(UNKNOWN), []);
        assert.deepStrictEqual(checkTags([UNKNOWN, { Key: UNKNOWN, Value: UNKNOWN }]), []);
    });

    it("checks tag keys against the API's TagKey pattern and the aws: prefix AWS reserves in any letter case", () => {
        assert.deepStrictEqual(
            checkTags([
                { Key: "a", Value: "1" },
                { Key: "bad\tkey", Value: "2" },
                { Key: "AwS:team", Value: "3" },
            ]).map(f => f.property),
            ["tags[1].Key", "tags[2].Key"],
        );
        assert.deepStrictEqual(checkTags([{ Key: "Kostenstelle 7/ü:=+-@_.", Value: "" }]), []);
    });
});
