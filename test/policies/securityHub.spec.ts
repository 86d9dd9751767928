import { DYNAMIC_TYPES } from "../../components/facts";
import { securityHubSubscribed } from "../../policies/rules/securityHub";
import {
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    checkStack,
    StackResource,
    UNKNOWN,
} from "./helpers";
import { checkStackOnServer } from "./onServer";

const SUBSCRIPTION = "aws:securityhub/productSubscription:ProductSubscription";
const audit: StackResource = { type: DYNAMIC_TYPES.AccountAudit, name: "audit", props: {} };
const profile: StackResource = { type: DYNAMIC_TYPES.SecurityProfile, name: "rules", props: {} };
const subscription = (product: string, productArn: unknown = undefined): StackResource => ({
    type: SUBSCRIPTION,
    name: product,
    props: {
        productArn: productArn ?? `arn:aws:securityhub:eu-west-1::product/aws/${product}`,
    },
});

describe("stack policy iot-security-hub-subscribed (advisory)", () => {
    const p = securityHubSubscribed;
    it("passes a stack subscribed to the products of the Device Defender parts it has", async () => {
        assertPasses(
            await checkStack(p, [
                audit,
                profile,
                subscription("iot-device-defender-audit"),
                subscription("iot-device-defender-detect"),
            ]),
        );
        assertPasses(await checkStack(p, [audit, subscription("iot-device-defender-audit")]));
    });
    it("flags a Device Defender part whose findings Security Hub does not receive", async () => {
        assertFails(await checkStackOnServer(p, [audit]), "audit findings", "securityHub.enabled");
        assertFails(
            await checkStack(p, [audit, profile, subscription("iot-device-defender-audit")]),
            "detect findings",
        );
        assertFails(await checkStack(p, [audit, subscription("guardduty")]), "audit findings");
    });
    it("waits for deploy when the only subscription's ARN is unknown", async () =>
        assertUnknownOnly(await checkStack(p, [audit, subscription("x", UNKNOWN)])));
    it("does not apply to a stack without Device Defender resources", async () =>
        assertNotApplicable(await checkStack(p, [subscription("iot-device-defender-audit")])));
});
