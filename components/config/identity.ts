/**
 * The stack's AWS identity settings (`aws:region`, `aws:profile`, `aws:sharedCredentialsFiles`,
 * `aws:assumeRole`/`aws:assumeRoles`, `aws:allowedAccountIds`), read once from stack config and
 * handed to both sides of a deployment: the `@pulumi/aws` provider (`providerArgs`) and the
 * Device Defender dynamic providers (`../aws/session`), so every resource of a stack is deployed
 * with the same credentials.
 *
 * Pure functions and plain data only: the dynamic providers are serialized with what they use.
 * Which `aws:` keys the project honours at all is `./namespaces` (HONOURED_AWS_KEYS).
 */
import type { ProviderArgs } from "@pulumi/aws";

/** A role to assume, in the shape of `@pulumi/aws`'s `assumeRoles` items. */
export interface AssumeRole {
    roleArn: string;
    sessionName?: string;
    externalId?: string;
    /** Session length in seconds (900-43200); `duration` in config ("1h", "15m", "3600s"). */
    durationSeconds?: number;
    policy?: string;
    policyArns?: string[];
    tags?: Record<string, string>;
    transitiveTagKeys?: string[];
    sourceIdentity?: string;
}

export interface AwsIdentity {
    region: string;
    profile?: string;
    /** At most one file: the SDK's shared-credentials loader reads one. */
    sharedCredentialsFiles?: string[];
    /** Roles assumed in order, each with the credentials of the one before (a role chain). */
    assumeRoles: AssumeRole[];
    allowedAccountIds?: string[];
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const ACCOUNT_ID = /^\d{12}$/;
const SESSION = { min: 900, max: 43_200 };

/**
 * Reads the identity from config values (`get("aws:profile")`): runtime strings (JSON for
 * structure, as `pulumi.runtime.allConfig()` and the dynamic provider host hand them over) or
 * already-parsed structure. Returns every problem, each naming the key, the value and what is
 * allowed, instead of throwing.
 */
export function readIdentity(get: (key: string) => unknown): {
    identity: AwsIdentity;
    problems: string[];
} {
    const problems: string[] = [];
    const region = get("aws:region");
    const identity: AwsIdentity = {
        region: typeof region === "string" ? region : "",
        assumeRoles: [],
    };
    const profile = get("aws:profile");
    if (profile !== undefined) {
        if (typeof profile === "string" && profile.length > 0) identity.profile = profile;
        else problems.push(`aws:profile: must be a profile name; got ${show(profile)}`);
    }
    const files = structure(get, "aws:sharedCredentialsFiles", problems);
    if (files !== undefined) {
        if (!isStringList(files) || files.length !== 1)
            problems.push(
                `aws:sharedCredentialsFiles: must list exactly one file (the Device Defender resources read one shared credentials file); got ${show(files)}`,
            );
        else identity.sharedCredentialsFiles = files;
    }
    const one = structure(get, "aws:assumeRole", problems);
    const many = structure(get, "aws:assumeRoles", problems);
    if (one !== undefined && many !== undefined)
        problems.push(
            "aws:assumeRole: set either aws:assumeRole or aws:assumeRoles, not both; got both",
        );
    else if (one !== undefined) identity.assumeRoles = roles([one], "aws:assumeRole", problems);
    else if (many !== undefined) {
        if (Array.isArray(many)) identity.assumeRoles = roles(many, "aws:assumeRoles", problems);
        else problems.push(`aws:assumeRoles: must be a list of roles; got ${show(many)}`);
    }
    const allowed = structure(get, "aws:allowedAccountIds", problems);
    if (allowed !== undefined) {
        // YAML reads an unquoted account id as a number.
        const ids = Array.isArray(allowed) ? allowed.map(String) : [];
        if (ids.length === 0 || !ids.every(id => ACCOUNT_ID.test(id)))
            problems.push(
                `aws:allowedAccountIds: must be a list of 12-digit AWS account ids; got ${show(allowed)}`,
            );
        else identity.allowedAccountIds = ids;
    }
    return { identity, problems };
}

/** The identity, or an error listing every problem. For the dynamic providers' `configure`. */
export function identityFrom(get: (key: string) => unknown): AwsIdentity {
    const { identity, problems } = readIdentity(get);
    if (problems.length > 0)
        throw new Error(
            `Invalid AWS settings in the stack config:\n  - ${problems.join("\n  - ")}`,
        );
    return identity;
}

/** The same identity as `@pulumi/aws` Provider arguments (v7 spells a role's session length `duration`). */
export function providerArgs(
    identity: AwsIdentity,
): Pick<ProviderArgs, "profile" | "sharedCredentialsFiles" | "assumeRoles" | "allowedAccountIds"> {
    return {
        ...(identity.profile ? { profile: identity.profile } : {}),
        ...(identity.sharedCredentialsFiles
            ? { sharedCredentialsFiles: identity.sharedCredentialsFiles }
            : {}),
        ...(identity.assumeRoles.length > 0
            ? {
                  assumeRoles: identity.assumeRoles.map(({ durationSeconds, ...role }) => ({
                      ...role,
                      ...(durationSeconds !== undefined ? { duration: `${durationSeconds}s` } : {}),
                  })),
              }
            : {}),
        ...(identity.allowedAccountIds ? { allowedAccountIds: identity.allowedAccountIds } : {}),
    };
}

function roles(list: unknown[], key: string, problems: string[]): AssumeRole[] {
    const out: AssumeRole[] = [];
    list.forEach((item, i) => {
        const at = key === "aws:assumeRoles" ? `${key}[${i}]` : key;
        const role = assumeRole(item, at, problems);
        if (role) out.push(role);
    });
    return out;
}

const ROLE_KEYS = [
    "roleArn",
    "sessionName",
    "externalId",
    "duration",
    "durationSeconds",
    "policy",
    "policyArns",
    "tags",
    "transitiveTagKeys",
    "sourceIdentity",
];

function assumeRole(value: unknown, at: string, problems: string[]): AssumeRole | undefined {
    if (!value || typeof value !== "object" || Array.isArray(value)) {
        problems.push(`${at}: must be an object with a roleArn; got ${show(value)}`);
        return undefined;
    }
    const v = value as Record<string, unknown>;
    const before = problems.length;
    for (const k of Object.keys(v).filter(k => !ROLE_KEYS.includes(k)))
        problems.push(
            `${at}.${k}: is not a setting of an assumed role; allowed: ${ROLE_KEYS.join(", ")}`,
        );
    if (typeof v.roleArn !== "string" || !ROLE_ARN.test(v.roleArn))
        problems.push(
            `${at}.roleArn: must be an IAM role ARN (arn:aws:iam::<account>:role/<name>); got ${show(v.roleArn)}`,
        );
    for (const k of ["sessionName", "externalId", "policy", "sourceIdentity"])
        if (v[k] !== undefined && (typeof v[k] !== "string" || v[k] === ""))
            problems.push(`${at}.${k}: must be a non-empty string; got ${show(v[k])}`);
    for (const k of ["policyArns", "transitiveTagKeys"])
        if (v[k] !== undefined && !isStringList(v[k]))
            problems.push(`${at}.${k}: must be a list of strings; got ${show(v[k])}`);
    if (
        v.tags !== undefined &&
        (!v.tags ||
            typeof v.tags !== "object" ||
            Array.isArray(v.tags) ||
            !Object.values(v.tags).every(t => typeof t === "string"))
    )
        problems.push(`${at}.tags: must be a map of tag key to string value; got ${show(v.tags)}`);
    const seconds = durationOf(v, at, problems);
    if (problems.length > before) return undefined;
    return {
        roleArn: v.roleArn as string,
        ...pick(v, ["sessionName", "externalId", "policy", "sourceIdentity"]),
        ...pick(v, ["policyArns", "transitiveTagKeys", "tags"]),
        ...(seconds !== undefined ? { durationSeconds: seconds } : {}),
    } as AssumeRole;
}

/** `duration` as `@pulumi/aws` v7 spells it ("1h", "15m", "1h30m", "3600s"), or v6's `durationSeconds`. */
function durationOf(
    v: Record<string, unknown>,
    at: string,
    problems: string[],
): number | undefined {
    let seconds: number | undefined;
    if (v.duration !== undefined && v.durationSeconds !== undefined) {
        problems.push(`${at}.duration: set duration or durationSeconds, not both`);
        return undefined;
    }
    if (typeof v.durationSeconds === "number") seconds = v.durationSeconds;
    else if (v.durationSeconds !== undefined) seconds = NaN;
    if (v.duration !== undefined) {
        const m =
            typeof v.duration === "string"
                ? /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v.duration)
                : null;
        seconds =
            m && v.duration !== ""
                ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)
                : NaN;
    }
    if (
        seconds !== undefined &&
        (!Number.isInteger(seconds) || seconds < SESSION.min || seconds > SESSION.max)
    ) {
        const key = v.duration !== undefined ? "duration" : "durationSeconds";
        problems.push(
            `${at}.${key}: must be a session length from 15m to 12h (${SESSION.min}-${SESSION.max} seconds), like "1h"; got ${show(v[key])}`,
        );
        return undefined;
    }
    return seconds;
}

/** A config value that holds structure: parsed from its runtime JSON string if need be. */
function structure(get: (key: string) => unknown, key: string, problems: string[]): unknown {
    const value = get(key);
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        problems.push(`${key}: must be YAML structure (a list or an object); got ${show(value)}`);
        return undefined;
    }
}

function pick(v: Record<string, unknown>, keys: string[]): Record<string, unknown> {
    return Object.fromEntries(keys.filter(k => v[k] !== undefined).map(k => [k, v[k]]));
}

function isStringList(v: unknown): v is string[] {
    return Array.isArray(v) && v.every(x => typeof x === "string" && x.length > 0);
}

function show(v: unknown): string {
    return v === undefined ? "nothing" : JSON.stringify(v);
}
