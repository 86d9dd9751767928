/**
 * The audit suppression provider through its lifecycle against the fake account: what each step
 * calls, throttling, a suppression that is already there (never adopted), deletion outside the
 * stack, and the identity (check, resource) whose change is a replacement.
 */
import * as assert from "assert";
import { auditSuppressionProvider as provider } from "../../../components/iot/auditSuppression";
import { ACCOUNT, CHECK, inputs, NEXT_YEAR, REGION, useAccount } from "./fixtures";

const create = async (i = inputs()) => {
    const { id, outs } = await provider.create!(i);
    return { id, outs: outs! };
};

describe("audit suppression provider: lifecycle against the fake account", () => {
    const t = useAccount();

    it("create reads, then creates: the suppression is in the account as asked", async () => {
        const { id, outs } = await create();
        assert.deepStrictEqual(t.calls(), ["DescribeAuditSuppression", "CreateAuditSuppression"]);
        assert.strictEqual(id, `${ACCOUNT}/${REGION}/${CHECK}:{"clientId":"factory-eol-test-rig"}`);
        assert.deepStrictEqual(outs, inputs());
        const [live] = t.account.suppressions.values();
        assert.deepStrictEqual(live.resourceIdentifier, { clientId: "factory-eol-test-rig" });
        assert.strictEqual(live.suppressIndefinitely, true);
        assert.strictEqual(live.description, "test rig");
    });

    it("an existing suppression with the same check and resource is refused, unchanged, with the command to delete it", async () => {
        t.account.suppressions.set(`${CHECK}:{"clientId":"factory-eol-test-rig"}`, {
            checkName: CHECK,
            resourceIdentifier: { clientId: "factory-eol-test-rig" },
            suppressIndefinitely: true,
            description: "made by hand",
        });
        await assert.rejects(create(), (e: Error) => {
            assert.match(
                e.message,
                /already exists in eu-west-1, and this stack did not create it/,
            );
            assert.match(e.message, /carry no tags/);
            assert.match(e.message, /aws iot delete-audit-suppression --region eu-west-1/);
            return true;
        });
        assert.deepStrictEqual(t.writes(), []);
        assert.strictEqual([...t.account.suppressions.values()][0].description, "made by hand");
    });

    it("a no-op diff makes no AWS call", async () => {
        const { outs } = await create();
        const before = t.calls().length;
        const diff = await provider.diff!("id", outs, inputs());
        assert.deepStrictEqual(diff, { changes: false, replaces: [], deleteBeforeReplace: false });
        assert.strictEqual(t.calls().length, before);
    });

    it("a new expiration, or a new description, is one update (UpdateAuditSuppression) and nothing else", async () => {
        const { outs } = await create();
        const dated = inputs({ suppressIndefinitely: false, expirationDate: NEXT_YEAR });
        const diff = await provider.diff!("id", outs, dated);
        assert.deepStrictEqual(diff.replaces ?? [], []);
        assert.ok(diff.changes);
        const before = t.calls().length;
        await provider.update!("id", outs, dated);
        assert.deepStrictEqual(t.calls().slice(before), ["UpdateAuditSuppression"]);
        const [live] = t.account.suppressions.values();
        assert.strictEqual(live.expirationDate?.toISOString(), NEXT_YEAR);
        assert.strictEqual(live.suppressIndefinitely, false);
    });

    it("another check or another resource is another suppression: a replacement", async () => {
        const { outs } = await create();
        for (const changed of [
            inputs({ checkName: "DEVICE_CERTIFICATE_SHARED_CHECK" }),
            inputs({ resourceIdentifier: { clientId: "another-rig" } }),
            inputs({ region: "us-east-1" }),
        ]) {
            const diff = await provider.diff!("id", outs, changed);
            assert.ok((diff.replaces ?? []).length > 0, JSON.stringify(diff));
        }
        // The same resource written with its keys in another order is the same suppression.
        const policy = (policyVersionIdentifier: Record<string, string>) =>
            inputs({
                checkName: "IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
                resourceIdentifier: { policyVersionIdentifier },
            });
        const same = await provider.diff!(
            "id",
            policy({ policyName: "p", policyVersionId: "1" }),
            policy({ policyVersionId: "1", policyName: "p" }),
        );
        assert.strictEqual(same.changes, false);
    });

    it("read reports the live settings, and reports gone after a deletion outside the stack", async () => {
        const { id, outs } = await create();
        const [live] = t.account.suppressions.values();
        live.description = "changed by hand";
        const drifted = await provider.read!(id, outs);
        assert.strictEqual(drifted.props?.description, "changed by hand");
        t.account.suppressions.clear();
        assert.deepStrictEqual(await provider.read!(id, outs), {});
    });

    it("delete removes it; deleting one already gone is no error", async () => {
        const { id, outs } = await create();
        await provider.delete!(id, outs);
        assert.strictEqual(t.account.suppressions.size, 0);
        await provider.delete!(id, outs);
        assert.deepStrictEqual(t.writes().slice(-2), [
            "DeleteAuditSuppression",
            "DeleteAuditSuppression",
        ]);
    });

    it("update of a suppression deleted outside the stack says to refresh", async () => {
        const { outs } = await create();
        t.account.suppressions.clear();
        await assert.rejects(
            provider.update!("id", outs, inputs({ description: "new" })),
            /deleted outside the stack: run `pulumi refresh`/,
        );
    });
});
