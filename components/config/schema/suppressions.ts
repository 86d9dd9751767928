/**
 * Audit suppressions (`audit.suppressions[]`): known and accepted findings, one check on one
 * resource each, until a date or indefinitely. Checks between suppressions and the enabled checks
 * run in the audit section (./audit.ts).
 */
import { z } from "zod";
import {
    AUDIT_SUPPRESSION_DESCRIPTION_MAX,
    RESOURCE_IDENTIFIER_MEMBERS,
    resourceIdentifierProblems,
} from "../../facts";
import { printable } from "./fields";

/** A date (`2027-06-30`, midnight UTC starting that day) or an ISO 8601 instant. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const suppression = z
    .strictObject({
        /** An audit check enabled in `audit.checks`. */
        checkName: z.string(),
        /** Exactly one member of the API's ResourceIdentifier: `{clientId: ...}`, `{deviceCertificateId: ...}`, ... */
        resourceIdentifier: z.record(z.string(), z.unknown(), {
            error: `must be an object with exactly one of ${RESOURCE_IDENTIFIER_MEMBERS.join(", ")}`,
        }),
        /** When the suppression ends; or `suppressIndefinitely: true`. */
        expirationDate: z.string().optional(),
        suppressIndefinitely: z.boolean().optional(),
        /** Why the finding is accepted. */
        description: printable(AUDIT_SUPPRESSION_DESCRIPTION_MAX).optional(),
    })
    .superRefine((s, ctx) => {
        for (const p of resourceIdentifierProblems(s.resourceIdentifier))
            ctx.addIssue({
                code: "custom",
                path: ["resourceIdentifier", ...p.path],
                input: p.value,
                message: `must be ${p.allowed}`,
            });
        const date = s.expirationDate;
        if ((date === undefined) === (s.suppressIndefinitely !== true)) {
            ctx.addIssue({
                code: "custom",
                path: ["expirationDate"],
                input: date,
                message:
                    "exactly one of expirationDate (a date like 2027-06-30, or an ISO 8601 instant) and suppressIndefinitely: true must be set",
            });
        } else if (
            date !== undefined &&
            (!ISO_DATE.test(date) || !Number.isFinite(Date.parse(date)))
        ) {
            ctx.addIssue({
                code: "custom",
                path: ["expirationDate"],
                input: date,
                message:
                    "must be a date like 2027-06-30 or an ISO 8601 instant like 2027-06-30T12:00:00Z",
            });
        } else if (date !== undefined && Date.parse(date) <= Date.now()) {
            ctx.addIssue({
                code: "custom",
                path: ["expirationDate"],
                input: date,
                message: `has passed (${new Date(Date.parse(date)).toISOString()}): renew the suppression with a later date, or remove it`,
            });
        }
    });
export type SuppressionSetting = z.output<typeof suppression>;
