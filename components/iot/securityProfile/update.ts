/** Update a security profile: its changed definition fields, then its targets and tags. */
import type { IoTClient, UpdateSecurityProfileRequest } from "@aws-sdk/client-iot";
import { IotTag, syncTags } from "../tags";
import { changedKeys, cleanInputs, sameValue } from "../inputs";
import { callAws, errorName, iotClient } from "../../aws/calls";
import { describeProfile, describeWhat, syncTargets } from "./calls";
import { comparable, definitionChanges } from "./comparable";
import { DEFINITION, DELETE_FLAGS, SecurityProfileInputs, SecurityProfileOutputs } from "./types";
import { iotSdk } from "../../aws/sdk";

export async function update(
    _id: string,
    olds: SecurityProfileOutputs,
    news: SecurityProfileInputs,
) {
    const ins = cleanInputs(news);
    const name = ins.securityProfileName;
    const what = describeWhat(name);
    const client = iotClient(ins.region);
    const before = comparable(olds);
    const after = comparable(ins);
    let { arn, version } = olds;

    const changed = changedKeys(before, after, DEFINITION) as (keyof typeof DELETE_FLAGS)[];
    if (changed.length > 0) {
        const request: UpdateSecurityProfileRequest = {
            securityProfileName: name,
            expectedVersion: olds.version,
        };
        const fields = request as unknown as Record<string, unknown>;
        for (const key of changed) {
            const value = after[key] === undefined ? undefined : ins[key]; // as written: defaults are filled for comparing only
            const flag = DELETE_FLAGS[key];
            if (value !== undefined) fields[key] = value;
            else if (flag)
                fields[flag] = true; // the API keeps omitted fields: clear explicitly
            else fields[key] = ""; // the description has no delete flag; an empty one clears it
        }
        try {
            const res = await callAws(`Update ${what}`, () =>
                client.send(new (iotSdk().UpdateSecurityProfileCommand)(request)),
            );
            arn = res.securityProfileArn ?? arn;
            version = res.version ?? version;
        } catch (err) {
            if (errorName(err) !== "VersionConflictException") throw err;
            ({ arn, version } = await alreadyUpdated(client, olds, ins, err as Error));
        }
    }

    await syncTargets(client, name, olds.targets ?? [], ins.targets ?? []);

    if (!sameValue(before.tags, after.tags))
        await syncTags(
            client,
            arn,
            olds.tags as IotTag[] | undefined,
            ins.tags as IotTag[] | undefined,
            what,
        );
    return { outs: cleanInputs({ ...ins, arn, version }) };
}

/**
 * After a version conflict: this stack's own update may already be applied, its new version never
 * saved (a later step of the same update failed, or a retried call whose first attempt went
 * through). If the live definition is the one wanted, go on from the live version; otherwise the
 * profile was changed outside Pulumi, and the user must look at it.
 */
export async function alreadyUpdated(
    client: IoTClient,
    olds: SecurityProfileOutputs,
    ins: SecurityProfileInputs,
    conflict: Error,
): Promise<{ arn: string; version: number }> {
    const name = ins.securityProfileName;
    const current = await describeProfile(client, name);
    const differs = definitionChanges(current, ins);
    if (differs.length > 0) {
        throw new Error(
            `Security profile ${name} was changed outside Pulumi (its version is no longer ${olds.version} but ${current.version}, ` +
                `and it differs from this stack's definition in ${differs.join(", ")}). Run \`pulumi refresh\` to read its current state, then \`pulumi up\` again. (${conflict.message})`,
        );
    }
    return {
        arn: current.securityProfileArn ?? olds.arn,
        version: current.version ?? olds.version,
    };
}
