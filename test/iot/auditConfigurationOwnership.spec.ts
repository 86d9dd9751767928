/**
 * What the audit configuration's provider must leave alone because it is not (or no longer
 * provably) the stack's, against the in-memory account of test/fakes/iotAccount.ts: a configuration it
 * adopted whose record a crash lost, a scheduled audit made outside the stack that has the name of
 * one the stack is adding, and scheduled audits made outside the stack when the configuration is
 * deleted; and what it may change because it is: the stack's own scheduled audits, told by their
 * tags whatever the managed names saved in state say. Providers are called in the order Pulumi
 * runs them; a failed run saves what succeeded, as Pulumi does.
 */
import * as assert from "assert";
import { FakeIotAccount } from "../fakes/iotAccount";
import {
    AccountAuditConfigurationInputs,
    AccountAuditConfigurationOutputs,
    accountAuditConfigurationProvider as configuration,
} from "../../components/iot/accountAuditConfiguration";
import { clock } from "../../components/aws/calls";
import {
    ScheduledAuditInputs,
    scheduledAuditProvider as scheduledAudit,
} from "../../components/iot/scheduledAudit";
import { iotTags, ownershipTags } from "../../components/tags";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const ID = `${ACCOUNT}/${REGION}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-audit-1a2b3c`;
const THEIR_ROLE = `arn:aws:iam::${ACCOUNT}:role/security-team-audit`;
const OURS = "LOGGING_DISABLED_CHECK";
const THEIRS = "CONFLICTING_CLIENT_IDS_CHECK";
/** The stack's tags: its scheduled audits carry them all (Audit component), the configuration knows the ownership ones. */
const STACK_TAGS = {
    Project: "iot-defender",
    Stack: "dev",
    Environment: "dev",
    Owner: "platform",
    ManagedBy: "pulumi",
};

function configInputs(
    edit: Partial<AccountAuditConfigurationInputs> = {},
): AccountAuditConfigurationInputs {
    return {
        region: REGION,
        accountId: ACCOUNT,
        roleArn: ROLE,
        auditCheckConfigurations: { [OURS]: { enabled: true } },
        managedScheduledAudits: {},
        ownerTags: ownershipTags(STACK_TAGS),
        ...edit,
    };
}

/** The configuration enabling `checks`, with the stack's schedules (name → checks). */
function configWith(
    checks: string[],
    managed: Record<string, string[]>,
    edit: Partial<AccountAuditConfigurationInputs> = {},
): AccountAuditConfigurationInputs {
    return configInputs({
        auditCheckConfigurations: Object.fromEntries(checks.map(c => [c, { enabled: true }])),
        managedScheduledAudits: managed,
        ...edit,
    });
}

function auditInputs(name: string, checks: string[]): ScheduledAuditInputs {
    return {
        region: REGION,
        scheduledAuditName: name,
        frequency: "DAILY",
        targetCheckNames: checks,
        tags: iotTags(STACK_TAGS),
    };
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
                configuration.create(configInputs({ adoptExisting: true })),
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
        const after = configInputs({
            auditCheckConfigurations: { [THEIRS]: { enabled: true } },
            managedScheduledAudits: { weekly: [THEIRS] },
        });
        await assert.rejects(
            configuration.update!(ID, state, after),
            /Cannot disable audit check\(s\) LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1: scheduled audit weekly \(runs LOGGING_DISABLED_CHECK, CONFLICTING_CLIENT_IDS_CHECK\) uses LOGGING_DISABLED_CHECK, and this stack does not manage it: it is not tagged Project=iot-defender, Stack=dev/,
        );
        assert.deepStrictEqual(account.audits.get("weekly")!.targetCheckNames, [OURS, THEIRS]);
        assert.deepStrictEqual(writes(account), []);
    });

    describe("scheduled audits are the stack's by their tags, not by the names saved in its state", () => {
        const WEEKLY_ARN = `arn:aws:iot:${REGION}:${ACCOUNT}:scheduledaudit/weekly`;

        /**
         * Run 1: the stack (OURS and THEIRS enabled, schedule daily running OURS) adds a schedule
         * "weekly" running THEIRS while a security team's own "weekly" runs OURS. The configuration
         * update saves weekly as managed; creating the stack's weekly is then refused (name taken).
         * Returns the configuration's state after that run.
         */
        async function addScheduleWhoseNameIsTaken(
            edit: Partial<AccountAuditConfigurationInputs> = {},
        ): Promise<AccountAuditConfigurationOutputs> {
            const first = configWith([OURS, THEIRS], { daily: [OURS] }, edit);
            let state: AccountAuditConfigurationOutputs = {
                ...first,
                ...(await configuration.create(first)).outs!,
            };
            await scheduledAudit.create(auditInputs("daily", [OURS]));
            addOutsideAudit(account, "weekly", [OURS]);

            const run1 = configWith([OURS, THEIRS], { daily: [OURS], weekly: [THEIRS] }, edit);
            state = { ...state, ...(await configuration.update!(ID, state, run1)).outs! };
            assert.deepStrictEqual(
                Object.keys(state.managedScheduledAudits!),
                ["daily", "weekly"],
                "weekly is saved as managed",
            );
            await assert.rejects(
                scheduledAudit.create(auditInputs("weekly", [THEIRS])),
                /Scheduled audit weekly already exists in eu-west-1 with different settings/,
            );
            account.mock.resetHistory();
            return state;
        }

        /** The refusal naming the team's weekly: its checks, and that it lacks the stack's tags. */
        const refusesTheirWeekly =
            /scheduled audit weekly \(runs LOGGING_DISABLED_CHECK\) uses LOGGING_DISABLED_CHECK, and this stack does not manage it: it is not tagged Project=iot-defender, Stack=dev as the stack's own scheduled audits are/;

        /** Nothing changed since run 1: the team's weekly, the stack's daily, and OURS still enabled. */
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

        it("run 2 renaming the stack's schedule (as the error advises) and dropping the check refuses, and does not delete the team's audit", async () => {
            const state = await addScheduleWhoseNameIsTaken();
            await assert.rejects(
                configuration.update!(
                    ID,
                    state,
                    configWith([THEIRS], { daily: [THEIRS], "weekly-iot": [THEIRS] }),
                ),
                (err: Error) => {
                    assert.match(
                        err.message,
                        /^Cannot disable audit check\(s\) LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1: /,
                    );
                    assert.match(err.message, refusesTheirWeekly);
                    assert.doesNotMatch(
                        err.message,
                        /scheduled audit daily/,
                        "daily is tagged as the stack's: it would have been moved",
                    );
                    return true;
                },
            );
            assertUnchanged();
            assert.deepStrictEqual(
                account.calls().filter(c => c === "ListTagsForResource").length,
                2,
                "tags read for the two audits running OURS",
            );
        });

        it("run 2 keeping the name and dropping the check refuses, and does not rewrite the team's audit", async () => {
            const state = await addScheduleWhoseNameIsTaken();
            await assert.rejects(
                configuration.update!(
                    ID,
                    state,
                    configWith([THEIRS], { daily: [THEIRS], weekly: [THEIRS] }),
                ),
                refusesTheirWeekly,
            );
            assertUnchanged();
        });

        it("once the team's audit no longer runs the check, the same run 2 moves the stack's own audit and disables it", async () => {
            const state = await addScheduleWhoseNameIsTaken();
            account.audits.get("weekly")!.targetCheckNames = [THEIRS];
            await configuration.update!(
                ID,
                state,
                configWith([THEIRS], { daily: [THEIRS], "weekly-iot": [THEIRS] }),
            );
            assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [THEIRS]);
            assert.deepStrictEqual(
                account.audits.get("weekly")!.targetCheckNames,
                [THEIRS],
                "the team's audit is not touched",
            );
            assert.deepStrictEqual(enabledChecks(account), [THEIRS]);
        });

        it("destroy after adopting refuses to restore rather than delete the team's audit that took the name, and changes nothing", async () => {
            configureTheirs(account);
            const state = await addScheduleWhoseNameIsTaken({ adoptExisting: true });
            // pulumi destroy: the stack's daily goes first (it depends on the configuration).
            await scheduledAudit.delete!("daily", { ...auditInputs("daily", [OURS]), arn: "" });
            account.mock.resetHistory();
            await assert.rejects(configuration.delete!(ID, state), (err: Error) => {
                assert.match(
                    err.message,
                    /^Cannot disable audit check\(s\) LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1 to restore the prior \(adopted\) configuration: /,
                );
                assert.match(err.message, refusesTheirWeekly);
                return true;
            });
            assert.deepStrictEqual(writes(account), []);
            assert.deepStrictEqual(account.audits.get("weekly")?.targetCheckNames, [OURS]);
            assert.strictEqual(
                account.roleArn,
                ROLE,
                "not restored: the team's weekly still needs OURS",
            );
        });

        describe("the stack's own schedule, removed in a run that failed before Pulumi deleted it", () => {
            /** Run 1 removes weekly (running OURS) from the program; the configuration saves that, the run fails before the delete phase. */
            async function removeWeeklyAndFail(): Promise<AccountAuditConfigurationOutputs> {
                const first = configWith([OURS, THEIRS], { daily: [THEIRS], weekly: [OURS] });
                let state: AccountAuditConfigurationOutputs = {
                    ...first,
                    ...(await configuration.create(first)).outs!,
                };
                await scheduledAudit.create(auditInputs("daily", [THEIRS]));
                await scheduledAudit.create(auditInputs("weekly", [OURS]));
                account.mock.resetHistory();
                state = {
                    ...state,
                    ...(
                        await configuration.update!(
                            ID,
                            state,
                            configWith([OURS, THEIRS], { daily: [THEIRS] }),
                        )
                    ).outs!,
                };
                assert.deepStrictEqual(account.calls(), [], "only the managed names changed");
                assert.ok(account.audits.has("weekly"), "Pulumi never reached its delete");
                return state;
            }

            it("run 2 keeping it after all and swapping its check moves it, as the stack's own (its tags say so)", async () => {
                const state = await removeWeeklyAndFail();
                const weekly = { ...auditInputs("weekly", [OURS]), arn: WEEKLY_ARN };
                await configuration.update!(
                    ID,
                    state,
                    configWith([THEIRS], { daily: [THEIRS], weekly: [THEIRS] }),
                );
                assert.deepStrictEqual(account.calls(), [
                    "ListScheduledAudits",
                    "DescribeScheduledAudit",
                    "DescribeScheduledAudit",
                    "ListTagsForResource",
                    "UpdateScheduledAudit",
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(account.audits.get("weekly")!.targetCheckNames, [THEIRS]);
                assert.deepStrictEqual(enabledChecks(account), [THEIRS]);
                // Pulumi then updates weekly, still in its state, to what AWS already has.
                await scheduledAudit.update!("weekly", weekly, auditInputs("weekly", [THEIRS]));
                assert.deepStrictEqual(account.audits.get("weekly")!.targetCheckNames, [THEIRS]);
            });

            it("run 2 completing the removal and dropping its only check deletes it first; Pulumi's delete then finds it gone", async () => {
                const state = await removeWeeklyAndFail();
                await configuration.update!(ID, state, configWith([THEIRS], { daily: [THEIRS] }));
                assert.ok(!account.audits.has("weekly"));
                assert.deepStrictEqual(enabledChecks(account), [THEIRS]);
                await scheduledAudit.delete!("weekly", {
                    ...auditInputs("weekly", [OURS]),
                    arn: WEEKLY_ARN,
                });
                assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [THEIRS]);
            });
        });
    });

    describe("deleting a configuration the stack owns", () => {
        it("deletes it after the stack's own scheduled audits are gone", async () => {
            const inputs = configInputs({ managedScheduledAudits: { daily: [OURS] } });
            const { outs } = await configuration.create(inputs);
            const audit = await scheduledAudit.create(auditInputs("daily", [OURS]));
            account.mock.resetHistory();

            await scheduledAudit.delete!(audit.id, audit.outs!);
            await configuration.delete!(ID, outs!);
            assert.deepStrictEqual(account.calls(), [
                "DeleteScheduledAudit",
                "ListScheduledAudits",
                "DeleteAccountAuditConfiguration",
            ]);
            assert.strictEqual(account.roleArn, undefined);
            assert.deepStrictEqual(enabledChecks(account), []);
        });

        it("refuses while scheduled audits made outside the stack exist, naming them and leaving the configuration in place", async () => {
            const { outs } = await configuration.create(configInputs());
            addOutsideAudit(account, "security-team", [OURS]);
            account.mock.resetHistory();

            await assert.rejects(configuration.delete!(ID, outs!), (err: Error) => {
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

            account.audits.delete("security-team");
            await configuration.delete!(ID, outs!);
            assert.strictEqual(account.roleArn, undefined, "deleted once they are gone");
        });
    });
});
