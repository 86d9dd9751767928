/**
 * Swapping the only check of a stack-managed scheduled audit in one deployment, against the
 * in-memory account of bench/fakeIot.ts, which enforces AWS's rules: a check a scheduled audit
 * uses cannot be disabled, and a scheduled audit may only run enabled checks. The providers are
 * called in the order `pulumi up` runs them: the configuration first (scheduled audits depend on
 * it), then the scheduled audit.
 */
import * as assert from "assert";
import { FakeIotAccount } from "../../bench/fakeIot";
import { AccountAuditConfigurationInputs, AccountAuditConfigurationOutputs, accountAuditConfigurationProvider as configuration } from "../../components/iot/accountAuditConfiguration";
import { clock } from "../../components/iot/kit";
import { ScheduledAuditInputs, ScheduledAuditOutputs, scheduledAuditProvider as scheduledAudit } from "../../components/iot/scheduledAudit";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-audit-1a2b3c`;
const OLD_CHECK = "LOGGING_DISABLED_CHECK";
const NEW_CHECK = "CONFLICTING_CLIENT_IDS_CHECK";
const ID = `${ACCOUNT}/${REGION}`;

function configInputs(check: string): AccountAuditConfigurationInputs {
    return {
        region: REGION, accountId: ACCOUNT, roleArn: ROLE,
        auditCheckConfigurations: { [check]: { enabled: true } },
        managedScheduledAudits: { daily: [check] },
    };
}

function auditInputs(check: string): ScheduledAuditInputs {
    return { region: REGION, scheduledAuditName: "daily", frequency: "DAILY", targetCheckNames: [check] };
}

describe("swapping a managed scheduled audit's only check (one deployment)", () => {
    let account: FakeIotAccount;
    const realSleep = clock.sleep;
    let configState: AccountAuditConfigurationOutputs;
    let auditState: ScheduledAuditOutputs;

    beforeEach(async () => {
        clock.sleep = async () => undefined;
        account = new FakeIotAccount(ACCOUNT, REGION);
        configState = { ...configInputs(OLD_CHECK), ...(await configuration.create(configInputs(OLD_CHECK))).outs! };
        auditState = (await scheduledAudit.create(auditInputs(OLD_CHECK))).outs!;
        account.mock.resetHistory();
    });
    afterEach(() => {
        account.restore();
        clock.sleep = realSleep;
    });

    it("updates the configuration, then the scheduled audit, leaving only the new check enabled and scheduled", async () => {
        assert.strictEqual((await configuration.diff!(ID, configState, configInputs(NEW_CHECK))).changes, true);
        await configuration.update!(ID, configState, configInputs(NEW_CHECK));
        assert.deepStrictEqual(account.calls(), [
            "DescribeAccountAuditConfiguration", "ListScheduledAudits", "DescribeScheduledAudit",
            "UpdateAccountAuditConfiguration", "UpdateScheduledAudit", "UpdateAccountAuditConfiguration",
        ]);
        assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [NEW_CHECK], "the configuration moved the audit already");

        account.mock.resetHistory();
        assert.strictEqual((await scheduledAudit.diff!("daily", auditState, auditInputs(NEW_CHECK))).changes, true);
        const { outs } = await scheduledAudit.update!("daily", auditState, auditInputs(NEW_CHECK));
        assert.deepStrictEqual(account.calls(), ["UpdateScheduledAudit"], "one call, setting what AWS already has");
        assert.deepStrictEqual(outs!.targetCheckNames, [NEW_CHECK]);

        const enabled = Object.entries(account.checks).filter(([, c]) => c.enabled).map(([name]) => name);
        assert.deepStrictEqual(enabled, [NEW_CHECK]);
        assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [NEW_CHECK]);
    });

    it("refuses, changing nothing, while a scheduled audit outside the stack still runs the check", async () => {
        account.audits.set("security-team", { frequency: "WEEKLY", dayOfWeek: "MON", targetCheckNames: [OLD_CHECK], arn: "arn:aws:iot:eu-west-1:123456789012:scheduledaudit/security-team" });
        await assert.rejects(configuration.update!(ID, configState, configInputs(NEW_CHECK)),
            /Cannot disable audit check\(s\) LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1: scheduled audit security-team, which this stack does not manage, uses LOGGING_DISABLED_CHECK/);
        assert.deepStrictEqual(account.calls().filter(c => c.startsWith("Update")), []);
        assert.deepStrictEqual(account.checks[OLD_CHECK], { enabled: true });
        assert.deepStrictEqual(account.checks[NEW_CHECK], { enabled: false });
        assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [OLD_CHECK]);
    });
});
