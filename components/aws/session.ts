/**
 * The credentials the Device Defender dynamic providers call AWS with. Each provider's
 * `configure` (run by the Pulumi host once per provider, with the whole stack config) reads the
 * stack's identity (`./identity`) and sets it here; every client `./calls` builds then uses it:
 * the profile (from the shared credentials file when one is set), then each assumed role in turn,
 * and no call at all in an account outside `aws:allowedAccountIds`. Without `configure` (the
 * offline tools, the ops commands) clients use the SDK's default chain.
 *
 * Plain data and functions: the providers are serialized with what they use, and `session` is
 * filled at run time, in the provider process, never at serialization.
 */
import type { fromIni } from "@aws-sdk/credential-providers";
import { AwsIdentity, identityFrom } from "../config/identity";
import { credentialProviders, stsSdk } from "./sdk";

/** What `fromIni` and `fromTemporaryCredentials` resolve to. */
type Credentials = Awaited<ReturnType<ReturnType<typeof fromIni>>>;
export type CredentialProvider = () => Promise<Credentials>;

/** The stack config as a dynamic provider's `configure` receives it. */
export interface ConfigureRequest {
    config: { get(key: string): unknown };
}

/** Set by `configureAws` in the provider process; empty elsewhere. */
export const session: {
    identity?: AwsIdentity;
    credentials?: CredentialProvider;
    /** Why `configure` failed: every later client refuses too (see `configureAws`). */
    failure?: Error;
} = {};

/**
 * Every dynamic provider's `configure`: the stack's identity becomes the credentials of every
 * client. A stack config without `aws:region` means the host passed no stack config (a Pulumi CLI
 * that sends a dynamic provider only its own namespace): refuse rather than deploy these
 * resources as another identity than the rest of the stack. The host keeps a provider whose
 * `configure` failed and runs its later calls unconfigured, so the failure is kept and every
 * client refuses with it (`./calls` iotClient).
 */
export async function configureAws(req: ConfigureRequest): Promise<void> {
    try {
        if (req.config.get("aws:region") === undefined)
            throw new Error(
                "The Device Defender dynamic providers received no aws:region from the stack config: this Pulumi CLI does not " +
                    "pass the stack config to dynamic providers (pulumi/pulumi#17229). Upgrade the Pulumi CLI.",
            );
        const identity = identityFrom(k => req.config.get(k));
        session.identity = identity;
        session.credentials = credentialsFor(identity);
        session.failure = undefined;
    } catch (err) {
        session.failure = err as Error;
        throw err;
    }
}

/**
 * The credential chain of an identity: the profile (or the default chain), then each role
 * assumed with the credentials before it; resolved once and shared by every client until close
 * to expiry; checked against `allowedAccountIds` on first use. Undefined when the identity sets
 * nothing, so clients keep the SDK's default chain.
 */
export function credentialsFor(identity: AwsIdentity): CredentialProvider | undefined {
    let chain: CredentialProvider | undefined =
        identity.profile || identity.sharedCredentialsFiles
            ? credentialProviders().fromIni({
                  ...(identity.profile ? { profile: identity.profile } : {}),
                  ...(identity.sharedCredentialsFiles
                      ? { filepath: identity.sharedCredentialsFiles[0] }
                      : {}),
              })
            : undefined;
    for (const role of identity.assumeRoles) {
        chain = credentialProviders().fromTemporaryCredentials({
            ...(chain ? { masterCredentials: chain } : {}),
            clientConfig: { region: identity.region },
            params: {
                RoleArn: role.roleArn,
                RoleSessionName: role.sessionName ?? "iot-defender",
                ExternalId: role.externalId,
                DurationSeconds: role.durationSeconds,
                Policy: role.policy,
                PolicyArns: role.policyArns?.map(arn => ({ arn })),
                Tags: role.tags
                    ? Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value }))
                    : undefined,
                TransitiveTagKeys: role.transitiveTagKeys,
                SourceIdentity: role.sourceIdentity,
            },
        });
    }
    if (!chain && !identity.allowedAccountIds) return undefined;
    return shared(checkedAccount(chain, identity));
}

/** The account the credentials belong to (STS GetCallerIdentity). */
export async function accountOf(
    region: string,
    credentials: CredentialProvider | undefined,
): Promise<string> {
    const sts = new (stsSdk().STSClient)({ region, ...(credentials ? { credentials } : {}) });
    const { Account } = await sts.send(new (stsSdk().GetCallerIdentityCommand)({}));
    if (!Account) throw new Error("STS GetCallerIdentity returned no account id");
    return Account;
}

/** The credentials, refused on first use if their account is not in `aws:allowedAccountIds`. */
function checkedAccount(
    chain: CredentialProvider | undefined,
    identity: AwsIdentity,
): CredentialProvider {
    const allowed = identity.allowedAccountIds;
    const base: CredentialProvider = chain ?? credentialProviders().fromNodeProviderChain();
    if (!allowed) return base;
    let checked = false;
    return async () => {
        const credentials = await base();
        if (!checked) {
            const account = await accountOf(identity.region, async () => credentials);
            if (!allowed.includes(account))
                throw new Error(
                    `The AWS credentials are of account ${account}, which aws:allowedAccountIds (${allowed.join(", ")}) does not allow: ` +
                        "no Device Defender resource is changed. Use credentials of an allowed account (aws:profile, aws:assumeRoles or the environment).",
                );
            checked = true;
        }
        return credentials;
    };
}

/** One resolution shared by every client, renewed five minutes before it expires. */
function shared(provider: CredentialProvider): CredentialProvider {
    let current: Promise<Credentials> | undefined;
    return async () => {
        const held = current ? await current.catch(() => undefined) : undefined;
        const expiry = held?.expiration?.getTime();
        if (held && (expiry === undefined || expiry - Date.now() > 5 * 60_000)) return held;
        current = provider();
        return current;
    };
}
