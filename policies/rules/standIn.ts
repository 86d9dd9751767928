/**
 * Stand-in ARNs: how the stack rules write, in preview, the ARN of a resource the stack creates
 * (unknown until deploy). A stand-in has the resource's partition, service, region and, when the
 * stack's account is known in preview, account; its resource part is one no real ARN has. It equals
 * only itself. A pattern that may or may not match the real ARN (an account, a name or a wildcard
 * over them) makes the check stop on the unknown it stands for, so the rule notes that it cannot run
 * in preview instead of deciding on a guess.
 */
import { wildcardMatch } from "./common";

const MARK = "(known-after-deploy)";
/** The unknown (the props proxy's UnknownValueError) each stand-in stands for. */
const unknownOfStandIn = new Map<string, Error>();

export interface ArnPlace {
    readonly partition: string;
    readonly service: string;
    readonly region: string;
    /** Undefined while the stack's account is not known in preview. */
    readonly account?: string;
    /** How the resource part of the type's ARNs begins (`role/`, `key/`; empty for topics). */
    readonly prefix: string;
}

/** The stand-in ARN of the resource `urn`, standing for the unknown read `unknown`. */
export function standIn(place: ArnPlace, urn: string, unknown: Error): string {
    const arn = `arn:${place.partition}:${place.service}:${place.region}:${place.account ?? ""}:${place.prefix}${MARK}${urn}`;
    unknownOfStandIn.set(arn, unknown);
    return arn;
}

export const isStandIn = (arn: unknown): boolean =>
    typeof arn === "string" && unknownOfStandIn.has(arn);

/** Stops the check on the unknown a stand-in stands for (the server's preview note). */
export function undecided(arn: string): never {
    throw unknownOfStandIn.get(arn)!;
}

/**
 * Whether an ARN pattern (`*` and `?` wildcards) matches an ARN, as IAM compares them. For a
 * stand-in: `*` and the stand-in itself match; another stand-in (another resource) or a pattern
 * whose partition, service, region or account differs does not; a pattern over the known fields
 * whose resource part is `*` does; anything else (a name, an account not yet known) is undecided.
 */
export function arnMatches(pattern: string, arn: string): boolean {
    if (!isStandIn(arn)) return wildcardMatch(pattern, arn);
    if (pattern === "*" || pattern === arn) return true;
    if (isStandIn(pattern)) return false;
    const p = pattern.split(":");
    const a = arn.split(":");
    if (p.length < 6 || p[0] !== "arn") return false;
    const known = [1, 2, 3, 4].filter(i => a[i] !== "" || i === 3);
    if (known.some(i => !wildcardMatch(p[i], a[i]))) return false;
    const rest = resourcePart(p);
    if (!/[*?]/.test(rest) && !rest.startsWith(resourcePart(a).split(MARK)[0])) return false; // another kind of resource (`root`, `user/x` for a role)
    const accountOpen = a[4] !== "" || /^\**$/.test(p[4]);
    if (accountOpen && /^\*+$/.test(p.slice(5).join(":"))) return true;
    return undecided(arn);
}

/** The resource part of a split ARN (after the account). */
const resourcePart = (fields: readonly string[]) => fields.slice(5).join(":");

/** Whether a principal or condition value names exactly this ARN (no wildcards: ArnEquals, principals). */
export function sameArn(value: string, arn: string): boolean {
    if (!isStandIn(arn)) return value === arn;
    if (value === arn) return true;
    if (isStandIn(value) || !value.startsWith("arn:")) return false;
    const v = value.split(":");
    const a = arn.split(":");
    if ([1, 2, 3].some(i => v[i] !== a[i]) || (a[4] !== "" && v[4] !== a[4])) return false;
    if (!resourcePart(v).startsWith(resourcePart(a).split(MARK)[0])) return false; // `root`, another kind
    return undecided(arn);
}
