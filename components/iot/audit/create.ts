/**
 * Creating the account audit resource. The configuration is one per account and region, so it is
 * never silently taken over: create fails unless `adoptExisting` is set, and when adopting records
 * what it found (`priorConfiguration`) so delete can put it back exactly. A scheduled audit that
 * already has a name the stack uses is taken over only when its tags prove it the stack's own.
 */
import type { DescribeAccountAuditConfigurationResponse } from "@aws-sdk/client-iot";
import { assertStackAccount } from "../../aws/account";
import { iotClient } from "../../aws/calls";
import { cleanInputs } from "../inputs";
import { assertKnownChecks, describeConfiguration, updateConfiguration } from "./calls";
import { describeLive, fullCheckMap, hasConfiguration, priorOf, targetsToSend } from "./mapping";
import { survey } from "./release";
import { applySchedules } from "./schedules";
import { AccountAuditInputs, AccountAuditOutputs, where } from "./types";

export async function create(
    news: AccountAuditInputs,
): Promise<{ id: string; outs: AccountAuditOutputs }> {
    const inputs = cleanInputs(news);
    await assertStackAccount(
        inputs.region,
        inputs.accountId,
        `configure audit for ${where(inputs)}`,
    );
    const client = iotClient(inputs.region);
    const live = await describeConfiguration(client, inputs);
    let priorConfiguration: string | undefined;
    // The live configuration already uses this stack's own audit role, whose physical name has a
    // random suffix: only this stack can have set it. That is a create that applied the
    // configuration and died before Pulumi saved state. It is taken over as this stack's own, with
    // no prior configuration recorded, so delete deletes it rather than "restoring" it; unless
    // adopting, when what that run replaced is lost: see `priorLost`.
    const ownRerun = !!live.roleArn && live.roleArn === inputs.roleArn;
    if (ownRerun && inputs.adoptExisting === true) throw priorLost(inputs, live);
    if (hasConfiguration(live) && !ownRerun) {
        if (inputs.adoptExisting !== true) throw exists(inputs, live);
        priorConfiguration = JSON.stringify(priorOf(live));
    }
    const available = Object.keys(live.auditCheckConfigurations ?? {});
    assertKnownChecks(Object.keys(inputs.auditCheckConfigurations), available, inputs);
    // Before any change: a name the stack uses that is taken stops the run here.
    const found = await survey(client, {
        ...inputs,
        known: [],
        adding: Object.keys(inputs.scheduledAudits),
        disabling: [],
    });
    await updateConfiguration(
        client,
        inputs,
        inputs.roleArn,
        targetsToSend(
            inputs.auditNotificationTargetConfigurations,
            live.auditNotificationTargetConfigurations,
        ),
        fullCheckMap(inputs.auditCheckConfigurations, available, live.auditCheckConfigurations),
    );
    const scheduledAuditArns = await applySchedules(
        client,
        {
            region: inputs.region,
            previous: {},
            arns: {},
            wanted: inputs.scheduledAudits,
            tags: inputs.tags,
        },
        found,
    );
    return {
        id: `${inputs.accountId}/${inputs.region}`,
        outs: {
            ...inputs,
            ...(priorConfiguration !== undefined ? { priorConfiguration } : {}),
            scheduledAuditArns,
        },
    };
}

function exists(
    inputs: AccountAuditInputs,
    live: DescribeAccountAuditConfigurationResponse,
): Error {
    return new Error(
        `The Device Defender audit configuration of ${where(inputs)} already exists: ${describeLive(live)}. ` +
            "This stack will not overwrite it silently. To adopt it, set `iot-defender:audit.adoptExisting: true` in Pulumi.<stack>.yaml " +
            "(the prior configuration is recorded and restored on destroy); or remove it with " +
            `\`aws iot delete-account-audit-configuration --region ${inputs.region}\`.`,
    );
}

/**
 * The refusal of a create that would adopt a configuration already set to this stack's own role:
 * an earlier adopting run applied it and died before Pulumi saved state, so what it replaced was
 * recorded nowhere. Taking it as the stack's own would make destroy delete the other owner's
 * configuration; recording "prior unknown" and leaving the configuration on destroy would leave it
 * pointing at this stack's audit role (which destroy deletes), silently, since a dynamic provider
 * cannot warn. Refusing, with nothing changed, tells the person who can still recover it, now.
 */
function priorLost(
    inputs: AccountAuditInputs,
    live: DescribeAccountAuditConfigurationResponse,
): Error {
    return new Error(
        `The Device Defender audit configuration of ${where(inputs)} already uses this stack's audit role ${inputs.roleArn} (${describeLive(live)}), ` +
            "while adoptExisting: true asks to adopt it: an earlier `pulumi up` adopting it applied this stack's configuration and stopped before Pulumi saved state, " +
            "so the configuration it replaced was never recorded and `pulumi destroy` could not restore it. This run changed nothing. Either restore that configuration by hand " +
            `(\`aws iot update-account-audit-configuration --region ${inputs.region} --role-arn <its role> ...\`) and run \`pulumi up\` again, which adopts and records it; ` +
            "or, if there was none to keep, set `iot-defender:audit.adoptExisting: false` in Pulumi.<stack>.yaml and run `pulumi up`: " +
            "the stack then takes the configuration as its own and `pulumi destroy` deletes it.",
    );
}
