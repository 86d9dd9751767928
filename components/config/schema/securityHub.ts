/** Security Hub: accept Device Defender's findings (the `securityHub` section). */
import { z } from "zod";

export const securityHub = z
    .strictObject({
        /** Subscribe the account's Security Hub to Device Defender's Audit (and Detect) findings. */
        enabled: z.boolean().default(false),
        /**
         * Also enable Security Hub itself in the stack's region (`aws.securityhub.Account`, without
         * its default standards). Off: Security Hub must already be enabled, usually by the
         * organization's security account.
         */
        enableHub: z.boolean().default(false),
    })
    .superRefine((h, ctx) => {
        if (h.enableHub && !h.enabled)
            ctx.addIssue({
                code: "custom",
                path: ["enableHub"],
                input: true,
                message:
                    "is true while securityHub.enabled is false: the stack enables Security Hub only to send it Device Defender's findings; set securityHub.enabled: true too, or enableHub: false",
            });
    });
