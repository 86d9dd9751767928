/**
 * Deleting the account audit resource: its scheduled audits, then the configuration, which is
 * restored to the one adopted (`priorConfiguration`) or deleted. Deleting the configuration
 * disables every check, so it refuses, changing nothing, while scheduled audits it does not hold
 * exist; restoring refuses while an audit outside the stack uses a check the restore disables.
 */
import { assertStackAccount } from "../../aws/account";
import { iotClient } from "../../aws/calls";
import { cleanInputs } from "../inputs";
import {
    deleteConfiguration,
    deleteScheduledAudit,
    listScheduledAudits,
    updateConfiguration,
} from "./calls";
import { enabledNames, targetsToSend } from "./mapping";
import { applyReleases, assertNoOutsideAudits, survey } from "./release";
import { AccountAuditOutputs, Checks, PriorConfiguration, where } from "./types";

export async function remove(_id: string, props: AccountAuditOutputs): Promise<void> {
    const state = cleanInputs(props);
    await assertStackAccount(
        state.region,
        state.accountId,
        `delete the audit configuration of ${where(state)}`,
    );
    const client = iotClient(state.region);
    const own = Object.keys(state.scheduledAudits ?? {});
    if (!state.priorConfiguration) {
        const live = await listScheduledAudits(client, state);
        assertNoOutsideAudits(state, live, own);
        for (const name of own.filter(n => live.has(n)))
            await deleteScheduledAudit(client, state.region, name);
        await deleteConfiguration(client, state);
        return;
    }
    const prior = JSON.parse(state.priorConfiguration) as PriorConfiguration;
    const checks: Checks = {};
    for (const name of Object.keys(state.auditCheckConfigurations ?? {}))
        checks[name] = { enabled: false };
    Object.assign(checks, prior.auditCheckConfigurations);
    // As in update: an audit outside the stack that runs a check the restore disables stops it
    // here, unless its tags prove it the stack's (then it is freed as one the stack drops).
    const found = await survey(client, {
        ...state,
        known: own,
        adding: [],
        disabling: enabledNames(state.auditCheckConfigurations).filter(
            n => checks[n]?.enabled !== true,
        ),
        purpose: " to restore the prior (adopted) configuration",
    });
    for (const name of own) await deleteScheduledAudit(client, state.region, name);
    await applyReleases(client, state.region, found.releases);
    await updateConfiguration(
        client,
        state,
        prior.roleArn,
        targetsToSend(
            prior.auditNotificationTargetConfigurations,
            state.auditNotificationTargetConfigurations,
        ),
        checks,
    );
}
