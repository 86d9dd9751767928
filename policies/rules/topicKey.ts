/**
 * The publisher's grants on an encrypted alert topic's KMS key: SNS uses the key with the
 * publisher's credentials, so a role allowed sns:Publish but not the key cannot publish.
 */
import type { PolicyResource } from "@pulumi/policy";
import {
    allowedBy,
    applies,
    denied,
    namesAccountOf,
    permits,
    PolicySet,
    Request,
    requestContext,
} from "./access";
import { isAllow, nonEmptyString, Report, Statement, Unknowns } from "./common";
import { arnOf } from "./preview";
import { findKey, findTopic, keyPolicyOf, topicKeyRef } from "./stackResources";

/** KMS actions SNS calls with the publisher's credentials on an encrypted topic (granted as kms:GenerateDataKey* and kms:Decrypt). */
export const KMS_PUBLISH_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

/**
 * Whether a role may use a key for `action`: the key policy allows the role itself, or it delegates
 * to IAM (allows the account, as the default key policy does) and the role's IAM policies allow the
 * action on the key. A Deny that might apply, in the key policy or the IAM policies, wins. The
 * request comes through SNS in the topic's region (kms:ViaService).
 */
function keyAllows(
    keyPolicy: readonly Statement[] | undefined,
    iam: readonly Statement[],
    roleArn: string,
    keyArn: string,
    topicArn: string,
    action: string,
    now: Date,
): boolean {
    const caller = { roleArn };
    const region = topicArn.split(":")[3];
    const request: Request = {
        caller,
        action,
        resource: keyArn,
        context: requestContext(caller, keyArn, now, {
            "kms:ViaService": `sns.${region}.amazonaws.com`,
        }),
    };
    if (keyPolicy === undefined) return permits(request, iam); // no policy set: AWS's default one delegates to IAM
    const sets: PolicySet[] = [
        { statements: keyPolicy, resourcePolicy: true },
        { statements: iam, resourcePolicy: false },
    ];
    if (denied(request, sets)) return false;
    if (allowedBy(request, [sets[0]])) return true;
    const delegates = keyPolicy.some(
        s => isAllow(s) && namesAccountOf(s, caller) && applies(s, request, false),
    );
    return delegates && allowedBy(request, [sets[1]]);
}

/**
 * The role's grants on the topic's key, when the topic is encrypted with a key of the stack (an
 * unencrypted topic is sns-topic-kms-encrypted's business; a key managed elsewhere cannot be read).
 */
export function checkTopicKey(
    t: { what: string; topicArn: string; roleArn: string },
    role: PolicyResource,
    iam: readonly Statement[],
    resources: readonly PolicyResource[],
    unknowns: Unknowns,
    report: Report,
    now: Date,
): void {
    const lookup = new Unknowns();
    const topic = findTopic(resources, t.topicArn, lookup);
    const keyRef = topic && topicKeyRef(topic, resources, lookup);
    const key = nonEmptyString(keyRef) ? findKey(resources, keyRef, lookup) : undefined;
    if (!key) return lookup.rethrow(); // not applicable, unless an unknown value hid the topic or its key
    const keyArn = arnOf(key, resources);
    const keyPolicy = keyPolicyOf(key, unknowns);
    const refused = KMS_PUBLISH_ACTIONS.filter(
        a =>
            !nonEmptyString(keyArn) ||
            !keyAllows(keyPolicy, iam, t.roleArn, keyArn, t.topicArn, a, now),
    );
    if (refused.length > 0) {
        unknowns.violation(
            report,
            `${t.what}: role ${role.name} is not allowed ${refused.join(" and ")} on ${keyArn ?? key.name}, the KMS key of topic ${t.topicArn} (neither by the key policy nor by its IAM policies where the key policy delegates to IAM): publishing to the encrypted topic fails`,
            role.urn,
        );
    }
}
