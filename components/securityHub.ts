/**
 * SecurityHub: the account's Security Hub accepts AWS IoT Device Defender's findings (one product
 * subscription per Device Defender product the stack uses). Security Hub itself is enabled only
 * when asked (`enableHub`), and then without its default standards: turning on CIS or the
 * foundational best practices account-wide is not this stack's decision.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SECURITY_HUB_PRODUCTS, SecurityHubProduct, securityHubProductArn } from "./facts";

export interface SecurityHubArgs {
    region: string;
    partition: pulumi.Input<string>;
    /** Device Defender products whose findings Security Hub accepts (at least one). */
    products: readonly SecurityHubProduct[];
    /** Enable Security Hub in the region (`aws.securityhub.Account`); else it must be on already. */
    enableHub: boolean;
}

export class SecurityHub extends pulumi.ComponentResource {
    /** Product ARN of each subscription, in `products` order. */
    public readonly productArns: pulumi.Output<string>[];

    constructor(name: string, args: SecurityHubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iot-defender:securityhub:SecurityHub", name, args, opts);
        const known = Object.keys(SECURITY_HUB_PRODUCTS);
        if (args.products.length === 0 || args.products.some(p => !known.includes(p)))
            throw new Error(
                `SecurityHub ${name}: products must list one or more of ${known.join(", ")}; got ${JSON.stringify(args.products)}`,
            );
        const hub = args.enableHub
            ? new aws.securityhub.Account(
                  `${name}-hub`,
                  { enableDefaultStandards: false },
                  { parent: this },
              )
            : undefined;
        this.productArns = args.products.map(product => {
            const subscription = new aws.securityhub.ProductSubscription(
                `${name}-${product}`,
                {
                    productArn: pulumi
                        .output(args.partition)
                        .apply(p => securityHubProductArn(p, args.region, product)),
                },
                { parent: this, dependsOn: hub ? [hub] : [] },
            );
            return subscription.productArn;
        });
        this.registerOutputs({ productArns: this.productArns });
    }
}
