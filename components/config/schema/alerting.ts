/** Who hears about an alert: the `alerting` section. */
import { z } from "zod";

export const alerting = z
    .strictObject({
        /** Email recipients of every alert (each must confirm the subscription). */
        emails: z.array(z.email()).default([]),
        /** Optional HTTPS endpoint (chat webhook relay, incident tool). */
        httpsEndpoint: z.url({ protocol: /^https$/ }).optional(),
        /** Optional SQS queue ARN (same account and region) that receives every alert. */
        sqsQueueArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]{1,80}(\.fifo)?$/)
            .optional(),
        /** KMS key deletion window when the stack is destroyed. */
        kmsKeyDeletionWindowDays: z.number().int().min(7).max(30).default(30),
    })
    .superRefine((a, ctx) => {
        if (a.emails.length === 0 && !a.httpsEndpoint && !a.sqsQueueArn) {
            ctx.addIssue({
                code: "custom",
                path: ["emails"],
                input: a.emails,
                message:
                    "no alert recipient: set at least one of emails, httpsEndpoint or sqsQueueArn",
            });
        }
        if (new Set(a.emails.map(e => e.toLowerCase())).size !== a.emails.length) {
            ctx.addIssue({
                code: "custom",
                path: ["emails"],
                input: a.emails,
                message: "lists an address twice",
            });
        }
    });
