/** Audit suppressions on the recorded stacks: from config through the inventory to resources after the audit configuration. */
import * as assert from "assert";
import { AccountAudit } from "../../components/iot/audit/resource";
import { AuditSuppression } from "../../components/iot/auditSuppression";
import { stackInventory } from "../../components/inventory";
import { buildOffline, editJson, stackSettings } from "../harness";

describe("audit suppressions on the stack", () => {
    it("the inventory names each by its identity, with its expiration as an instant", () => {
        const settings = stackSettings("dev", v =>
            editJson(v, "audit", a => {
                a.suppressions = [
                    {
                        checkName: "DEVICE_CERTIFICATE_SHARED_CHECK",
                        resourceIdentifier: { deviceCertificateId: "a".repeat(64) },
                        expirationDate: "2099-06-30",
                        description: "pairing bench",
                    },
                ];
            }),
        );
        const [s] = stackInventory(settings).audit!.suppressions;
        assert.match(s.key, /^device-certificate-shared-check-[0-9a-f]{8}$/);
        assert.strictEqual(s.expirationDate, "2099-06-30T00:00:00.000Z");
        assert.strictEqual(s.suppressIndefinitely, false);
        assert.strictEqual(s.description, "pairing bench");
    });

    it("prod creates its suppression under Audit, after the account audit configuration enables its check", async () => {
        const { engine } = await buildOffline("prod");
        const [config] = engine.ofType(AccountAudit.__pulumiType);
        const [suppression] = engine.ofType(AuditSuppression.__pulumiType);
        assert.strictEqual(suppression.parent, config.parent);
        assert.ok(suppression.dependencies.includes(config.urn));
        assert.deepStrictEqual(suppression.inputs.resourceIdentifier, {
            clientId: "factory-eol-test-rig",
        });
        assert.strictEqual(suppression.inputs.checkName, "CONFLICTING_CLIENT_IDS_CHECK");
        assert.strictEqual(suppression.inputs.suppressIndefinitely, true);
        assert.ok(
            config.inputs.auditCheckConfigurations.CONFLICTING_CLIENT_IDS_CHECK.enabled,
            "its check is enabled",
        );
    });

    it("dev has none", async () => {
        const { engine } = await buildOffline("dev");
        assert.deepStrictEqual(engine.ofType(AuditSuppression.__pulumiType), []);
    });
});
