/**
 * Security Hub: a stack that runs Device Defender sends its findings to Security Hub, where they sit
 * beside the account's other security findings. Advisory: whether an account uses Security Hub is
 * an organization's choice (prod's policy config makes it the expectation there).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { DYNAMIC_TYPES, SECURITY_HUB_PRODUCTS, SecurityHubProduct } from "../../components/facts";
import { AWS, ofType, Unknowns } from "./common";

/** Which Device Defender resource makes which product's findings. */
const PRODUCT_OF: readonly [string, SecurityHubProduct][] = [
    [DYNAMIC_TYPES.AccountAudit, "audit"],
    [DYNAMIC_TYPES.SecurityProfile, "detect"],
];

export const securityHubSubscribed: StackValidationPolicy = {
    name: "iot-security-hub-subscribed",
    description:
        "A stack with a Device Defender audit configuration or security profile subscribes Security Hub to that part's findings (aws.securityhub.ProductSubscription of IoT Device Defender - Audit / - Detect; iot-defender:securityHub.enabled).",
    enforcementLevel: "advisory",
    severity: "low",
    validateStack: (args, report) => {
        const used = PRODUCT_OF.filter(([type]) => ofType(args.resources, type).length > 0).map(
            ([, product]) => product,
        );
        if (used.length === 0)
            return args.notApplicable("no Device Defender audit configuration or profile");
        const unknowns = new Unknowns();
        const subscribed = ofType(args.resources, AWS.ProductSubscription).map(r =>
            unknowns.get(() => String(r.props.productArn)),
        );
        for (const product of used) {
            const suffix = `:product/${SECURITY_HUB_PRODUCTS[product].product}`;
            if (subscribed.some(arn => arn?.endsWith(suffix))) continue;
            unknowns.violation(
                report,
                `Security Hub does not receive Device Defender's ${product} findings: no product subscription to ...${suffix} ` +
                    "(set iot-defender:securityHub.enabled: true; enableHub: true if Security Hub is not on in this region yet)",
            );
        }
    },
};

export const securityHubPolicies = [securityHubSubscribed];
