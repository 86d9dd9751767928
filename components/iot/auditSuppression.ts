/**
 * AuditSuppression: findings of one audit check on one resource that the account accepts
 * (Create/Describe/Update/DeleteAuditSuppression), as a Pulumi dynamic resource.
 *
 * Identity: AWS knows a suppression by its check and its resource (no name, no ARN), so a change
 * of either is a new suppression (replace). Ownership: suppressions carry no tags, so nothing in
 * AWS can show one is this stack's; only the stack's state can. `create` therefore reads first and
 * refuses a suppression that is already there (another stack's, one made by hand, or one a run
 * made and stopped before Pulumi saved it: all look the same), naming the way out. The one it
 * takes as its own is the one its own create call made: absent when read just before, and equal
 * to what it sent when a retried create is told it exists.
 */
import { randomUUID } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "./dynamicResource";
import type {
    DescribeAuditSuppressionResponse,
    IoTClient,
    ResourceIdentifier,
} from "@aws-sdk/client-iot";
import {
    AUDIT_CHECK_NAMES,
    AUDIT_SUPPRESSION_DESCRIPTION_MAX,
    DESCRIPTION_PATTERN,
    DYNAMIC_MODULE,
    DYNAMIC_TYPES,
    resourceIdentifierProblems,
    suppressionIdentity,
} from "../facts";
import { assertStackAccount } from "../aws/account";
import { callAws, iotClient, isAlreadyExists, unlessNotFound } from "../aws/calls";
import { configureAws } from "../aws/session";
import { CheckFailure, checkRegionAndName, checkString } from "./inputChecks";
import { DiffResult, UNKNOWN, cleanInputs, diffKeys, sameValue } from "./inputs";
import { iotSdk } from "../aws/sdk";

export interface AuditSuppressionInputs {
    region: string;
    /** The stack's account: suppressions are written only with its credentials. */
    accountId: string;
    checkName: string;
    /** Exactly one member (the API's ResourceIdentifier). */
    resourceIdentifier: Record<string, unknown>;
    /** ISO 8601 instant the suppression ends; or `suppressIndefinitely: true`, not both. */
    expirationDate?: string;
    suppressIndefinitely?: boolean;
    description?: string;
}
export type AuditSuppressionArgs = {
    [K in keyof AuditSuppressionInputs]: pulumi.Input<AuditSuppressionInputs[K]>;
};
export type AuditSuppressionOutputs = AuditSuppressionInputs;

const KEYS: readonly string[] = [
    "region",
    "accountId",
    "checkName",
    "resourceIdentifier",
    "expirationDate",
    "suppressIndefinitely",
    "description",
];
/** What AWS knows a suppression by (and where): a change is another suppression. */
const REPLACE_KEYS: readonly string[] = ["region", "accountId", "checkName", "resourceIdentifier"];
const ACCOUNT_ID = { pattern: /^\d{12}$/, allowed: "a 12-digit AWS account id" };

const what = (i: Pick<AuditSuppressionInputs, "checkName" | "resourceIdentifier">) =>
    `audit suppression of ${suppressionIdentity(i.checkName, i.resourceIdentifier)}`;
const deleteCommand = (i: AuditSuppressionInputs) =>
    `aws iot delete-audit-suppression --region ${i.region} --check-name ${i.checkName} ` +
    `--resource-identifier '${JSON.stringify(i.resourceIdentifier)}'`;
const instant = (date: unknown) => (typeof date === "string" ? Date.parse(date) : NaN);

/** Inputs as compared: the expiration as an instant, no description as an empty one. */
function comparable(i: Partial<AuditSuppressionInputs>): Record<string, unknown> {
    const known = (v: unknown) => v !== UNKNOWN;
    return {
        ...i,
        expirationDate:
            known(i.expirationDate) && i.expirationDate !== undefined
                ? instant(i.expirationDate)
                : i.expirationDate,
        suppressIndefinitely: known(i.suppressIndefinitely)
            ? i.suppressIndefinitely === true
            : i.suppressIndefinitely,
        description: known(i.description) ? (i.description ?? "") : i.description,
        resourceIdentifier: known(i.resourceIdentifier)
            ? suppressionIdentity("", i.resourceIdentifier)
            : i.resourceIdentifier,
    };
}

function checkDuration(n: Record<string, unknown>): CheckFailure[] {
    const { expirationDate: date, suppressIndefinitely: forever } = n;
    if (date === UNKNOWN || forever === UNKNOWN) return [];
    if (forever !== undefined && typeof forever !== "boolean")
        return [
            {
                property: "suppressIndefinitely",
                reason: `suppressIndefinitely must be true or false; got ${JSON.stringify(forever)}`,
            },
        ];
    if ((date === undefined) === (forever !== true))
        return [
            {
                property: "expirationDate",
                reason: `exactly one of expirationDate and suppressIndefinitely: true is needed; got expirationDate ${JSON.stringify(date)}, suppressIndefinitely ${JSON.stringify(forever)}`,
            },
        ];
    if (date !== undefined && !Number.isFinite(instant(date)))
        return [
            {
                property: "expirationDate",
                reason: `expirationDate must be an ISO 8601 date or instant; got ${JSON.stringify(date)}`,
            },
        ];
    if (date !== undefined && instant(date) <= Date.now())
        return [
            {
                property: "expirationDate",
                reason: `expirationDate ${date} has passed: a suppression must end in the future`,
            },
        ];
    return [];
}

async function check(_olds: AuditSuppressionInputs, news: AuditSuppressionInputs) {
    const inputs = cleanInputs(news);
    const n = inputs as unknown as Record<string, unknown>;
    const failures = checkRegionAndName(n, "accountId", ACCOUNT_ID);
    if (n.checkName !== UNKNOWN && !AUDIT_CHECK_NAMES.includes(n.checkName as string))
        failures.push({
            property: "checkName",
            reason: `checkName must be an audit check (${AUDIT_CHECK_NAMES.join(", ")}); got ${JSON.stringify(n.checkName)}`,
        });
    for (const p of resourceIdentifierProblems(n.resourceIdentifier, v => v === UNKNOWN)) {
        const property = ["resourceIdentifier", ...p.path].join(".");
        failures.push({
            property,
            reason: `${property} must be ${p.allowed}; got ${JSON.stringify(p.value)}`,
        });
    }
    failures.push(...checkDuration(n));
    failures.push(
        ...checkString(n.description, "description", {
            min: 0,
            max: AUDIT_SUPPRESSION_DESCRIPTION_MAX,
            pattern: DESCRIPTION_PATTERN,
            optional: true,
        }),
    );
    if (n.suppressIndefinitely !== UNKNOWN)
        n.suppressIndefinitely = n.suppressIndefinitely === true;
    return { inputs, failures };
}

async function diff(
    _id: string,
    olds: AuditSuppressionOutputs,
    news: AuditSuppressionInputs,
): Promise<DiffResult> {
    return diffKeys(comparable(olds), comparable(news), KEYS, REPLACE_KEYS);
}

async function describeSuppression(
    client: IoTClient,
    i: AuditSuppressionInputs,
): Promise<DescribeAuditSuppressionResponse | undefined> {
    return unlessNotFound(() =>
        callAws(`Describe the ${what(i)}`, () =>
            client.send(
                new (iotSdk().DescribeAuditSuppressionCommand)({
                    checkName: i.checkName,
                    resourceIdentifier: i.resourceIdentifier as ResourceIdentifier,
                }),
            ),
        ),
    );
}

/** The settings a request carries beside the identity (no description sends an empty one). */
function settings(i: AuditSuppressionInputs) {
    return {
        checkName: i.checkName,
        resourceIdentifier: i.resourceIdentifier as ResourceIdentifier,
        ...(i.expirationDate !== undefined ? { expirationDate: new Date(i.expirationDate) } : {}),
        suppressIndefinitely: i.suppressIndefinitely === true,
        description: i.description ?? "",
    };
}

/** The live suppression as outputs, keeping the stored spelling of an unchanged expiration. */
function outputsOf(
    live: DescribeAuditSuppressionResponse,
    stored: AuditSuppressionInputs,
): AuditSuppressionOutputs {
    const liveDate = live.expirationDate?.toISOString();
    const expirationDate =
        liveDate !== undefined && instant(stored.expirationDate) === instant(liveDate)
            ? stored.expirationDate
            : liveDate;
    return cleanInputs({
        region: stored.region,
        accountId: stored.accountId,
        checkName: stored.checkName,
        resourceIdentifier: stored.resourceIdentifier,
        expirationDate,
        suppressIndefinitely: live.suppressIndefinitely === true,
        description: live.description ? live.description : undefined,
    });
}

function refuse(i: AuditSuppressionInputs, found: string): Error {
    return new Error(
        `An ${what(i)} already exists in ${i.region}${found}, and this stack did not create it: AWS audit suppressions carry no tags, ` +
            "so only the stack's state can show one is its own, and the state has none. Pulumi will not take it over " +
            "(destroying the stack would delete it). Delete it with " +
            `\`${deleteCommand(i)}\` and run again, or remove it from iot-defender:audit.suppressions (it then stays as it is).`,
    );
}

const idOf = (i: AuditSuppressionInputs) =>
    `${i.accountId}/${i.region}/${suppressionIdentity(i.checkName, i.resourceIdentifier)}`;

async function create(news: AuditSuppressionInputs) {
    const ins = cleanInputs(news);
    await assertStackAccount(ins.region, ins.accountId, `create the ${what(ins)}`);
    const client = iotClient(ins.region);
    if (await describeSuppression(client, ins)) throw refuse(ins, "");
    try {
        await callAws(`Create the ${what(ins)}`, () =>
            // A new token per attempt: AWS refuses a token it has seen, and a retry after a
            // create that went through must meet the suppression itself (below), not the token.
            client.send(
                new (iotSdk().CreateAuditSuppressionCommand)({
                    ...settings(ins),
                    clientRequestToken: randomUUID(),
                }),
            ),
        );
    } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        // Absent a moment ago: a retried create of ours that went through, if it is what we sent.
        const live = await describeSuppression(client, ins);
        const mine = live && sameValue(comparable(outputsOf(live, ins)), comparable(ins));
        if (!mine) throw refuse(ins, " (made while this create ran, with another definition)");
    }
    return { id: idOf(ins), outs: ins };
}

async function read(id: string, props?: AuditSuppressionOutputs) {
    const stored = cleanInputs((props ?? {}) as AuditSuppressionOutputs);
    const live = await describeSuppression(iotClient(stored.region), stored);
    // Deleted outside the stack: gone, so the next `pulumi up` creates it again.
    if (!live) return {};
    return { id, props: outputsOf(live, stored) };
}

async function update(_id: string, olds: AuditSuppressionOutputs, news: AuditSuppressionInputs) {
    const ins = cleanInputs(news);
    const old = comparable(cleanInputs(olds));
    const now = comparable(ins);
    const changed = ["expirationDate", "suppressIndefinitely", "description"].some(
        k => old[k] !== now[k],
    );
    if (changed) {
        await assertStackAccount(ins.region, ins.accountId, `update the ${what(ins)}`);
        const client = iotClient(ins.region);
        try {
            await callAws(`Update the ${what(ins)}`, () =>
                client.send(new (iotSdk().UpdateAuditSuppressionCommand)(settings(ins))),
            );
        } catch (err) {
            if ((err as { name?: string }).name !== "ResourceNotFoundException") throw err;
            throw new Error(
                `The ${what(ins)} was deleted outside the stack: run \`pulumi refresh\`, then \`pulumi up\` creates it again. (AWS said: ${(err as Error).message})`,
            );
        }
    }
    return { outs: ins };
}

async function deleteSuppression(_id: string, props: AuditSuppressionOutputs): Promise<void> {
    const state = cleanInputs(props);
    await assertStackAccount(state.region, state.accountId, `delete the ${what(state)}`);
    const client = iotClient(state.region);
    // Already gone (deleted by hand, or expired) is what delete wants.
    await unlessNotFound(() =>
        callAws(`Delete the ${what(state)}`, () =>
            client.send(
                new (iotSdk().DeleteAuditSuppressionCommand)({
                    checkName: state.checkName,
                    resourceIdentifier: state.resourceIdentifier as ResourceIdentifier,
                }),
            ),
        ),
    );
}

export const auditSuppressionProvider: pulumi.dynamic.ResourceProvider<
    AuditSuppressionInputs,
    AuditSuppressionOutputs
> = { configure: configureAws, check, diff, create, read, update, delete: deleteSuppression };

export class AuditSuppression extends DynamicResource {
    static readonly __pulumiType = DYNAMIC_TYPES.AuditSuppression;
    declare readonly region: pulumi.Output<string>;
    declare readonly accountId: pulumi.Output<string>;
    declare readonly checkName: pulumi.Output<string>;
    declare readonly resourceIdentifier: pulumi.Output<Record<string, unknown>>;
    declare readonly expirationDate: pulumi.Output<string | undefined>;
    declare readonly suppressIndefinitely: pulumi.Output<boolean>;
    declare readonly description: pulumi.Output<string | undefined>;

    constructor(name: string, args: AuditSuppressionArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            auditSuppressionProvider,
            name,
            { expirationDate: undefined, description: undefined, ...args },
            opts,
            DYNAMIC_MODULE,
            "AuditSuppression",
        );
    }
}
