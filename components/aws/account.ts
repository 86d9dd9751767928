/**
 * The guard before an account-wide write (the account's audit configuration): the credentials the
 * dynamic providers use (`./session`) must be of the stack's account, the one its `@pulumi/aws`
 * resources are in, and of an account `aws:allowedAccountIds` allows. A mismatch would configure
 * another account's audit with this stack's role and topic, so it fails, naming both accounts,
 * before anything is written.
 */
import { callAws } from "./calls";
import { accountOf, session } from "./session";

/** Refuses unless the caller's account is `stackAccountId` (and allowed); `what` is the write refused. */
export async function assertStackAccount(
    region: string,
    stackAccountId: string,
    what: string,
): Promise<void> {
    const caller = await callAws("Read the caller's account (sts:GetCallerIdentity)", () =>
        accountOf(region, session.credentials),
    );
    if (caller !== stackAccountId) {
        throw new Error(
            `Refusing to ${what}: the Device Defender resources' credentials are of account ${caller}, ` +
                `but this stack is in account ${stackAccountId} (where its other resources are). Nothing was changed. ` +
                "Deploy the whole stack as one identity: set aws:profile or aws:assumeRoles in Pulumi.<stack>.yaml, " +
                "or one AWS_PROFILE (or set of keys) for the whole run.",
        );
    }
    const allowed = session.identity?.allowedAccountIds;
    if (allowed && !allowed.includes(caller)) {
        throw new Error(
            `Refusing to ${what}: account ${caller} is not in aws:allowedAccountIds (${allowed.join(", ")}). Nothing was changed.`,
        );
    }
}
