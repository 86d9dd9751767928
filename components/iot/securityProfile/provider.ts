/** The SecurityProfile dynamic provider: its methods, each in its own file, put together. */
import * as pulumi from "@pulumi/pulumi";
import { DiffResult, diffKeys } from "../inputs";
import { callAws, iotClient, isNotFound } from "../../aws/calls";
import { configureAws } from "../../aws/session";
import { describeWhat } from "./calls";
import { comparable } from "./comparable";
import { create } from "./create";
import { check } from "./inputChecks";
import { read } from "./read";
import { KEYS, REPLACE_KEYS, SecurityProfileInputs, SecurityProfileOutputs } from "./types";
import { update } from "./update";
import { iotSdk } from "../../aws/sdk";

async function diff(
    _id: string,
    olds: SecurityProfileOutputs,
    news: SecurityProfileInputs,
): Promise<DiffResult> {
    return diffKeys(comparable(olds), comparable(news), KEYS, REPLACE_KEYS);
}

async function deleteProfile(_id: string, props: SecurityProfileOutputs): Promise<void> {
    const name = props.securityProfileName;
    const client = iotClient(props.region);
    try {
        // No expectedVersion: deleting must not fail because of drift. Attachments go with the profile.
        await callAws(`Delete ${describeWhat(name)}`, () =>
            client.send(new (iotSdk().DeleteSecurityProfileCommand)({ securityProfileName: name })),
        );
    } catch (err) {
        if (!isNotFound(err)) throw err;
    }
}

export const securityProfileProvider: pulumi.dynamic.ResourceProvider<
    SecurityProfileInputs,
    SecurityProfileOutputs
> = {
    configure: configureAws,
    check,
    diff,
    create,
    read,
    update,
    delete: deleteProfile,
};
