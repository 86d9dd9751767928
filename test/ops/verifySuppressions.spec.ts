/**
 * `ops verify` on the stack's audit suppressions: each in force passes; one that expired or is
 * missing fails, naming it (its findings count again). Prod's sample suppresses indefinitely; these
 * specs give dev a dated one.
 */
import * as assert from "assert";
import {
    AuditSuppression,
    DescribeAccountAuditConfigurationCommand,
    ListAuditSuppressionsCommand,
} from "@aws-sdk/client-iot";
import { verifyAuditSuppressions } from "../../tools/ops/verify/suppressions";
import { Verdict, Verifier } from "../../tools/ops/verify/verifier";
import { editJson, stackSettings } from "../harness";
import { harness, instantRetries, START, target } from "./fixture";

const RIG = { clientId: "bench-rig" };
const UNTIL = "2099-06-30T00:00:00.000Z";
const settings = stackSettings("dev", v =>
    editJson(v, "audit", a => {
        a.suppressions = [
            {
                checkName: "CONFLICTING_CLIENT_IDS_CHECK",
                resourceIdentifier: RIG,
                expirationDate: UNTIL,
            },
        ];
    }),
);
const WHAT = 'audit suppression CONFLICTING_CLIENT_IDS_CHECK:{"clientId":"bench-rig"}';

async function verdicts(live: AuditSuppression[]): Promise<Verdict[]> {
    const h = harness();
    h.iot.on(DescribeAccountAuditConfigurationCommand).resolves({});
    h.iot.on(ListAuditSuppressionsCommand).resolves({ suppressions: live });
    const results: Verdict[] = [];
    await verifyAuditSuppressions(new Verifier(h.ctx, target(settings), r => results.push(r)));
    return results;
}

describe("ops verify: audit suppressions", () => {
    instantRetries();

    it("passes a suppression in force, saying until when", async () => {
        const [v] = await verdicts([
            {
                checkName: "CONFLICTING_CLIENT_IDS_CHECK",
                resourceIdentifier: RIG,
                expirationDate: new Date(UNTIL),
            },
        ]);
        assert.deepStrictEqual(v, { status: "PASS", what: WHAT, reason: `until ${UNTIL}` });
    });

    it("fails a suppression that expired, with when", async () => {
        const expired = new Date(START.getTime() - 86_400_000);
        const [v] = await verdicts([
            {
                checkName: "CONFLICTING_CLIENT_IDS_CHECK",
                resourceIdentifier: RIG,
                expirationDate: expired,
            },
        ]);
        assert.strictEqual(v.status, "FAIL");
        assert.strictEqual(v.what, WHAT);
        assert.match(v.reason!, new RegExp(`expired on ${expired.toISOString()}`));
    });

    it("fails a suppression missing from the account (another resource's does not count)", async () => {
        const [v] = await verdicts([
            {
                checkName: "CONFLICTING_CLIENT_IDS_CHECK",
                resourceIdentifier: { clientId: "another-rig" },
                suppressIndefinitely: true,
            },
        ]);
        assert.strictEqual(v.status, "FAIL");
        assert.match(v.reason!, /not in eu-west-1/);
    });

    it("says nothing for a stack without suppressions", async () => {
        const h = harness();
        const results: Verdict[] = [];
        await verifyAuditSuppressions(
            new Verifier(h.ctx, target(stackSettings("dev")), r => results.push(r)),
        );
        assert.deepStrictEqual(results, []);
        assert.strictEqual(h.iot.calls().length, 0);
    });
});
