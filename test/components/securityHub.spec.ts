/** Security Hub on the recorded stacks: which Device Defender products it accepts, and the hub only when asked. */
import * as assert from "assert";
import { securityHubProductArn } from "../../components/facts";
import { buildOffline, editJson } from "../harness";

const SUBSCRIPTION = "aws:securityhub/productSubscription:ProductSubscription";
const HUB = "aws:securityhub/account:Account";

describe("SecurityHub component", () => {
    it("prod (audit and device-defender Detect) accepts both products' findings and leaves the hub alone", async () => {
        const { engine } = await buildOffline("prod");
        assert.deepStrictEqual(
            engine.ofType(SUBSCRIPTION).map(s => s.inputs.productArn),
            [
                "arn:aws:securityhub:eu-west-1::product/aws/iot-device-defender-audit",
                "arn:aws:securityhub:eu-west-1::product/aws/iot-device-defender-detect",
            ],
        );
        assert.deepStrictEqual(engine.ofType(HUB), []);
    });

    it("the logs engine makes no Detect findings: dev with securityHub on accepts Audit's only", async () => {
        const { engine } = await buildOffline("dev", {
            edit: v =>
                editJson(v, "securityHub", h => {
                    h.enabled = true;
                }),
        });
        assert.deepStrictEqual(
            engine.ofType(SUBSCRIPTION).map(s => s.inputs.productArn),
            [securityHubProductArn("aws", "eu-west-1", "audit")],
        );
    });

    it("with enableHub, enables Security Hub without its default standards, before subscribing", async () => {
        const { engine } = await buildOffline("dev", {
            edit: v =>
                editJson(v, "securityHub", h => {
                    h.enabled = true;
                    h.enableHub = true;
                }),
        });
        const [hub] = engine.ofType(HUB);
        assert.strictEqual(hub.inputs.enableDefaultStandards, false);
        for (const s of engine.ofType(SUBSCRIPTION)) assert.ok(s.dependencies.includes(hub.urn));
    });

    it("dev as it stands subscribes nothing", async () => {
        const { engine } = await buildOffline("dev");
        assert.deepStrictEqual(engine.ofType(SUBSCRIPTION), []);
        assert.deepStrictEqual(engine.ofType(HUB), []);
    });
});
