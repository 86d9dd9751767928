import * as assert from "assert";
import { iotTags, ownershipTags, stackTags } from "../../components/tags";
import { stackSettings } from "../harness";

describe("stack tags", () => {
    const prod = stackSettings("prod");

    it("name the project, stack, environment and owner, and say Pulumi manages the resource; config tags come along", () => {
        const tags = stackTags(
            stackSettings("dev", v => {
                v["iot-defender:tags"] = JSON.stringify({ CostCentre: "iot-42" });
            }),
        );
        assert.deepStrictEqual(tags, {
            CostCentre: "iot-42",
            Project: "iot-defender",
            Stack: "dev",
            Environment: "dev",
            Owner: "iot-platform-team",
            ManagedBy: "pulumi",
        });
    });

    it("cannot be overridden by config tags of the same key (ownership must stay true)", () => {
        const tags = stackTags(
            stackSettings("dev", v => {
                v["iot-defender:tags"] = JSON.stringify({ Stack: "prod" });
            }),
        );
        assert.strictEqual(tags.Stack, "dev");
    });

    it("give the ownership tags, Project and Stack, by which the audit configuration knows the stack's scheduled audits", () => {
        assert.deepStrictEqual(ownershipTags(stackTags(prod)), {
            Project: "iot-defender",
            Stack: "prod",
        });
    });

    it("refuse ownership tags from tags that lack one, naming it", () => {
        assert.throws(
            () => ownershipTags({ Project: "iot-defender" }),
            /no Stack tag \(got keys Project\)/,
        );
    });

    it("convert to the IoT API's [{Key, Value}] form, sorted by key", () => {
        assert.deepStrictEqual(iotTags({ b: "2", a: "1" }), [
            { Key: "a", Value: "1" },
            { Key: "b", Value: "2" },
        ]);
    });
});
