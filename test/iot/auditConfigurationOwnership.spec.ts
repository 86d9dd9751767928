/**
 * What the audit configuration's provider must leave alone because it is not (or no longer
 * provably) the stack's, against the in-memory account of bench/fakeIot.ts: a configuration it
 * adopted whose record a crash lost, a scheduled audit made outside the stack that has the name of
 * one the stack is adding, and scheduled audits made outside the stack when the configuration is
 * deleted. Providers are called in the order Pulumi runs them.
 */
import * as assert from "assert";
import { FakeIotAccount } from "../../bench/fakeIot";
import { AccountAuditConfigurationInputs, accountAuditConfigurationProvider as configuration } from "../../components/iot/accountAuditConfiguration";
import { clock } from "../../components/iot/kit";
import { ScheduledAuditInputs, scheduledAuditProvider as scheduledAudit } from "../../components/iot/scheduledAudit";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const ID = `${ACCOUNT}/${REGION}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-audit-1a2b3c`;
const THEIR_ROLE = `arn:aws:iam::${ACCOUNT}:role/security-team-audit`;
const OURS = "LOGGING_DISABLED_CHECK";
const THEIRS = "CONFLICTING_CLIENT_IDS_CHECK";

function configInputs(edit: Partial<AccountAuditConfigurationInputs> = {}): AccountAuditConfigurationInputs {
    return { region: REGION, accountId: ACCOUNT, roleArn: ROLE, auditCheckConfigurations: { [OURS]: { enabled: true } }, managedScheduledAudits: {}, ...edit };
}

function auditInputs(name: string, checks: string[]): ScheduledAuditInputs {
    return { region: REGION, scheduledAuditName: name, frequency: "DAILY", targetCheckNames: checks };
}

function enabledChecks(account: FakeIotAccount): string[] {
    return Object.entries(account.checks).filter(([, c]) => c.enabled).map(([name]) => name).sort();
}

/** Another team's configuration: their role and one check of theirs. */
function configureTheirs(account: FakeIotAccount): void {
    account.roleArn = THEIR_ROLE;
    account.checks[THEIRS] = { enabled: true };
}

/** A scheduled audit made outside the stack (no Pulumi state knows it). */
function addOutsideAudit(account: FakeIotAccount, name: string, checks: string[]): void {
    const arn = `arn:aws:iot:${REGION}:${ACCOUNT}:scheduledaudit/${name}`;
    account.audits.set(name, { frequency: "WEEKLY", dayOfWeek: "MON", targetCheckNames: checks, arn });
    account.tags.set(arn, new Map());
}

describe("audit configuration: what is not the stack's to change", () => {
    let account: FakeIotAccount;
    const realSleep = clock.sleep;
    beforeEach(() => {
        clock.sleep = async () => undefined;
        account = new FakeIotAccount(ACCOUNT, REGION);
    });
    afterEach(() => {
        account.restore();
        clock.sleep = realSleep;
    });

    describe("a run adopting a configuration stopped before Pulumi saved state", () => {
        /** The first create applied this stack's configuration; Pulumi never saved what it returned. */
        async function adoptThenCrash(): Promise<void> {
            configureTheirs(account);
            const lost = await configuration.create(configInputs({ adoptExisting: true }));
            assert.ok(lost.outs!.priorConfiguration, "the first run did record their configuration, in memory only");
            assert.strictEqual(account.roleArn, ROLE);
            account.mock.resetHistory();
        }

        it("refuses the re-run, changing nothing, saying their configuration is lost and how to go on", async () => {
            await adoptThenCrash();
            await assert.rejects(configuration.create(configInputs({ adoptExisting: true })), (err: Error) => {
                assert.match(err.message, /audit configuration of account 123456789012 in eu-west-1 already uses this stack's audit role arn:aws:iam::123456789012:role\/iot-audit-1a2b3c/);
                assert.match(err.message, /adoptExisting: true/);
                assert.match(err.message, /configuration it replaced was never recorded/);
                assert.match(err.message, /restore that configuration by hand .* and run `pulumi up` again/);
                assert.match(err.message, /set `iot-defender:audit\.adoptExisting: false`/);
                return true;
            });
            assert.deepStrictEqual(account.calls(), ["DescribeAccountAuditConfiguration"]);
            assert.strictEqual(account.roleArn, ROLE);
        });

        it("once their configuration is restored by hand, adopts it again and destroy puts it back", async () => {
            await adoptThenCrash();
            account.reset();
            configureTheirs(account);
            const { outs } = await configuration.create(configInputs({ adoptExisting: true }));
            assert.strictEqual(JSON.parse(outs!.priorConfiguration!).roleArn, THEIR_ROLE);

            await configuration.delete!(ID, outs!);
            assert.strictEqual(account.roleArn, THEIR_ROLE);
            assert.deepStrictEqual(enabledChecks(account), [THEIRS]);
        });

        it("with adoptExisting false (nothing to keep), takes the configuration as the stack's own and destroy deletes it", async () => {
            await adoptThenCrash();
            const { outs } = await configuration.create(configInputs({ adoptExisting: false }));
            assert.ok(!("priorConfiguration" in outs!));

            await configuration.delete!(ID, outs!);
            assert.strictEqual(account.roleArn, undefined);
            assert.deepStrictEqual(enabledChecks(account), []);
        });
    });

    it("refuses to move an outside scheduled audit that has the name of one the stack is adding, changing nothing", async () => {
        const both = { [OURS]: { enabled: true }, [THEIRS]: { enabled: true } };
        const before = configInputs({ auditCheckConfigurations: both });
        const state = { ...before, ...(await configuration.create(before)).outs! };
        addOutsideAudit(account, "weekly", [OURS, THEIRS]);
        account.mock.resetHistory();

        // This deployment drops OURS and adds a schedule "weekly" running THEIRS.
        const after = configInputs({ auditCheckConfigurations: { [THEIRS]: { enabled: true } }, managedScheduledAudits: { weekly: [THEIRS] } });
        await assert.rejects(configuration.update!(ID, state, after),
            /Cannot disable audit check\(s\) LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1: scheduled audit weekly, which this stack does not manage, uses LOGGING_DISABLED_CHECK/);
        assert.deepStrictEqual(account.audits.get("weekly")!.targetCheckNames, [OURS, THEIRS]);
        assert.deepStrictEqual(account.calls().filter(c => !/^(Describe|List)/.test(c)), []);
    });

    describe("deleting a configuration the stack owns", () => {
        it("deletes it after the stack's own scheduled audits are gone", async () => {
            const inputs = configInputs({ managedScheduledAudits: { daily: [OURS] } });
            const { outs } = await configuration.create(inputs);
            const audit = await scheduledAudit.create(auditInputs("daily", [OURS]));
            account.mock.resetHistory();

            await scheduledAudit.delete!(audit.id, audit.outs!);
            await configuration.delete!(ID, outs!);
            assert.deepStrictEqual(account.calls(), ["DeleteScheduledAudit", "ListScheduledAudits", "DeleteAccountAuditConfiguration"]);
            assert.strictEqual(account.roleArn, undefined);
            assert.deepStrictEqual(enabledChecks(account), []);
        });

        it("refuses while scheduled audits made outside the stack exist, naming them and leaving the configuration in place", async () => {
            const { outs } = await configuration.create(configInputs());
            addOutsideAudit(account, "security-team", [OURS]);
            account.mock.resetHistory();

            await assert.rejects(configuration.delete!(ID, outs!), (err: Error) => {
                assert.match(err.message, /Cannot delete the audit configuration of account 123456789012 in eu-west-1: scheduled audit\(s\) security-team exist/);
                assert.match(err.message, /The configuration is left in place/);
                return true;
            });
            assert.deepStrictEqual(account.calls(), ["ListScheduledAudits"]);
            assert.strictEqual(account.roleArn, ROLE);
            assert.deepStrictEqual(enabledChecks(account), [OURS]);
            assert.deepStrictEqual(account.audits.get("security-team")!.targetCheckNames, [OURS]);

            account.audits.delete("security-team");
            await configuration.delete!(ID, outs!);
            assert.strictEqual(account.roleArn, undefined, "deleted once they are gone");
        });
    });
});
