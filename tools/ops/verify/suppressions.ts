/**
 * verify: the stack's audit suppressions are in the account and still in force. One that expired
 * (it no longer suppresses anything) or is missing
 * fails, naming it: its findings count again in `ops audit --fail-on`.
 */
import { AuditSuppression, ListAuditSuppressionsCommand } from "@aws-sdk/client-iot";
import { suppressionIdentity } from "../../../components/facts";
import { allPages, request } from "../aws";
import { Verifier } from "./verifier";

/** ListAuditSuppressions' largest page. */
const PAGE = 250;

export async function verifyAuditSuppressions(v: Verifier): Promise<void> {
    const wanted = v.inventory.audit?.suppressions ?? [];
    if (wanted.length === 0) return;
    await v.guarded("audit suppressions", async () => {
        const live = await allPages<AuditSuppression>(async nextToken => {
            const page = await request(v.ctx, "iot:ListAuditSuppressions", () =>
                v.ctx.iot.send(new ListAuditSuppressionsCommand({ maxResults: PAGE, nextToken })),
            );
            return { items: page.suppressions, next: page.nextToken };
        });
        const byIdentity = new Map(
            live.map(s => [suppressionIdentity(s.checkName ?? "", s.resourceIdentifier), s]),
        );
        const now = v.ctx.now().getTime();
        for (const s of wanted) {
            const identity = suppressionIdentity(s.checkName, s.resourceIdentifier);
            const what = `audit suppression ${identity}`;
            const found = byIdentity.get(identity);
            const ends = found?.expirationDate;
            if (!found) v.fail(what, `not in ${v.ctx.region}: its findings count again`);
            else if (found.suppressIndefinitely !== true && ends && ends.getTime() <= now)
                v.fail(
                    what,
                    `expired on ${ends.toISOString()}: its findings count again; renew audit.suppressions or remove it`,
                );
            else
                v.pass(
                    what,
                    found.suppressIndefinitely === true
                        ? "indefinite"
                        : `until ${ends?.toISOString() ?? "(no date)"}`,
                );
        }
    });
}
