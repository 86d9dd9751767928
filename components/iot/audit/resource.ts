/** The account audit dynamic resource: the audit configuration and the stack's scheduled audits. */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "../dynamicResource";
import type { AuditCheckConfiguration, AuditNotificationTarget, Tag } from "@aws-sdk/client-iot";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "../../facts";
import { accountAuditProvider } from "./provider";
import type { AccountAuditArgs, Schedules } from "./types";

export class AccountAudit extends DynamicResource {
    static readonly __pulumiType = DYNAMIC_TYPES.AccountAudit;
    declare readonly region: pulumi.Output<string>;
    declare readonly accountId: pulumi.Output<string>;
    declare readonly roleArn: pulumi.Output<string>;
    declare readonly auditNotificationTargetConfigurations: pulumi.Output<
        Record<string, AuditNotificationTarget> | undefined
    >;
    declare readonly auditCheckConfigurations: pulumi.Output<
        Record<string, AuditCheckConfiguration>
    >;
    declare readonly adoptExisting: pulumi.Output<boolean | undefined>;
    declare readonly scheduledAudits: pulumi.Output<Schedules>;
    declare readonly tags: pulumi.Output<Tag[] | undefined>;
    declare readonly priorConfiguration: pulumi.Output<string | undefined>;
    /** Scheduled audit name → ARN. */
    declare readonly scheduledAuditArns: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: AccountAuditArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            accountAuditProvider,
            name,
            { priorConfiguration: undefined, scheduledAuditArns: undefined, ...args },
            opts,
            DYNAMIC_MODULE,
            "AccountAudit",
        );
    }
}
