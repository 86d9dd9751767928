/** Create a security profile, or adopt it when it provably is this stack's own. */
import type { AlertTarget, AlertTargetType, IoTClient } from "@aws-sdk/client-iot";
import { IotTag, syncTags } from "../tags";
import { refuseIfDifferent, requireOwn } from "../ownership";
import { cleanInputs } from "../inputs";
import { callAws, iotClient, isAlreadyExists } from "../../aws/calls";
import { detectWrite } from "../detectAccess";
import { attach, describeProfile, describeWhat, listTargets, syncTargets } from "./calls";
import { definitionChanges, definitionOf, isEmpty } from "./comparable";
import { SecurityProfileInputs } from "./types";
import { iotSdk } from "../../aws/sdk";

export async function create(inputs: SecurityProfileInputs) {
    const ins = cleanInputs(inputs);
    const name = ins.securityProfileName;
    const what = describeWhat(name);
    const client = iotClient(ins.region);
    const targets = [...new Set(ins.targets ?? [])];
    try {
        const def = definitionOf(ins) as Partial<SecurityProfileInputs>;
        await detectWrite(() =>
            callAws(`Create ${what}`, () =>
                client.send(
                    new (iotSdk().CreateSecurityProfileCommand)({
                        securityProfileName: name,
                        securityProfileDescription: def.securityProfileDescription,
                        behaviors: def.behaviors,
                        alertTargets: def.alertTargets as
                            Partial<Record<AlertTargetType, AlertTarget>> | undefined,
                        additionalMetricsToRetainV2: def.additionalMetricsToRetainV2,
                        metricsExportConfig: def.metricsExportConfig,
                        tags: isEmpty(ins.tags) ? undefined : ins.tags,
                    }),
                ),
            ),
        );
    } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        return adopt(client, ins);
    }
    for (const target of targets) await attach(client, name, target);
    // The create response has no version; the next update needs it for optimistic locking.
    const live = await describeProfile(client, name);
    return {
        id: name,
        outs: cleanInputs({ ...ins, arn: live.securityProfileArn!, version: live.version! }),
    };
}

/**
 * The profile already exists: adopt it only if its definition is what the inputs say and it is
 * tagged as this stack's own (Pulumi crashed after creating it and before saving state); otherwise
 * refuse with a way out, before touching its targets or tags.
 */
export async function adopt(client: IoTClient, ins: SecurityProfileInputs) {
    const name = ins.securityProfileName;
    const what = describeWhat(name);
    const live = await describeProfile(client, name);
    const deleteCommand = `aws iot delete-security-profile --security-profile-name ${name}`;
    const arn = live.securityProfileArn!;
    const existing = { what, region: ins.region, arn, deleteCommand };
    const tags = ins.tags as IotTag[] | undefined;
    // Whose it is first, as for the named resources (ownership.ts, createOrAdopt).
    const liveTags = await requireOwn(client, existing, tags);
    refuseIfDifferent(what, ins.region, definitionChanges(live, ins), deleteCommand);
    await syncTags(client, arn, liveTags, tags, what);
    // Adopted means attached exactly as the inputs say: extra targets are detached, as update does.
    await syncTargets(client, name, await listTargets(client, name), ins.targets ?? []);
    return { id: name, outs: cleanInputs({ ...ins, arn, version: live.version! }) };
}
