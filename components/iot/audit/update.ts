/**
 * Updating the account audit resource: the configuration and the stack's scheduled audits in one
 * run, in an order AWS accepts, so that swapping a schedule's only check deploys in one `pulumi up`.
 * Everything that can be refused (unknown checks, a taken name, an outside audit in the way, role
 * and targets) is asked before the scheduled audits change; no change at all makes no AWS call.
 */
import { assertStackAccount } from "../../aws/account";
import { iotClient } from "../../aws/calls";
import { cleanInputs } from "../inputs";
import { assertKnownChecks, describeConfiguration, updateConfiguration } from "./calls";
import { changesNothing, configCalls, planUpdate } from "./plan";
import { survey } from "./release";
import { applySchedules } from "./schedules";
import { AccountAuditInputs, AccountAuditOutputs, where } from "./types";

export async function update(
    _id: string,
    olds: AccountAuditOutputs,
    news: AccountAuditInputs,
): Promise<{ outs: AccountAuditOutputs }> {
    const old = cleanInputs(olds);
    const inputs = cleanInputs(news);
    await assertStackAccount(
        inputs.region,
        inputs.accountId,
        `update the audit configuration of ${where(inputs)}`,
    );
    const prior =
        old.priorConfiguration !== undefined ? { priorConfiguration: old.priorConfiguration } : {};
    const p = planUpdate(old, inputs);
    if (changesNothing(p)) {
        return { outs: { ...inputs, ...prior, scheduledAuditArns: old.scheduledAuditArns ?? {} } };
    }
    const client = iotClient(inputs.region);
    if (p.added.length > 0) {
        const live = await describeConfiguration(client, inputs);
        assertKnownChecks(p.added, Object.keys(live.auditCheckConfigurations ?? {}), inputs);
    }
    const found = await survey(client, {
        ...inputs,
        known: Object.keys(old.scheduledAudits ?? {}),
        adding: p.adding,
        disabling: p.disabling,
    });
    const { before, after } = configCalls(old, inputs, p);
    if (before)
        await updateConfiguration(client, inputs, before.roleArn, before.targets, before.checks);
    const scheduledAuditArns = await applySchedules(
        client,
        {
            region: inputs.region,
            previous: old.scheduledAudits ?? {},
            previousTags: old.tags,
            arns: old.scheduledAuditArns ?? {},
            wanted: inputs.scheduledAudits,
            tags: inputs.tags,
        },
        found,
    );
    if (after) await updateConfiguration(client, inputs, undefined, undefined, after.checks);
    return { outs: { ...inputs, ...prior, scheduledAuditArns } };
}
