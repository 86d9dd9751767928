/** The audit suppression provider's input check: what AWS would refuse is refused first, naming the property. */
import * as assert from "assert";
import { runtime } from "@pulumi/pulumi";
import {
    auditSuppressionProvider as provider,
    AuditSuppressionInputs,
} from "../../../components/iot/auditSuppression";
import { inputs, NEXT_YEAR } from "./fixtures";

async function failures(edit: Partial<AuditSuppressionInputs> | Record<string, unknown>) {
    const { failures } = await provider.check!(
        {} as AuditSuppressionInputs,
        { ...inputs(), ...edit } as AuditSuppressionInputs,
    );
    return failures ?? [];
}

describe("audit suppression provider: check", () => {
    it("accepts an indefinite suppression and one with a future expiration", async () => {
        assert.deepStrictEqual(await failures({}), []);
        assert.deepStrictEqual(
            await failures({ suppressIndefinitely: false, expirationDate: NEXT_YEAR }),
            [],
        );
    });

    it("needs exactly one of expirationDate and suppressIndefinitely: true, and a future date", async () => {
        const both = await failures({ expirationDate: NEXT_YEAR });
        assert.match(both[0].reason, /exactly one of expirationDate and suppressIndefinitely/);
        const neither = await failures({ suppressIndefinitely: false });
        assert.strictEqual(neither[0].property, "expirationDate");
        const past = await failures({ suppressIndefinitely: false, expirationDate: "2020-01-01" });
        assert.match(past[0].reason, /2020-01-01 has passed/);
        const junk = await failures({ suppressIndefinitely: false, expirationDate: "soon" });
        assert.match(junk[0].reason, /ISO 8601/);
    });

    it("refuses a resource identifier that is not exactly one member within the API model's limits", async () => {
        const cases: [Record<string, unknown>, string, RegExp][] = [
            [{}, "resourceIdentifier", /exactly one of deviceCertificateId/],
            [{ clientId: "a", account: "123456789012" }, "resourceIdentifier", /exactly one of/],
            [
                { deviceCertificateId: "abc" },
                "resourceIdentifier.deviceCertificateId",
                /64 hexadecimal/,
            ],
            [{ account: "12345" }, "resourceIdentifier.account", /12-digit/],
            [
                { policyVersionIdentifier: { policyVersionId: "1" } },
                "resourceIdentifier.policyVersionIdentifier",
                /with policyName/,
            ],
            [
                { policyVersionIdentifier: { policyName: "bad name", policyVersionId: "1" } },
                "resourceIdentifier.policyVersionIdentifier.policyName",
                /1-128 characters/,
            ],
            [
                { issuerCertificateIdentifier: { issuerCertificateSerialNumber: "zz" } },
                "resourceIdentifier.issuerCertificateIdentifier.issuerCertificateSerialNumber",
                /hexadecimal digits and colons/,
            ],
            [{ thingName: "x" }, "resourceIdentifier", /exactly one of/],
        ];
        for (const [resourceIdentifier, property, reason] of cases) {
            const [f] = await failures({ resourceIdentifier });
            assert.ok(f, JSON.stringify(resourceIdentifier));
            assert.strictEqual(f.property, property);
            assert.match(f.reason, reason);
        }
        assert.deepStrictEqual(
            await failures({
                resourceIdentifier: {
                    policyVersionIdentifier: {
                        policyName: "fleet-provisioning",
                        policyVersionId: "3",
                    },
                },
            }),
            [],
        );
    });

    it("refuses an unknown check, a bad account id and a description AWS would refuse", async () => {
        const [check] = await failures({ checkName: "NO_SUCH_CHECK" });
        assert.strictEqual(check.property, "checkName");
        const [account] = await failures({ accountId: "12" });
        assert.strictEqual(account.property, "accountId");
        const [description] = await failures({ description: "line\nbreak" });
        assert.strictEqual(description.property, "description");
        const [long] = await failures({ description: "x".repeat(1001) });
        assert.strictEqual(long.property, "description");
    });

    it("lets values unknown in preview through (they are checked at deploy)", async () => {
        const u = runtime.unknownValue;
        assert.deepStrictEqual(
            await failures({
                accountId: u,
                resourceIdentifier: u,
                expirationDate: u,
                description: u,
            }),
            [],
        );
        assert.deepStrictEqual(await failures({ resourceIdentifier: { clientId: u } }), []);
    });
});
