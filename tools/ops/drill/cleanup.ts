/**
 * Removes what drills created, and only that: the run's own ledger after every drill (success,
 * failure, timeout, Ctrl-C), or, for `drill --cleanup`, leftovers found by the stack's drill
 * marker (tags on groups and policies, an attribute on things) and the certificates attached to
 * them and to nothing else. Every step goes on when one fails, and what is already gone counts as
 * removed.
 */
import {
    DeleteCertificateCommand,
    DeletePolicyCommand,
    DeleteThingCommand,
    DeleteThingGroupCommand,
    DetachPolicyCommand,
    DetachThingPrincipalCommand,
    ListAttachedPoliciesCommand,
    ListPoliciesCommand,
    ListPrincipalThingsCommand,
    ListTagsForResourceCommand,
    ListTargetsForPolicyCommand,
    ListThingGroupsCommand,
    ListThingGroupsForThingCommand,
    ListThingPrincipalsCommand,
    ListThingsCommand,
    RemoveThingFromThingGroupCommand,
    UpdateCertificateCommand,
} from "@aws-sdk/client-iot";
import { allPages, request, requestIfExists } from "../aws";
import { OpsContext } from "../context";
import { AwsCallError, describeError } from "../errors";
import { DRILL_ATTRIBUTE, DRILL_TAGS } from "./plan";
import { Ledger } from "./setup";

/** What to remove. Certificates by ID and ARN. */
export interface DrillResources {
    readonly thingGroups: readonly string[];
    readonly things: readonly string[];
    readonly certificates: readonly { readonly id: string; readonly arn: string }[];
    readonly policies: readonly string[];
}

/** Leftovers found by `drill --cleanup`, and what looked like one but is not provably the drill's. */
export interface Leftovers extends DrillResources {
    /** One line per resource left alone, with the reason. */
    readonly skipped: readonly string[];
}

export interface CleanupReport {
    /** `kind name` of each resource removed (or found already gone). */
    readonly removed: string[];
    /** One line per step that failed. */
    readonly failed: string[];
}

/** DetachThingPrincipal is asynchronous: DeleteCertificate may refuse for a few seconds. */
const CERTIFICATE_DELETE = { attempts: 6, waitMs: 2000 };

export function fromLedger(ledger: Ledger): DrillResources {
    return {
        thingGroups: ledger.thingGroup ? [ledger.thingGroup] : [],
        things: ledger.thing ? [ledger.thing] : [],
        certificates: ledger.certificate ? [ledger.certificate] : [],
        policies: ledger.policy ? [ledger.policy] : [],
    };
}

export async function removeDrillResources(
    ctx: OpsContext,
    res: DrillResources,
): Promise<CleanupReport> {
    const report: CleanupReport = { removed: [], failed: [] };
    const attempt = async (what: string, work: () => Promise<unknown>) => {
        try {
            await work();
            return true;
        } catch (err) {
            report.failed.push(`${what}: ${describeError(err)}`);
            return false;
        }
    };
    const iot = ctx.iot;
    const send = <T>(action: string, call: () => Promise<T>) => requestIfExists(ctx, action, call);

    for (const policy of res.policies) {
        await attempt(`detach policy ${policy}`, async () => {
            const targets = await policyTargets(ctx, policy);
            for (const target of targets)
                await send("iot:DetachPolicy", () =>
                    iot.send(new DetachPolicyCommand({ policyName: policy, target })),
                );
        });
    }
    for (const thing of res.things) {
        await attempt(`detach principals of thing ${thing}`, async () => {
            const principals = await thingPrincipals(ctx, thing);
            for (const principal of principals)
                await send("iot:DetachThingPrincipal", () =>
                    iot.send(new DetachThingPrincipalCommand({ thingName: thing, principal })),
                );
        });
    }
    for (const cert of res.certificates) {
        const gone = await attempt(`delete certificate ${cert.id}`, async () => {
            await send("iot:UpdateCertificate", () =>
                iot.send(
                    new UpdateCertificateCommand({ certificateId: cert.id, newStatus: "INACTIVE" }),
                ),
            );
            await deleteCertificate(ctx, cert.id);
        });
        if (gone) report.removed.push(`certificate ${cert.id}`);
    }
    for (const thing of res.things) {
        const gone = await attempt(`delete thing ${thing}`, async () => {
            // Every group it is in: the drill group, and quarantine if the responder put it there.
            const groups = await thingGroupsOf(ctx, thing);
            for (const group of groups)
                await send("iot:RemoveThingFromThingGroup", () =>
                    iot.send(
                        new RemoveThingFromThingGroupCommand({
                            thingName: thing,
                            thingGroupName: group,
                        }),
                    ),
                );
            await send("iot:DeleteThing", () =>
                iot.send(new DeleteThingCommand({ thingName: thing })),
            );
        });
        if (gone) report.removed.push(`thing ${thing}`);
    }
    for (const policy of res.policies) {
        const gone = await attempt(`delete policy ${policy}`, () =>
            send("iot:DeletePolicy", () =>
                iot.send(new DeletePolicyCommand({ policyName: policy })),
            ),
        );
        if (gone) report.removed.push(`policy ${policy}`);
    }
    for (const group of res.thingGroups) {
        const gone = await attempt(`delete thing group ${group}`, () =>
            send("iot:DeleteThingGroup", () =>
                iot.send(new DeleteThingGroupCommand({ thingGroupName: group })),
            ),
        );
        if (gone) report.removed.push(`thing group ${group}`);
    }
    return report;
}

async function deleteCertificate(ctx: OpsContext, id: string): Promise<void> {
    for (let i = 1; ; i++) {
        try {
            await requestIfExists(ctx, "iot:DeleteCertificate", () =>
                ctx.iot.send(new DeleteCertificateCommand({ certificateId: id })),
            );
            return;
        } catch (err) {
            const name = err instanceof AwsCallError ? (err.cause as Error)?.name : undefined;
            const stillAttached =
                name === "DeleteConflictException" || name === "CertificateStateException";
            if (!stillAttached || i >= CERTIFICATE_DELETE.attempts) throw err;
            await ctx.sleep(CERTIFICATE_DELETE.waitMs);
        }
    }
}

const policyTargets = (ctx: OpsContext, policyName: string) =>
    allPages(async marker => {
        const page = await requestIfExists(ctx, "iot:ListTargetsForPolicy", () =>
            ctx.iot.send(new ListTargetsForPolicyCommand({ policyName, marker })),
        );
        return { items: page?.targets, next: page?.nextMarker };
    });

const thingPrincipals = (ctx: OpsContext, thingName: string) =>
    allPages(async nextToken => {
        const page = await requestIfExists(ctx, "iot:ListThingPrincipals", () =>
            ctx.iot.send(new ListThingPrincipalsCommand({ thingName, nextToken })),
        );
        return { items: page?.principals, next: page?.nextToken };
    });

/** The names of the groups a thing is in (none when the thing is gone). */
export async function thingGroupsOf(ctx: OpsContext, thingName: string): Promise<string[]> {
    const groups = await allPages(async nextToken => {
        const page = await requestIfExists(ctx, "iot:ListThingGroupsForThing", () =>
            ctx.iot.send(new ListThingGroupsForThingCommand({ thingName, nextToken })),
        );
        return { items: page?.thingGroups, next: page?.nextToken };
    });
    return groups.map(g => g.groupName).filter((g): g is string => !!g);
}

/**
 * Drill resources of this stack still in the account: groups and policies whose names start with
 * the stack's drill prefix and whose marker tag is the stack's; things with the marker attribute
 * and the prefix; and the certificates attached to those things and policies. Certificates take no
 * tags: one is the drill's only when every thing and policy it is attached to is one of these
 * leftovers (a drill attaches its certificate to its own thing and policy only); any other is
 * skipped, with what else it is attached to.
 */
export async function findLeftovers(
    ctx: OpsContext,
    prefix: string,
    marker: string,
): Promise<Leftovers> {
    const iot = ctx.iot;
    const marked = async (arn: string) => {
        const tags = await allPages(async nextToken => {
            const page = await request(ctx, "iot:ListTagsForResource", () =>
                iot.send(new ListTagsForResourceCommand({ resourceArn: arn, nextToken })),
            );
            return { items: page.tags, next: page.nextToken };
        });
        return tags.some(t => t.Key === DRILL_TAGS.marker && t.Value === marker);
    };
    const groups = await allPages(async nextToken => {
        const page = await request(ctx, "iot:ListThingGroups", () =>
            iot.send(new ListThingGroupsCommand({ namePrefixFilter: prefix, nextToken })),
        );
        return { items: page.thingGroups, next: page.nextToken };
    });
    const thingGroups: string[] = [];
    for (const g of groups)
        if (g.groupName?.startsWith(prefix) && g.groupArn && (await marked(g.groupArn)))
            thingGroups.push(g.groupName);

    const listed = await allPages(async nextToken => {
        const page = await request(ctx, "iot:ListThings", () =>
            iot.send(
                new ListThingsCommand({
                    attributeName: DRILL_ATTRIBUTE,
                    attributeValue: marker,
                    nextToken,
                }),
            ),
        );
        return { items: page.things, next: page.nextToken };
    });
    const things = listed
        .filter(t => t.thingName?.startsWith(prefix) && t.attributes?.[DRILL_ATTRIBUTE] === marker)
        .map(t => t.thingName!);

    const allPolicies = await allPages(async marker => {
        const page = await request(ctx, "iot:ListPolicies", () =>
            iot.send(new ListPoliciesCommand({ marker })),
        );
        return { items: page.policies, next: page.nextMarker };
    });
    const policies: string[] = [];
    for (const p of allPolicies)
        if (p.policyName?.startsWith(prefix) && p.policyArn && (await marked(p.policyArn)))
            policies.push(p.policyName);

    const certArns = new Set<string>();
    for (const thing of things) (await thingPrincipals(ctx, thing)).forEach(a => certArns.add(a));
    for (const policy of policies) (await policyTargets(ctx, policy)).forEach(a => certArns.add(a));
    const certificates: { id: string; arn: string }[] = [];
    const skipped: string[] = [];
    for (const arn of [...certArns].filter(a => /:cert\/[0-9a-f]+$/.test(a))) {
        const id = arn.split("/").pop()!;
        const foreign = await attachedElsewhere(ctx, arn, new Set(things), new Set(policies));
        if (foreign.length === 0) certificates.push({ id, arn });
        else
            skipped.push(
                `certificate ${id}: also attached to ${foreign.join(", ")}, which no drill of this stack made; left as it is`,
            );
    }
    return { thingGroups, things, certificates, policies, skipped };
}

/** What a certificate is attached to besides the drill's leftover things and policies (`thing x`, `policy y`). */
async function attachedElsewhere(
    ctx: OpsContext,
    certArn: string,
    things: ReadonlySet<string>,
    policies: ReadonlySet<string>,
): Promise<string[]> {
    const attachedThings = await allPages(async nextToken => {
        const page = await request(ctx, "iot:ListPrincipalThings", () =>
            ctx.iot.send(new ListPrincipalThingsCommand({ principal: certArn, nextToken })),
        );
        return { items: page.things, next: page.nextToken };
    });
    const attachedPolicies = await allPages(async marker => {
        const page = await request(ctx, "iot:ListAttachedPolicies", () =>
            ctx.iot.send(new ListAttachedPoliciesCommand({ target: certArn, marker })),
        );
        return { items: page.policies, next: page.nextMarker };
    });
    return [
        ...attachedThings.filter(t => !things.has(t)).map(t => `thing ${t}`),
        ...attachedPolicies
            .map(p => p.policyName)
            .filter((p): p is string => !!p && !policies.has(p))
            .map(p => `policy ${p}`),
    ];
}

/** True when nothing is listed. */
export const isEmpty = (r: DrillResources) =>
    r.thingGroups.length + r.things.length + r.certificates.length + r.policies.length === 0;
