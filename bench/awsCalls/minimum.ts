/**
 * The fewest AWS IoT calls each operation needs for one resource of each Device Defender dynamic
 * kind, as command names: the bench's yardstick for the calls it counts. Keyed by DYNAMIC_TYPES, so
 * a new type cannot be left out.
 */
import { DYNAMIC_TYPES } from "../../components/facts";

export type Inputs = Record<string, unknown>;
export type Kind = keyof typeof DYNAMIC_TYPES;
export const KINDS = Object.keys(DYNAMIC_TYPES) as Kind[];
export const kindOf = (type: string) => KINDS.find(k => DYNAMIC_TYPES[k] === type);

/** ListTargetsForSecurityProfile pages (the provider asks for 250 per page). */
const TARGETS_PAGE = 250;
export const targetsOf = (inputs: Inputs) =>
    new Set((inputs.targets as string[] | undefined) ?? []).size;
const schedulesOf = (inputs: Inputs) => Object.keys(inputs.scheduledAudits ?? {}).length;

interface Minimum {
    create(inputs: Inputs): string[];
    refresh(inputs: Inputs): string[];
    update: string;
    destroy(inputs: Inputs): string[];
}

/** A named resource with its own Create/Describe/Update/Delete calls and tags. */
const tagged = (kind: string): Minimum => ({
    create: () => [`Create${kind}`],
    refresh: () => [`Describe${kind}`, "ListTagsForResource"],
    update: `Update${kind}`,
    destroy: () => [`Delete${kind}`],
});

/**
 * Tags travel in the Create requests; refresh needs ListTagsForResource because Describe returns no
 * tags (nor a profile's targets); a profile's attachments go with it on delete.
 */
export const MINIMUM: Record<Kind, Minimum> = {
    SecurityProfile: {
        create: i => [
            "CreateSecurityProfile",
            ...Array<string>(targetsOf(i)).fill("AttachSecurityProfile"),
        ],
        refresh: i => [
            "DescribeSecurityProfile",
            ...Array<string>(Math.max(1, Math.ceil(targetsOf(i) / TARGETS_PAGE))).fill(
                "ListTargetsForSecurityProfile",
            ),
            "ListTagsForResource",
        ],
        update: "UpdateSecurityProfile",
        destroy: () => ["DeleteSecurityProfile"],
    },
    // One per account: the existing configuration (and the account's check names) must be read
    // first, and the account's scheduled audits listed, so that a name the stack uses that is taken
    // stops the run before anything changes. Deleting the configuration disables every check, so
    // destroy lists them too: one the resource does not hold would lose its checks.
    AccountAudit: {
        create: i => [
            "DescribeAccountAuditConfiguration",
            ...(schedulesOf(i) > 0 ? ["ListScheduledAudits"] : []),
            "UpdateAccountAuditConfiguration",
            ...Array<string>(schedulesOf(i)).fill("CreateScheduledAudit"),
        ],
        refresh: i => [
            "DescribeAccountAuditConfiguration",
            ...Array<string[]>(schedulesOf(i))
                .fill(["DescribeScheduledAudit", "ListTagsForResource"])
                .flat(),
        ],
        update: "UpdateAccountAuditConfiguration",
        destroy: i => [
            "ListScheduledAudits",
            ...Array<string>(schedulesOf(i)).fill("DeleteScheduledAudit"),
            "DeleteAccountAuditConfiguration",
        ],
    },
    MitigationAction: tagged("MitigationAction"),
    CustomMetric: tagged("CustomMetric"),
    Dimension: tagged("Dimension"),
    // One per account: read before it is set (never overwritten silently) and before destroy
    // (a setting someone else made since is left alone).
    V2LoggingOptions: {
        create: () => ["GetV2LoggingOptions", "SetV2LoggingOptions"],
        refresh: () => ["GetV2LoggingOptions"],
        update: "SetV2LoggingOptions",
        destroy: () => ["GetV2LoggingOptions", "SetV2LoggingOptions"],
    },
    // No tags on suppressions: the only proof one is the stack's own is that it was not there
    // before the stack created it, so create reads first.
    AuditSuppression: {
        create: () => ["DescribeAuditSuppression", "CreateAuditSuppression"],
        refresh: () => ["DescribeAuditSuppression"],
        update: "UpdateAuditSuppression",
        destroy: () => ["DeleteAuditSuppression"],
    },
};
