import * as assert from "assert";
import {
    IoTClient,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UntagResourceCommand,
} from "@aws-sdk/client-iot";
import { UNKNOWN } from "../../components/iot/inputs";
import { comparableTags, listTags, syncTags, tagMap } from "../../components/iot/tags";
import { callCounts, input, useIotMock } from "./support";

const ARN = "arn:aws:iot:eu-west-1:123456789012:dimension/d";

describe("resource tags", () => {
    const mock = useIotMock();

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
        const tags = await listTags(new IoTClient({ region: "eu-west-1" }), ARN, "dimension d", [
            { Key: "m" },
            { Key: "z" },
        ]);
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
