import * as assert from "assert";
import {
    IoTClient,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UntagResourceCommand,
} from "@aws-sdk/client-iot";
import { NAME_RULES } from "../../components/facts";
import {
    UNKNOWN,
    changedKeys,
    checkRegionAndName,
    checkString,
    checkTags,
    cleanInputs,
    comparableTags,
    containsUnknown,
    diffKeys,
    listTags,
    sameValue,
    syncTags,
    tagMap,
} from "../../components/iot/kit";
import {
    RETRY,
    awsError as wrapError,
    callAws,
    isAlreadyExists,
    isNotFound,
    isRetryable,
} from "../../components/aws/calls";
import {
    alreadyExists,
    awsError,
    callCounts,
    input,
    notFound,
    throttled,
    useIotMock,
} from "./support";

const ARN = "arn:aws:iot:eu-west-1:123456789012:dimension/d";

describe("provider kit", () => {
    const mock = useIotMock();

    describe("callAws", () => {
        it("retries throttling and transient AWS failures, waiting between attempts, then returns the result", async () => {
            let attempts = 0;
            const result = await callAws("Do thing", async () => {
                attempts++;
                if (attempts === 1) throw throttled();
                if (attempts === 2) throw awsError("InternalFailureException", "oops", 500);
                return "done";
            });
            assert.strictEqual(result, "done");
            assert.strictEqual(attempts, 3);
            assert.strictEqual(mock.sleeps.length, 2);
        });

        it(`gives up after ${RETRY.attempts} attempts with waits capped by the backoff policy`, async () => {
            let attempts = 0;
            await assert.rejects(
                callAws("Create x", async () => {
                    attempts++;
                    throw throttled();
                }),
                {
                    name: "ThrottlingException",
                    message: `Create x: ThrottlingException: Rate exceeded (after ${RETRY.attempts} attempts)`,
                },
            );
            assert.strictEqual(attempts, RETRY.attempts);
            assert.strictEqual(mock.sleeps.length, RETRY.attempts - 1);
            mock.sleeps.forEach((ms, i) =>
                assert.ok(
                    ms >= 1 && ms <= Math.min(RETRY.maxDelayMs, RETRY.baseMs * 2 ** i),
                    `wait ${i} was ${ms} ms`,
                ),
            );
        });

        it("rethrows a permanent error at once, keeping the AWS error name for callers to branch on", async () => {
            let attempts = 0;
            const err = await callAws("Delete y", async () => {
                attempts++;
                throw notFound("y");
            }).catch(e => e as Error);
            assert.strictEqual(attempts, 1);
            assert.ok(isNotFound(err));
            assert.strictEqual(
                err.message,
                "Delete y: ResourceNotFoundException: y does not exist",
            );
        });

        it("classifies errors: throttling, 429 and 5xx retry; not-found and already-exists do not", () => {
            assert.ok(isRetryable(throttled()));
            assert.ok(isRetryable(awsError("SomethingNew", "busy", 503)));
            assert.ok(isRetryable({ code: "ECONNRESET" }));
            assert.ok(!isRetryable(notFound()));
            assert.ok(!isRetryable(alreadyExists()));
            assert.ok(isAlreadyExists(alreadyExists()) && !isAlreadyExists(notFound()));
            assert.strictEqual(wrapError("Tag z", new Error("boom")).message, "Tag z: Error: boom");
        });
    });

    describe("inputs and diffs", () => {
        it("strips __provider and undefined fields from inputs", () => {
            assert.deepStrictEqual(cleanInputs({ a: 1, b: undefined, __provider: "code" }), {
                a: 1,
            });
        });

        it("compares values deeply, ignoring key order and undefined fields but not list order", () => {
            assert.ok(
                sameValue({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1, d: undefined }),
            );
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

        it("checks region and name, skipping unknown values", () => {
            assert.deepStrictEqual(
                checkRegionAndName({ region: "eu-west-1", n: "ok" }, "n", NAME_RULES.dimensionName),
                [],
            );
            assert.deepStrictEqual(
                checkRegionAndName(
                    { region: "west", n: "not ok" },
                    "n",
                    NAME_RULES.dimensionName,
                ).map(f => f.property),
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
    });

    describe("tags", () => {
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

        it("compares tags regardless of order, leaving unknown ones as they are", () => {
            assert.deepStrictEqual(
                comparableTags([
                    { Key: "b", Value: "2" },
                    { Key: "a", Value: "1" },
                ]),
                tagMap([
                    { Key: "a", Value: "1" },
                    { Key: "b", Value: "2" },
                ]),
            );
            assert.strictEqual(comparableTags(UNKNOWN), UNKNOWN);
            assert.deepStrictEqual(comparableTags([UNKNOWN]), [UNKNOWN]);
        });

        it("lists every page of tags, in the preferred order", async () => {
            mock.iot
                .on(ListTagsForResourceCommand)
                .resolvesOnce({ tags: [{ Key: "z", Value: "1" }], nextToken: "t2" })
                .resolves({ tags: [{ Key: "a" }, { Key: "m", Value: "3" }] });
            const tags = await listTags(
                new IoTClient({ region: "eu-west-1" }),
                ARN,
                "dimension d",
                [{ Key: "m" }, { Key: "z" }],
            );
            assert.deepStrictEqual(tags, [
                { Key: "m", Value: "3" },
                { Key: "z", Value: "1" },
                { Key: "a", Value: "" },
            ]);
            assert.strictEqual(input(mock.iot, ListTagsForResourceCommand, 1).nextToken, "t2");
        });

        it("syncs tags with at most one untag and one tag call, and none when nothing changed", async () => {
            mock.iot.on(TagResourceCommand).resolves({});
            mock.iot.on(UntagResourceCommand).resolves({});
            const client = new IoTClient({ region: "eu-west-1" });
            await syncTags(
                client,
                ARN,
                [
                    { Key: "a", Value: "1" },
                    { Key: "b", Value: "2" },
                ],
                [
                    { Key: "b", Value: "3" },
                    { Key: "c", Value: "4" },
                ],
                "dimension d",
            );
            assert.deepStrictEqual(callCounts(mock.iot), {
                UntagResourceCommand: 1,
                TagResourceCommand: 1,
            });
            assert.deepStrictEqual(input(mock.iot, UntagResourceCommand), {
                resourceArn: ARN,
                tagKeys: ["a"],
            });
            assert.deepStrictEqual(input(mock.iot, TagResourceCommand), {
                resourceArn: ARN,
                tags: [
                    { Key: "b", Value: "3" },
                    { Key: "c", Value: "4" },
                ],
            });
            mock.iot.resetHistory();
            await syncTags(
                client,
                ARN,
                [{ Key: "a", Value: "1" }],
                [{ Key: "a", Value: "1" }],
                "dimension d",
            );
            assert.strictEqual(mock.iot.calls().length, 0);
        });
    });
});
