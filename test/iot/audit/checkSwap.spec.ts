/**
 * Swapping the only check of a stack-managed scheduled audit in one deployment, against the
 * in-memory account of test/fakes/iotAccount.ts, which enforces AWS's rules: a check a scheduled audit
 * uses cannot be disabled, and a scheduled audit may only run enabled checks. One resource owns the
 * configuration and the scheduled audit, so one update does it all, in an order AWS accepts.
 */
import * as assert from "assert";
import { FakeIotAccount } from "../../fakes/iotAccount";
import { accountAuditProvider as provider } from "../../../components/iot/audit/provider";
import type { AccountAuditInputs, AccountAuditOutputs } from "../../../components/iot/audit/types";
import { clock } from "../../../components/aws/calls";
import { iotTags } from "../../../components/tags";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-audit-1a2b3c`;
const OLD_CHECK = "LOGGING_DISABLED_CHECK";
const NEW_CHECK = "CONFLICTING_CLIENT_IDS_CHECK";
const ID = `${ACCOUNT}/${REGION}`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:iot-audit`;
const NOTIFY_ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-audit-notify-4d5e6f`;
/** The stack's tags: its scheduled audits carry them all. */
const STACK_TAGS = {
    Project: "iot-defender",
    Stack: "dev",
    Environment: "dev",
    Owner: "platform",
    ManagedBy: "pulumi",
};

/** The configuration enabling `check`, and the stack's daily audit running it. */
function configInputs(check: string): AccountAuditInputs {
    return {
        region: REGION,
        accountId: ACCOUNT,
        roleArn: ROLE,
        auditCheckConfigurations: { [check]: { enabled: true } },
        scheduledAudits: { daily: { frequency: "DAILY", targetCheckNames: [check] } },
        tags: iotTags(STACK_TAGS),
    };
}

/** The swap to `check`, adding an SNS notification target published with `notifyRole`. */
function withNotifications(check: string, notifyRole: string): AccountAuditInputs {
    return {
        ...configInputs(check),
        auditNotificationTargetConfigurations: {
            SNS: { targetArn: TOPIC, roleArn: notifyRole, enabled: true },
        },
    };
}

function enabledChecks(account: FakeIotAccount): string[] {
    return Object.entries(account.checks)
        .filter(([, c]) => c.enabled)
        .map(([name]) => name);
}

describe("swapping a managed scheduled audit's only check (one deployment)", () => {
    let account: FakeIotAccount;
    const realSleep = clock.sleep;
    let configState: AccountAuditOutputs;

    beforeEach(async () => {
        clock.sleep = async () => undefined;
        account = new FakeIotAccount(ACCOUNT, REGION);
        configState = (await provider.create(configInputs(OLD_CHECK))).outs!;
        assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [OLD_CHECK]);
        account.mock.resetHistory();
    });
    afterEach(() => {
        account.restore();
        clock.sleep = realSleep;
    });

    it("enables the new check, moves the scheduled audit, then disables the old check, in one update", async () => {
        assert.strictEqual(
            (await provider.diff!(ID, configState, configInputs(NEW_CHECK))).changes,
            true,
        );
        const { outs } = await provider.update!(ID, configState, configInputs(NEW_CHECK));
        assert.deepStrictEqual(account.calls(), [
            "DescribeAccountAuditConfiguration",
            "ListScheduledAudits",
            "UpdateAccountAuditConfiguration",
            "UpdateScheduledAudit",
            "UpdateAccountAuditConfiguration",
        ]);
        assert.deepStrictEqual(outs!.scheduledAudits.daily.targetCheckNames, [NEW_CHECK]);

        const enabled = Object.entries(account.checks)
            .filter(([, c]) => c.enabled)
            .map(([name]) => name);
        assert.deepStrictEqual(enabled, [NEW_CHECK]);
        assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [NEW_CHECK]);
    });

    it("refuses, changing nothing, while a scheduled audit outside the stack still runs the check", async () => {
        const arn = "arn:aws:iot:eu-west-1:123456789012:scheduledaudit/security-team";
        account.audits.set("security-team", {
            frequency: "WEEKLY",
            dayOfWeek: "MON",
            targetCheckNames: [OLD_CHECK],
            arn,
        });
        account.tags.set(arn, new Map([["Owner", "security-team"]]));
        await assert.rejects(
            provider.update!(ID, configState, configInputs(NEW_CHECK)),
            /Cannot disable audit check\(s\) LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1: scheduled audit security-team \(runs LOGGING_DISABLED_CHECK\) uses LOGGING_DISABLED_CHECK, and this stack does not manage it: it is not tagged Project=iot-defender, Stack=dev/,
        );
        assert.deepStrictEqual(
            account.calls().filter(c => c.startsWith("Update")),
            [],
        );
        assert.deepStrictEqual(account.checks[OLD_CHECK], { enabled: true });
        assert.deepStrictEqual(account.checks[NEW_CHECK], { enabled: false });
        assert.deepStrictEqual(account.audits.get("daily")!.targetCheckNames, [OLD_CHECK]);
    });

    it("with a notification change in the same deployment, sends role, target and both checks first, and after the move only disables the old check", async () => {
        await provider.update!(ID, configState, withNotifications(NEW_CHECK, NOTIFY_ROLE));
        assert.deepStrictEqual(account.calls(), [
            "DescribeAccountAuditConfiguration",
            "ListScheduledAudits",
            "UpdateAccountAuditConfiguration",
            "UpdateScheduledAudit",
            "UpdateAccountAuditConfiguration",
        ]);
        const [first, last] = account.mock
            .calls()
            .filter(c => c.args[0].constructor.name === "UpdateAccountAuditConfigurationCommand")
            .map(c => c.args[0].input);
        assert.deepStrictEqual(
            first,
            {
                roleArn: ROLE,
                auditNotificationTargetConfigurations: {
                    SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                },
                auditCheckConfigurations: { [NEW_CHECK]: { enabled: true } },
            },
            "the old check is not sent, so it stays enabled while the audit still runs it",
        );
        assert.deepStrictEqual(last, {
            auditCheckConfigurations: { [OLD_CHECK]: { enabled: false } },
        });
        assert.deepStrictEqual(enabledChecks(account), [NEW_CHECK]);
        assert.deepStrictEqual(account.notifications.SNS, {
            targetArn: TOPIC,
            roleArn: NOTIFY_ROLE,
            enabled: true,
        });
    });

    it("changes nothing, scheduled audit included, when AWS refuses the new notification role, so reverting the change is truthful", async () => {
        const refused = `arn:aws:iam::${ACCOUNT}:role/not-assumable`;
        account.refusedRoles.add(refused);
        await assert.rejects(
            provider.update!(ID, configState, withNotifications(NEW_CHECK, refused)),
            /Update the audit configuration of account 123456789012 in eu-west-1: InvalidRequestException: role arn:aws:iam::123456789012:role\/not-assumable cannot be assumed/,
        );
        assert.deepStrictEqual(
            account.audits.get("daily")!.targetCheckNames,
            [OLD_CHECK],
            "the audit was not moved",
        );
        assert.deepStrictEqual(enabledChecks(account), [OLD_CHECK]);
        assert.deepStrictEqual(account.notifications, {});

        // Pulumi kept the old state; the user reverts the change: no diff, and AWS indeed matches.
        assert.strictEqual(
            (await provider.diff!(ID, configState, configInputs(OLD_CHECK))).changes,
            false,
        );
    });
});
