/**
 * What the account audit provider must leave alone because it is not (or no longer provably) the
 * stack's, against the in-memory account of test/fakes/iotAccount.ts: a configuration it adopted
 * whose record a crash lost, a scheduled audit made outside the stack that has the name of one the
 * stack is adding, and scheduled audits made outside the stack when the configuration is deleted;
 * and what it may change because it is: the scheduled audits in its state, and one missing from it
 * (a run that stopped before Pulumi saved state) only when its Project and Stack tags prove it the
 * stack's. A failed run saves nothing, as Pulumi does for a failed update.
 */
import * as assert from "assert";
import { FakeIotAccount } from "../../fakes/iotAccount";
import { accountAuditProvider as provider } from "../../../components/iot/audit/provider";
import type { AccountAuditInputs, AccountAuditOutputs } from "../../../components/iot/audit/types";
import { clock } from "../../../components/aws/calls";
import { iotTags } from "../../../components/tags";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const ID = `${ACCOUNT}/${REGION}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-audit-1a2b3c`;
const THEIR_ROLE = `arn:aws:iam::${ACCOUNT}:role/security-team-audit`;
const OURS = "LOGGING_DISABLED_CHECK";
const THEIRS = "CONFLICTING_CLIENT_IDS_CHECK";
/** The stack's tags: its scheduled audits carry them all; Project and Stack prove them its own. */
const STACK_TAGS = {
    Project: "iot-defender",
    Stack: "dev",
    Environment: "dev",
    Owner: "platform",
    ManagedBy: "pulumi",
};

function configInputs(edit: Partial<AccountAuditInputs> = {}): AccountAuditInputs {
    return {
        region: REGION,
        accountId: ACCOUNT,
        roleArn: ROLE,
        auditCheckConfigurations: { [OURS]: { enabled: true } },
        scheduledAudits: {},
        tags: iotTags(STACK_TAGS),
        ...edit,
    };
}

/** The configuration enabling `checks`, with the stack's daily schedules (name → checks). */
function configWith(
    checks: string[],
    schedules: Record<string, string[]>,
    edit: Partial<AccountAuditInputs> = {},
): AccountAuditInputs {
    return configInputs({
        auditCheckConfigurations: Object.fromEntries(checks.map(c => [c, { enabled: true }])),
        scheduledAudits: Object.fromEntries(
            Object.entries(schedules).map(([name, targetCheckNames]) => [
                name,
                { frequency: "DAILY", targetCheckNames },
            ]),
        ),
        ...edit,
    });
}

function enabledChecks(account: FakeIotAccount): string[] {
    return Object.entries(account.checks)
        .filter(([, c]) => c.enabled)
        .map(([name]) => name)
        .sort();
}

/** Another team's configuration: their role and one check of theirs. */
function configureTheirs(account: FakeIotAccount): void {
    account.roleArn = THEIR_ROLE;
    account.checks[THEIRS] = { enabled: true };
}

/** A scheduled audit made outside the stack (no Pulumi state knows it), tagged as its team tags things. */
function addOutsideAudit(account: FakeIotAccount, name: string, checks: string[]): void {
    const arn = `arn:aws:iot:${REGION}:${ACCOUNT}:scheduledaudit/${name}`;
    account.audits.set(name, {
        frequency: "WEEKLY",
        dayOfWeek: "MON",
        targetCheckNames: checks,
        arn,
    });
    account.tags.set(arn, new Map([["Owner", "security-team"]]));
}

/** Calls that change something. */
function writes(account: FakeIotAccount): string[] {
    return account.calls().filter(c => !/^(Describe|List)/.test(c));
}

describe("account audit: what is not the stack's to change", () => {
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
            const lost = await provider.create(configInputs({ adoptExisting: true }));
            assert.ok(
                lost.outs!.priorConfiguration,
                "the first run did record their configuration, in memory only",
            );
            assert.strictEqual(account.roleArn, ROLE);
            account.mock.resetHistory();
        }

        it("refuses the re-run, changing nothing, saying their configuration is lost and how to go on", async () => {
            await adoptThenCrash();
            await assert.rejects(
                provider.create(configInputs({ adoptExisting: true })),
                (err: Error) => {
                    assert.match(
                        err.message,
                        /audit configuration of account 123456789012 in eu-west-1 already uses this stack's audit role arn:aws:iam::123456789012:role\/iot-audit-1a2b3c/,
                    );
                    assert.match(err.message, /adoptExisting: true/);
                    assert.match(err.message, /configuration it replaced was never recorded/);
                    assert.match(
                        err.message,
                        /restore that configuration by hand .* and run `pulumi up` again/,
                    );
                    assert.match(err.message, /set `iot-defender:audit\.adoptExisting: false`/);
                    return true;
                },
            );
            assert.deepStrictEqual(account.calls(), ["DescribeAccountAuditConfiguration"]);
            assert.strictEqual(account.roleArn, ROLE);
        });

        it("once their configuration is restored by hand, adopts it again and destroy puts it back", async () => {
            await adoptThenCrash();
            account.reset();
            configureTheirs(account);
            const { outs } = await provider.create(configInputs({ adoptExisting: true }));
            assert.strictEqual(JSON.parse(outs!.priorConfiguration!).roleArn, THEIR_ROLE);

            await provider.delete!(ID, outs!);
            assert.strictEqual(account.roleArn, THEIR_ROLE);
            assert.deepStrictEqual(enabledChecks(account), [THEIRS]);
        });

        it("with adoptExisting false (nothing to keep), takes the configuration as the stack's own and destroy deletes it", async () => {
            await adoptThenCrash();
            const { outs } = await provider.create(configInputs({ adoptExisting: false }));
            assert.ok(!("priorConfiguration" in outs!));

            await provider.delete!(ID, outs!);
            assert.strictEqual(account.roleArn, undefined);
            assert.deepStrictEqual(enabledChecks(account), []);
        });
    });

    describe("a scheduled audit made outside the stack with a name the stack uses", () => {
        /** The team's "weekly" runs OURS; the stack (OURS and THEIRS enabled, daily running OURS) is deployed. */
        async function deployBesideTheirWeekly(
            edit: Partial<AccountAuditInputs> = {},
        ): Promise<AccountAuditOutputs> {
            const { outs } = await provider.create(
                configWith([OURS, THEIRS], { daily: [OURS] }, edit),
            );
            addOutsideAudit(account, "weekly", [OURS]);
            account.mock.resetHistory();
            return outs!;
        }

        /** Nothing changed: the team's weekly, the stack's daily, and OURS still enabled. */
        function assertUnchanged(): void {
            assert.deepStrictEqual(writes(account), []);
            assert.deepStrictEqual(
                account.audits.get("weekly")?.targetCheckNames,
                [OURS],
                "the team's weekly is kept as it was",
            );
            assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [OURS]);
            assert.deepStrictEqual(enabledChecks(account), [THEIRS, OURS].sort());
        }

        const nameTaken =
            /Scheduled audit weekly already exists in eu-west-1 \(WEEKLY on MON, checks LOGGING_DISABLED_CHECK, tags \{Owner=security-team\}\) and is not in this stack's state: it is not tagged Project=iot-defender, Stack=dev as the stack's own scheduled audits are, so this stack will not take it over, and this run changed nothing\./;

        it("adding a schedule by that name is refused before anything changes, even with a check to disable", async () => {
            const state = await deployBesideTheirWeekly();
            await assert.rejects(
                provider.update!(
                    ID,
                    state,
                    configWith([THEIRS], { daily: [THEIRS], weekly: [THEIRS] }),
                ),
                nameTaken,
            );
            assertUnchanged();
        });

        it("renaming the stack's schedule (as the error advises) and dropping the check refuses, naming their audit, and changes nothing", async () => {
            const state = await deployBesideTheirWeekly();
            await assert.rejects(
                provider.update!(
                    ID,
                    state,
                    configWith([THEIRS], { daily: [THEIRS], "weekly-iot": [THEIRS] }),
                ),
                (err: Error) => {
                    assert.match(
                        err.message,
                        /^Cannot disable audit check\(s\) LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1: /,
                    );
                    assert.match(
                        err.message,
                        /scheduled audit weekly \(runs LOGGING_DISABLED_CHECK\) uses LOGGING_DISABLED_CHECK, and this stack does not manage it: it is not tagged Project=iot-defender, Stack=dev as the stack's own scheduled audits are/,
                    );
                    assert.doesNotMatch(
                        err.message,
                        /scheduled audit daily/,
                        "daily is in the state: it would have been moved",
                    );
                    return true;
                },
            );
            assertUnchanged();
            assert.deepStrictEqual(
                account.calls().filter(c => c === "ListTagsForResource").length,
                1,
                "tags read only for the audit outside the state that runs OURS",
            );
        });

        it("once their audit no longer runs the check, the same run moves the stack's own audit and disables it", async () => {
            const state = await deployBesideTheirWeekly();
            account.audits.get("weekly")!.targetCheckNames = [THEIRS];
            const { outs } = await provider.update!(
                ID,
                state,
                configWith([THEIRS], { daily: [THEIRS], "weekly-iot": [THEIRS] }),
            );
            assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [THEIRS]);
            assert.deepStrictEqual(account.audits.get("weekly-iot")!.targetCheckNames, [THEIRS]);
            assert.deepStrictEqual(
                account.audits.get("weekly")!.targetCheckNames,
                [THEIRS],
                "their audit is not touched",
            );
            assert.deepStrictEqual(enabledChecks(account), [THEIRS]);
            assert.deepStrictEqual(Object.keys(outs!.scheduledAuditArns).sort(), [
                "daily",
                "weekly-iot",
            ]);
        });

        it("destroy after adopting refuses to restore rather than change their audit, and changes nothing, the stack's own audit included", async () => {
            configureTheirs(account);
            const state = await deployBesideTheirWeekly({ adoptExisting: true });
            await assert.rejects(provider.delete!(ID, state), (err: Error) => {
                assert.match(
                    err.message,
                    /^Cannot disable audit check\(s\) LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1 to restore the prior \(adopted\) configuration: /,
                );
                assert.match(err.message, /scheduled audit weekly \(runs LOGGING_DISABLED_CHECK\)/);
                return true;
            });
            assertUnchanged();
            assert.strictEqual(
                account.roleArn,
                ROLE,
                "not restored: the team's weekly still needs OURS",
            );
        });
    });

    describe("a run that made a scheduled audit and stopped before Pulumi saved state", () => {
        const WEEKLY = { daily: [THEIRS], weekly: [OURS] };

        /** Deploys daily, then a run adds weekly (running OURS) and its result is lost. */
        async function addWeeklyAndLoseState(): Promise<AccountAuditOutputs> {
            const { outs } = await provider.create(configWith([OURS, THEIRS], { daily: [THEIRS] }));
            await provider.update!(ID, outs!, configWith([OURS, THEIRS], WEEKLY));
            assert.ok(account.audits.has("weekly"), "the run made it");
            account.mock.resetHistory();
            return outs!;
        }

        it("run 2 with the same inputs takes it over as the stack's own (its tags say so), creating nothing", async () => {
            const state = await addWeeklyAndLoseState();
            const { outs } = await provider.update!(ID, state, configWith([OURS, THEIRS], WEEKLY));
            assert.deepStrictEqual(account.calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
            ]);
            assert.deepStrictEqual(Object.keys(outs!.scheduledAuditArns).sort(), [
                "daily",
                "weekly",
            ]);
        });

        it("run 2 swapping its check takes it over and moves it", async () => {
            const state = await addWeeklyAndLoseState();
            await provider.update!(
                ID,
                state,
                configWith([THEIRS], { daily: [THEIRS], weekly: [THEIRS] }),
            );
            assert.deepStrictEqual(account.audits.get("weekly")!.targetCheckNames, [THEIRS]);
            assert.deepStrictEqual(enabledChecks(account), [THEIRS]);
        });

        it("run 2 dropping it and its only check deletes it first, as the stack's own, then disables the check", async () => {
            const state = await addWeeklyAndLoseState();
            await provider.update!(ID, state, configWith([THEIRS], { daily: [THEIRS] }));
            assert.ok(!account.audits.has("weekly"));
            assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [THEIRS]);
            assert.deepStrictEqual(enabledChecks(account), [THEIRS]);
        });
    });

    describe("deleting a configuration the stack owns", () => {
        it("deletes the stack's own scheduled audits, then the configuration", async () => {
            const { outs } = await provider.create(configWith([OURS], { daily: [OURS] }));
            account.mock.resetHistory();

            await provider.delete!(ID, outs!);
            assert.deepStrictEqual(account.calls(), [
                "ListScheduledAudits",
                "DeleteScheduledAudit",
                "DeleteAccountAuditConfiguration",
            ]);
            assert.ok(account.isEmpty());
            assert.strictEqual(account.roleArn, undefined);
            assert.deepStrictEqual(enabledChecks(account), []);
        });

        it("refuses while scheduled audits made outside the stack exist, naming them and leaving the configuration and the stack's audits in place", async () => {
            const { outs } = await provider.create(configWith([OURS], { daily: [OURS] }));
            addOutsideAudit(account, "security-team", [OURS]);
            account.mock.resetHistory();

            await assert.rejects(provider.delete!(ID, outs!), (err: Error) => {
                assert.match(
                    err.message,
                    /Cannot delete the audit configuration of account 123456789012 in eu-west-1: scheduled audit\(s\) security-team exist/,
                );
                assert.match(err.message, /The configuration is left in place/);
                return true;
            });
            assert.deepStrictEqual(account.calls(), ["ListScheduledAudits"]);
            assert.strictEqual(account.roleArn, ROLE);
            assert.deepStrictEqual(enabledChecks(account), [OURS]);
            assert.deepStrictEqual(account.audits.get("security-team")!.targetCheckNames, [OURS]);
            assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [OURS]);

            account.audits.delete("security-team");
            await provider.delete!(ID, outs!);
            assert.strictEqual(account.roleArn, undefined, "deleted once they are gone");
        });
    });
});
