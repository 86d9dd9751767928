/**
 * Reading the account audit resource back (refresh): the live configuration as inputs, and the
 * scheduled audits the state holds as AWS has them. An audit gone from AWS leaves the state, so
 * the next update makes it again; stored orders are kept where only the order differs.
 */
import type { IoTClient, Tag } from "@aws-sdk/client-iot";
import { iotClient, unlessNotFound } from "../../aws/calls";
import { cleanInputs, sameValue } from "../inputs";
import { IotTag, listTags, tagMap } from "../tags";
import { describeConfiguration, describeScheduledAudit, label } from "./calls";
import { hasConfiguration, liveSchedule, liveToInputs } from "./mapping";
import type { AccountAuditOutputs, Schedules } from "./types";

export async function read(
    id: string,
    props?: AccountAuditOutputs,
): Promise<{ id: string; props: AccountAuditOutputs }> {
    const stored = cleanInputs((props ?? {}) as AccountAuditOutputs);
    const [idAccount, idRegion] = id.split("/");
    const region = stored.region ?? idRegion;
    const accountId = stored.accountId ?? idAccount;
    const client = iotClient(region);
    const live = await describeConfiguration(client, { accountId, region });
    if (!hasConfiguration(live)) return { id: "", props: {} as AccountAuditOutputs };
    // Live values replace stored ones; a target that no longer exists must not survive from `stored`.
    const { auditNotificationTargetConfigurations: _stored, ...rest } = stored;
    return {
        id,
        props: {
            ...rest,
            region,
            accountId,
            ...liveToInputs(live, stored),
            ...(await readSchedules(client, region, stored)),
        },
    };
}

async function readSchedules(
    client: IoTClient,
    region: string,
    stored: Partial<AccountAuditOutputs>,
): Promise<Pick<AccountAuditOutputs, "scheduledAudits" | "scheduledAuditArns" | "tags">> {
    const scheduledAudits: Schedules = {};
    const scheduledAuditArns: Record<string, string> = {};
    let tags = stored.tags as IotTag[] | undefined;
    for (const [name, was] of Object.entries(stored.scheduledAudits ?? {})) {
        const audit = await unlessNotFound(() => describeScheduledAudit(client, region, name));
        if (!audit) continue;
        const s = liveSchedule(audit);
        if (sameValue([...was.targetCheckNames].sort(), [...s.targetCheckNames].sort()))
            s.targetCheckNames = was.targetCheckNames;
        const arn = audit.scheduledAuditArn ?? stored.scheduledAuditArns?.[name] ?? "";
        scheduledAudits[name] = s;
        scheduledAuditArns[name] = arn;
        // One tag list for every audit: an audit whose tags drifted shows its own, so diff sees it.
        const liveTags = await listTags(client, arn, label(name, region), stored.tags as IotTag[]);
        if (!sameValue(tagMap(liveTags), tagMap(stored.tags as IotTag[] | undefined)))
            tags = liveTags;
    }
    return { scheduledAudits, scheduledAuditArns, ...(tags ? { tags: tags as Tag[] } : {}) };
}
