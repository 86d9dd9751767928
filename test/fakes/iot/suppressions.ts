/**
 * Audit suppressions in the IoT fake (../iotAccount.ts), as AWS answers them: a suppression is known
 * by its check and resource; creating one that exists is ResourceAlreadyExistsException, describing
 * or updating one that does not is ResourceNotFoundException, deleting one that does not exist is
 * no error (the model lists none for DeleteAuditSuppression). Only an enabled check can be
 * suppressed ("Checks must be enabled for your account", AuditCheckName); each create's client
 * request token must be new. Timestamps arrive as Dates (SDK mock) or epoch seconds (HTTP).
 */
import {
    AuditCheckConfiguration,
    CreateAuditSuppressionCommand,
    DeleteAuditSuppressionCommand,
    DescribeAuditSuppressionCommand,
    InvalidRequestException,
    ListAuditSuppressionsCommand,
    ResourceAlreadyExistsException,
    ResourceIdentifier,
    ResourceNotFoundException,
    UpdateAuditSuppressionCommand,
} from "@aws-sdk/client-iot";
import { suppressionIdentity } from "../../../components/facts";
import { On } from "./state";

export interface Suppression {
    checkName: string;
    resourceIdentifier: ResourceIdentifier;
    expirationDate?: Date;
    suppressIndefinitely?: boolean;
    description?: string;
}

/** What the suppressions need of the account: its checks, and a place to keep them. */
export interface SuppressionAccount {
    readonly suppressions: Map<string, Suppression>;
    readonly suppressionTokens: Set<string>;
    checks: Record<string, AuditCheckConfiguration>;
}

const meta = { $metadata: { httpStatusCode: 400 } };
const asDate = (v: unknown): Date | undefined =>
    v === undefined ? undefined : v instanceof Date ? v : new Date(Number(v) * 1000);

export function fakeAuditSuppressions(account: SuppressionAccount, on: On): void {
    const key = (i: { checkName?: string; resourceIdentifier?: ResourceIdentifier }) =>
        suppressionIdentity(i.checkName ?? "", i.resourceIdentifier ?? {});
    const existing = (i: { checkName?: string; resourceIdentifier?: ResourceIdentifier }) => {
        const s = account.suppressions.get(key(i));
        if (!s)
            throw new ResourceNotFoundException({
                message: `No audit suppression of ${key(i)}`,
                $metadata: { httpStatusCode: 404 },
            });
        return s;
    };
    const settings = (i: Partial<Suppression>) => ({
        expirationDate: asDate(i.expirationDate),
        suppressIndefinitely: i.suppressIndefinitely,
        description: i.description,
    });
    on(CreateAuditSuppressionCommand, i => {
        if (!account.checks[i.checkName!]?.enabled)
            throw new InvalidRequestException({
                message: `Audit check ${i.checkName} is not enabled`,
                ...meta,
            });
        if (account.suppressionTokens.has(i.clientRequestToken!))
            throw new InvalidRequestException({ message: "clientRequestToken was used", ...meta });
        if (account.suppressions.has(key(i)))
            throw new ResourceAlreadyExistsException({
                message: `An audit suppression of ${key(i)} exists`,
                ...meta,
                resourceId: key(i),
            });
        account.suppressionTokens.add(i.clientRequestToken!);
        account.suppressions.set(key(i), {
            checkName: i.checkName!,
            resourceIdentifier: i.resourceIdentifier!,
            ...settings(i),
        });
        return {};
    });
    on(DescribeAuditSuppressionCommand, i => ({ ...existing(i) }));
    on(UpdateAuditSuppressionCommand, i => {
        const s = existing(i);
        const next = settings(i);
        if (next.suppressIndefinitely === true) delete s.expirationDate;
        for (const [k, v] of Object.entries(next))
            if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
        return {};
    });
    on(DeleteAuditSuppressionCommand, i => {
        account.suppressions.delete(key(i));
        return {};
    });
    on(ListAuditSuppressionsCommand, i => ({
        suppressions: [...account.suppressions.values()].filter(
            s => !i.checkName || s.checkName === i.checkName,
        ),
    }));
}
