import * as assert from "assert";
import {
    DeleteAccountAuditConfigurationCommand,
    DeleteScheduledAuditCommand,
    DescribeAccountAuditConfigurationCommand,
    ListScheduledAuditsCommand,
    UpdateAccountAuditConfigurationCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import type {
    AuditCheckConfiguration,
    DescribeAccountAuditConfigurationResponse,
} from "@aws-sdk/client-iot";
import { AccountAudit } from "../../../components/iot/audit/resource";
import { accountAuditProvider as provider } from "../../../components/iot/audit/provider";
import type {
    AccountAuditInputs,
    AccountAuditOutputs,
    ScheduleSettings,
} from "../../../components/iot/audit/types";
import { UNKNOWN } from "../../../components/iot/inputs";
import { RETRY } from "../../../components/aws/calls";
import { AUDIT_CHECK_NAMES } from "../../../components/facts";
import { readOutput } from "../../harness";
import { registered } from "../support";
import {
    auditArn,
    awsError,
    calls,
    ID,
    iot,
    OWN_AUDIT_TAGS,
    serveAudits,
    useIotMock,
} from "./mocks";

const ROLE = "arn:aws:iam::123456789012:role/iot-audit";
const NOTIFY_ROLE = "arn:aws:iam::123456789012:role/iot-audit-notify";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:iot-audit";

/**
 * The inputs the Audit component produces: two checks, one with a threshold, an SNS target; no
 * scheduled audit (they have their own spec, schedules.spec.ts) unless a test adds one.
 */
function inputs(edit: Partial<AccountAuditInputs> = {}): AccountAuditInputs {
    return {
        region: "eu-west-1",
        accountId: "123456789012",
        roleArn: ROLE,
        auditNotificationTargetConfigurations: {
            SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
        },
        auditCheckConfigurations: {
            LOGGING_DISABLED_CHECK: { enabled: true },
            DEVICE_CERTIFICATE_AGE_CHECK: {
                enabled: true,
                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
            },
        },
        scheduledAudits: {},
        tags: OWN_AUDIT_TAGS,
        ...edit,
    };
}

/** A weekly scheduled audit running `checks`. */
const weekly = (...checks: string[]): ScheduleSettings => ({
    frequency: "WEEKLY",
    dayOfWeek: "MON",
    targetCheckNames: checks,
});

/** The stack's weekly audit, running both checks: what the state holds in the update and delete tests. */
const WITH_WEEKLY: Partial<AccountAuditOutputs> = {
    scheduledAudits: { weekly: weekly("LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK") },
    scheduledAuditArns: { weekly: auditArn("weekly") },
};

/** Inputs that keep only LOGGING_DISABLED_CHECK (disabling DEVICE_CERTIFICATE_AGE_CHECK), the weekly audit following. */
const ONLY_LOGGING: Partial<AccountAuditInputs> = {
    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
    scheduledAudits: { weekly: weekly("LOGGING_DISABLED_CHECK") },
};

/** State after create: inputs plus the outputs and the serialized provider Pulumi stores with them. */
function state(edit: Partial<AccountAuditOutputs> = {}): AccountAuditOutputs {
    return {
        ...inputs(),
        scheduledAuditArns: {},
        __provider: "serialized",
        ...edit,
    } as AccountAuditOutputs;
}

/** What DescribeAccountAuditConfiguration returns: every check, those listed enabled. */
function live(
    enabled: Record<string, AuditCheckConfiguration> = {},
    extra: Partial<DescribeAccountAuditConfigurationResponse> = {},
): DescribeAccountAuditConfigurationResponse {
    const checks: Record<string, AuditCheckConfiguration> = {};
    for (const name of AUDIT_CHECK_NAMES) checks[name] = { enabled: false };
    Object.assign(checks, enabled);
    return {
        roleArn: "",
        auditNotificationTargetConfigurations: {},
        auditCheckConfigurations: checks,
        ...extra,
    };
}

/**
 * Serves Describe/UpdateAccountAuditConfiguration from one live configuration, updated as AWS
 * does: a check's `configuration` changes only when a request sends one (an omitted threshold keeps
 * its value). Returns the live configuration, to inspect.
 */
function serveLiveConfiguration(
    start: DescribeAccountAuditConfigurationResponse,
): DescribeAccountAuditConfigurationResponse {
    const current = JSON.parse(JSON.stringify(start)) as DescribeAccountAuditConfigurationResponse;
    iot.on(DescribeAccountAuditConfigurationCommand).callsFake(() =>
        JSON.parse(JSON.stringify(current)),
    );
    iot.on(UpdateAccountAuditConfigurationCommand).callsFake(input => {
        if (input.roleArn) current.roleArn = input.roleArn;
        Object.assign(
            current.auditNotificationTargetConfigurations!,
            input.auditNotificationTargetConfigurations ?? {},
        );
        for (const [name, c] of Object.entries(input.auditCheckConfigurations ?? {}) as [
            string,
            AuditCheckConfiguration,
        ][]) {
            const was = current.auditCheckConfigurations![name] ?? {};
            current.auditCheckConfigurations![name] = {
                ...was,
                enabled: c.enabled,
                ...(c.configuration ? { configuration: c.configuration } : {}),
            };
        }
        return {};
    });
    return current;
}

describe("account audit provider: the audit configuration", () => {
    useIotMock();

    describe("check", () => {
        const failuresOf = async (news: unknown) =>
            (await provider.check!({} as never, news as AccountAuditInputs)).failures ?? [];

        it("accepts the component's inputs and drops __provider and the outputs", async () => {
            const result = await provider.check!(
                {} as never,
                {
                    ...inputs(),
                    __provider: "x",
                    priorConfiguration: undefined,
                    scheduledAuditArns: undefined,
                } as never,
            );
            assert.deepStrictEqual(result.failures, []);
            assert.deepStrictEqual(result.inputs, inputs());
        });

        it("rejects a role ARN outside the allowed length and a bad account id", async () => {
            const failures = await failuresOf(inputs({ roleArn: "arn:short", accountId: "12345" }));
            assert.deepStrictEqual(failures.map(f => f.property).sort(), ["accountId", "roleArn"]);
        });

        it("allows only the SNS notification target, with targetArn and roleArn", async () => {
            const failures = await failuresOf(
                inputs({
                    auditNotificationTargetConfigurations: {
                        EMAIL: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                        SNS: { enabled: true },
                    },
                }),
            );
            const props = failures.map(f => f.property).sort();
            assert.deepStrictEqual(props, [
                "auditNotificationTargetConfigurations.EMAIL",
                "auditNotificationTargetConfigurations.SNS.roleArn",
                "auditNotificationTargetConfigurations.SNS.targetArn",
            ]);
            assert.match(failures.find(f => f.property.endsWith("EMAIL"))!.reason, /must be "SNS"/);
        });

        it("validates threshold configuration against the check's own key and range", async () => {
            const failures = await failuresOf(
                inputs({
                    auditCheckConfigurations: {
                        DEVICE_CERTIFICATE_AGE_CHECK: {
                            enabled: true,
                            configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "60" },
                        },
                        DEVICE_CERTIFICATE_EXPIRING_CHECK: {
                            enabled: true,
                            configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "29" },
                        },
                        LOGGING_DISABLED_CHECK: {
                            enabled: true,
                            configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
                        },
                        CA_CERTIFICATE_EXPIRING_CHECK: { enabled: true },
                    },
                }),
            );
            assert.strictEqual(failures.length, 3, JSON.stringify(failures));
            assert.match(
                failures[0].reason,
                /CERT_EXPIRATION_THRESHOLD_IN_DAYS is not a configuration of DEVICE_CERTIFICATE_AGE_CHECK: the only configuration key is CERT_AGE_THRESHOLD_IN_DAYS/,
            );
            assert.match(failures[1].reason, /from 30 to 3652; got "29"/);
            assert.match(failures[2].reason, /LOGGING_DISABLED_CHECK: it takes no configuration/);
        });

        it("wants threshold values as strings of whole numbers", async () => {
            for (const bad of [365, "365.5", "abc", "3653"]) {
                const failures = await failuresOf(
                    inputs({
                        auditCheckConfigurations: {
                            DEVICE_CERTIFICATE_AGE_CHECK: {
                                enabled: true,
                                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: bad as string },
                            },
                        },
                    }),
                );
                assert.strictEqual(failures.length, 1, `${JSON.stringify(bad)} should fail`);
            }
            for (const good of ["30", "3652"]) {
                const failures = await failuresOf(
                    inputs({
                        auditCheckConfigurations: {
                            DEVICE_CERTIFICATE_AGE_CHECK: {
                                enabled: true,
                                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: good },
                            },
                        },
                    }),
                );
                assert.deepStrictEqual(failures, [], good);
            }
        });

        it("needs at least one enabled check and non-empty check names", async () => {
            const none = await failuresOf(
                inputs({
                    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: false } },
                }),
            );
            assert.deepStrictEqual(
                none.map(f => f.reason),
                ["auditCheckConfigurations must enable at least one audit check"],
            );
            const empty = await failuresOf(
                inputs({
                    auditCheckConfigurations: { "": { enabled: true } },
                }),
            );
            assert.deepStrictEqual(
                empty.map(f => f.reason),
                ["auditCheckConfigurations has an empty check name"],
            );
        });

        it("tolerates values unknown at preview anywhere", async () => {
            for (const edit of [
                { region: UNKNOWN, accountId: UNKNOWN, roleArn: UNKNOWN },
                { auditCheckConfigurations: UNKNOWN },
                { auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: UNKNOWN } } },
                { auditCheckConfigurations: { LOGGING_DISABLED_CHECK: UNKNOWN } },
                {
                    auditCheckConfigurations: {
                        DEVICE_CERTIFICATE_AGE_CHECK: {
                            enabled: true,
                            configuration: { CERT_AGE_THRESHOLD_IN_DAYS: UNKNOWN },
                        },
                    },
                },
                { auditNotificationTargetConfigurations: UNKNOWN },
                {
                    auditNotificationTargetConfigurations: {
                        SNS: { targetArn: UNKNOWN, roleArn: UNKNOWN, enabled: true },
                    },
                },
                { scheduledAudits: UNKNOWN, adoptExisting: UNKNOWN },
                { tags: UNKNOWN },
            ]) {
                assert.deepStrictEqual(
                    await failuresOf(inputs(edit as never)),
                    [],
                    JSON.stringify(edit),
                );
            }
        });
    });

    describe("diff", () => {
        it("reports no change for equal inputs, ignoring __provider and priorConfiguration, with no AWS call", async () => {
            const result = await provider.diff!(ID, state({ priorConfiguration: "{}" }), {
                ...inputs(),
                __provider: "other",
            } as never);
            assert.strictEqual(result.changes, false);
            assert.deepStrictEqual(calls(), []);
        });

        it("replaces on region or account change and updates everything else in place", async () => {
            assert.deepStrictEqual(
                (await provider.diff!(ID, state(), inputs({ region: "us-east-1" }))).replaces,
                ["region"],
            );
            assert.deepStrictEqual(
                (await provider.diff!(ID, state(), inputs({ accountId: "210987654321" }))).replaces,
                ["accountId"],
            );
            const inPlace = await provider.diff!(
                ID,
                state(),
                inputs({ roleArn: `${ROLE}-2`, adoptExisting: true }),
            );
            assert.deepStrictEqual(
                { changes: inPlace.changes, replaces: inPlace.replaces },
                { changes: true, replaces: [] },
            );
        });

        it("treats a threshold at the check's default as no threshold, and any other value as a change", async () => {
            const noThreshold = inputs({
                auditCheckConfigurations: {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: { enabled: true },
                },
            });
            assert.strictEqual(
                (await provider.diff!(ID, state(), noThreshold)).changes,
                false,
                "365 days is the default age threshold",
            );
            const custom = state({
                auditCheckConfigurations: {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: {
                        enabled: true,
                        configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "400" },
                    },
                },
            });
            assert.strictEqual((await provider.diff!(ID, custom, noThreshold)).changes, true);
        });

        it("treats unknown values as changes", async () => {
            assert.strictEqual(
                (await provider.diff!(ID, state(), inputs({ roleArn: UNKNOWN }))).changes,
                true,
            );
        });
    });

    describe("create", () => {
        it("configures a fresh account: role, target, configured checks enabled, every other check disabled (2 calls)", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(live());
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const result = await provider.create(inputs());

            assert.strictEqual(result.id, ID);
            assert.strictEqual(result.outs!.priorConfiguration, undefined);
            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration",
                "UpdateAccountAuditConfiguration",
            ]);
            const request = iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0]
                .input;
            assert.strictEqual(request.roleArn, ROLE);
            assert.deepStrictEqual(request.auditNotificationTargetConfigurations, {
                SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
            });
            const checks = request.auditCheckConfigurations!;
            assert.deepStrictEqual(Object.keys(checks).sort(), [...AUDIT_CHECK_NAMES].sort());
            assert.deepStrictEqual(checks.LOGGING_DISABLED_CHECK, { enabled: true });
            assert.deepStrictEqual(checks.DEVICE_CERTIFICATE_AGE_CHECK, {
                enabled: true,
                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
            });
            assert.deepStrictEqual(checks.CONFLICTING_CLIENT_IDS_CHECK, { enabled: false });
            assert.strictEqual(Object.values(checks).filter(c => c.enabled).length, 2);
            assert.ok(!("__provider" in request));
        });

        it("refuses to overwrite an existing configuration, saying what exists and how to adopt or remove it", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live(
                    {
                        LOGGING_DISABLED_CHECK: { enabled: true },
                        CONFLICTING_CLIENT_IDS_CHECK: { enabled: true },
                    },
                    {
                        roleArn: "arn:aws:iam::123456789012:role/someone-elses",
                        auditNotificationTargetConfigurations: {
                            SNS: {
                                targetArn: "arn:aws:sns:eu-west-1:123456789012:theirs",
                                roleArn: NOTIFY_ROLE,
                                enabled: true,
                            },
                        },
                    },
                ),
            );
            await assert.rejects(provider.create(inputs()), (err: Error) => {
                assert.match(err.message, /already exists/);
                assert.match(err.message, /role arn:aws:iam::123456789012:role\/someone-elses/);
                assert.match(
                    err.message,
                    new RegExp(
                        `2 of ${AUDIT_CHECK_NAMES.length} checks enabled \\(CONFLICTING_CLIENT_IDS_CHECK, LOGGING_DISABLED_CHECK\\)`,
                    ),
                );
                assert.match(
                    err.message,
                    /SNS notifications to arn:aws:sns:eu-west-1:123456789012:theirs/,
                );
                assert.match(err.message, /iot-defender:audit\.adoptExisting: true/);
                assert.match(err.message, /Pulumi\.<stack>\.yaml/);
                assert.match(err.message, /restored on destroy/);
                assert.match(
                    err.message,
                    /aws iot delete-account-audit-configuration --region eu-west-1/,
                );
                return true;
            });
            assert.deepStrictEqual(calls(), ["DescribeAccountAuditConfiguration"]);
        });

        it("treats a role alone (no enabled check) as an existing configuration", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live({}, { roleArn: "arn:aws:iam::123456789012:role/someone-elses" }),
            );
            await assert.rejects(
                provider.create(inputs()),
                /already exists: role .*; 0 of \d+ checks enabled; no notification target/,
            );
        });

        it("adopts when asked: records the prior configuration and disables a prior target it does not configure (2 calls)", async () => {
            const prior = live(
                {
                    CONFLICTING_CLIENT_IDS_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: {
                        enabled: true,
                        configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "90" },
                    },
                },
                {
                    roleArn: "arn:aws:iam::123456789012:role/theirs",
                    auditNotificationTargetConfigurations: {
                        SNS: {
                            targetArn: "arn:aws:sns:eu-west-1:123456789012:theirs",
                            roleArn: NOTIFY_ROLE,
                            enabled: true,
                        },
                    },
                },
            );
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(prior);
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const result = await provider.create(
                inputs({ adoptExisting: true, auditNotificationTargetConfigurations: undefined }),
            );

            assert.deepStrictEqual(JSON.parse(result.outs!.priorConfiguration!), {
                roleArn: prior.roleArn,
                auditNotificationTargetConfigurations: prior.auditNotificationTargetConfigurations,
                auditCheckConfigurations: prior.auditCheckConfigurations,
            });
            assert.strictEqual(result.outs!.adoptExisting, true);
            assert.strictEqual(iot.calls().length, 2);
            const request = iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0]
                .input;
            assert.deepStrictEqual(request.auditNotificationTargetConfigurations, {
                SNS: {
                    targetArn: "arn:aws:sns:eu-west-1:123456789012:theirs",
                    roleArn: NOTIFY_ROLE,
                    enabled: false,
                },
            });
            assert.deepStrictEqual(request.auditCheckConfigurations!.CONFLICTING_CLIENT_IDS_CHECK, {
                enabled: false,
            });
            assert.deepStrictEqual(request.auditCheckConfigurations!.DEVICE_CERTIFICATE_AGE_CHECK, {
                enabled: true,
                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
            });
        });

        it("adopting, sends the default threshold for a check whose live threshold the inputs do not set", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live(
                    {
                        DEVICE_CERTIFICATE_EXPIRING_CHECK: {
                            enabled: true,
                            configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "90" },
                        },
                    },
                    { roleArn: "arn:aws:iam::123456789012:role/theirs" },
                ),
            );
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.create(
                inputs({
                    adoptExisting: true,
                    auditCheckConfigurations: {
                        DEVICE_CERTIFICATE_EXPIRING_CHECK: { enabled: true },
                    },
                }),
            );
            const checks = iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input
                .auditCheckConfigurations!;
            assert.deepStrictEqual(checks.DEVICE_CERTIFICATE_EXPIRING_CHECK, {
                enabled: true,
                configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "30" },
            });
        });

        /** The configuration a create left when it died before Pulumi saved state: this stack's own role. */
        const ownAfterCrash = live(
            {
                LOGGING_DISABLED_CHECK: { enabled: true },
                DEVICE_CERTIFICATE_AGE_CHECK: {
                    enabled: true,
                    configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
                },
            },
            {
                roleArn: ROLE,
                auditNotificationTargetConfigurations: {
                    SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                },
            },
        );

        it("takes over, recording no prior configuration, one that already uses this stack's own audit role when not adopting (a create that died before Pulumi saved state)", async () => {
            for (const adoptExisting of [undefined, false]) {
                iot.reset();
                iot.on(DescribeAccountAuditConfigurationCommand).resolves(ownAfterCrash);
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
                iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
                iot.on(DeleteAccountAuditConfigurationCommand).resolves({});
                const { outs } = await provider.create(inputs({ adoptExisting }));
                assert.ok(
                    !("priorConfiguration" in outs!),
                    `adoptExisting ${adoptExisting}: nothing prior is recorded`,
                );
                assert.deepStrictEqual(calls(), [
                    "DescribeAccountAuditConfiguration",
                    "UpdateAccountAuditConfiguration",
                ]);

                await provider.delete!(ID, {
                    ...outs!,
                    __provider: "serialized",
                } as AccountAuditOutputs);
                assert.deepStrictEqual(
                    calls().slice(2),
                    ["ListScheduledAudits", "DeleteAccountAuditConfiguration"],
                    "destroy deletes it rather than restoring the stack's own setup",
                );
            }
        });

        it("refuses, changing nothing, to adopt one that already uses this stack's own audit role: what an adopting run replaced before it died is lost", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(ownAfterCrash);
            await assert.rejects(provider.create(inputs({ adoptExisting: true })), (err: Error) => {
                assert.match(
                    err.message,
                    /^The Device Defender audit configuration of account 123456789012 in eu-west-1 already uses this stack's audit role arn:aws:iam::123456789012:role\/iot-audit \(role arn:aws:iam::123456789012:role\/iot-audit; 2 of \d+ checks enabled/,
                );
                assert.match(
                    err.message,
                    /the configuration it replaced was never recorded and `pulumi destroy` could not restore it\. This run changed nothing\./,
                );
                assert.match(
                    err.message,
                    /restore that configuration by hand \(`aws iot update-account-audit-configuration --region eu-west-1 --role-arn <its role> \.\.\.`\) and run `pulumi up` again/,
                );
                assert.match(
                    err.message,
                    /set `iot-defender:audit\.adoptExisting: false` in Pulumi\.<stack>\.yaml .* `pulumi destroy` deletes it\.$/,
                );
                return true;
            });
            assert.deepStrictEqual(calls(), ["DescribeAccountAuditConfiguration"]);
        });

        it("still refuses a configuration with another role, even one that differs only in its suffix", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live({ LOGGING_DISABLED_CHECK: { enabled: true } }, { roleArn: `${ROLE}-1a2b3c` }),
            );
            await assert.rejects(
                provider.create(inputs()),
                /already exists: role arn:aws:iam::123456789012:role\/iot-audit-1a2b3c;.*adoptExisting: true/,
            );
        });

        it("records no prior configuration when adopting an unconfigured account", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(live());
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const result = await provider.create(inputs({ adoptExisting: true }));
            assert.ok(!("priorConfiguration" in result.outs!));
        });

        it("rejects a check name the API does not know, listing the available ones", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(live());
            const bad = inputs({
                auditCheckConfigurations: {
                    IOT_POLICY_UNRESTRICTED_CHECK: { enabled: true },
                    LOGGING_DISABLED_CHECK: { enabled: true },
                },
            });
            await assert.rejects(provider.create(bad), (err: Error) => {
                assert.match(
                    err.message,
                    /Unknown audit check name\(s\) for account 123456789012 in eu-west-1: IOT_POLICY_UNRESTRICTED_CHECK\./,
                );
                for (const name of AUDIT_CHECK_NAMES)
                    assert.ok(err.message.includes(name), `lists ${name}`);
                return true;
            });
            assert.strictEqual(iot.commandCalls(UpdateAccountAuditConfigurationCommand).length, 0);
        });

        it("retries throttling and then succeeds", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand)
                .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
                .resolves(live());
            iot.on(UpdateAccountAuditConfigurationCommand)
                .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
                .resolves({});
            const result = await provider.create(inputs());
            assert.strictEqual(result.id, ID);
            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration",
                "DescribeAccountAuditConfiguration",
                "UpdateAccountAuditConfiguration",
                "UpdateAccountAuditConfiguration",
            ]);
        });

        it("gives up after the bounded number of attempts, saying what it was doing", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).rejects(
                awsError("ThrottlingException", "Rate exceeded"),
            );
            await assert.rejects(
                provider.create(inputs()),
                new RegExp(
                    `Describe the audit configuration of account 123456789012 in eu-west-1: ThrottlingException: Rate exceeded \\(after ${RETRY.attempts} attempts\\)`,
                ),
            );
            assert.strictEqual(iot.calls().length, RETRY.attempts);
        });
    });

    describe("read", () => {
        it("maps the live configuration back to inputs: only enabled checks, default thresholds not invented", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live(
                    {
                        LOGGING_DISABLED_CHECK: { enabled: true },
                        DEVICE_CERTIFICATE_EXPIRING_CHECK: {
                            enabled: true,
                            configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "30" },
                        },
                    },
                    {
                        roleArn: ROLE,
                        auditNotificationTargetConfigurations: {
                            SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                        },
                    },
                ),
            );
            const stored = state({
                priorConfiguration: '{"auditCheckConfigurations":{}}',
                adoptExisting: true,
            });
            const result = await provider.read!(ID, stored);
            assert.strictEqual(result.id, ID);
            assert.deepStrictEqual(result.props!.auditCheckConfigurations, {
                LOGGING_DISABLED_CHECK: { enabled: true },
                DEVICE_CERTIFICATE_EXPIRING_CHECK: { enabled: true },
            });
            assert.strictEqual(result.props!.roleArn, ROLE);
            assert.deepStrictEqual(result.props!.auditNotificationTargetConfigurations, {
                SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
            });
            assert.strictEqual(result.props!.priorConfiguration, stored.priorConfiguration);
            assert.strictEqual(result.props!.adoptExisting, true);
            assert.deepStrictEqual(result.props!.scheduledAudits, {});
        });

        it("keeps a configured threshold and reports drift in it", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live(
                    {
                        LOGGING_DISABLED_CHECK: { enabled: true },
                        DEVICE_CERTIFICATE_AGE_CHECK: {
                            enabled: true,
                            configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "400" },
                        },
                    },
                    { roleArn: ROLE },
                ),
            );
            const result = await provider.read!(ID, state());
            assert.deepStrictEqual(
                result.props!.auditCheckConfigurations.DEVICE_CERTIFICATE_AGE_CHECK,
                { enabled: true, configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "400" } },
            );
            assert.strictEqual(result.props!.auditNotificationTargetConfigurations, undefined);
            assert.strictEqual((await provider.diff!(ID, result.props!, inputs())).changes, true);
        });

        it("reports the resource gone when the account has no configuration", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(live());
            assert.strictEqual((await provider.read!(ID, state())).id, "");
        });
    });

    describe("update", () => {
        it("changes only a threshold with exactly one UpdateAccountAuditConfiguration call", async () => {
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const news = inputs({
                auditCheckConfigurations: {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: {
                        enabled: true,
                        configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "180" },
                    },
                },
            });
            const result = await provider.update!(
                ID,
                state({ priorConfiguration: '{"auditCheckConfigurations":{}}' }),
                news,
            );
            assert.deepStrictEqual(calls(), ["UpdateAccountAuditConfiguration"]);
            assert.deepStrictEqual(
                iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                {
                    roleArn: ROLE,
                    auditNotificationTargetConfigurations: {
                        SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                    },
                    auditCheckConfigurations: {
                        LOGGING_DISABLED_CHECK: { enabled: true },
                        DEVICE_CERTIFICATE_AGE_CHECK: {
                            enabled: true,
                            configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "180" },
                        },
                    },
                },
            );
            assert.strictEqual(
                result.outs!.priorConfiguration,
                '{"auditCheckConfigurations":{}}',
                "the prior configuration survives updates",
            );
        });

        it("removing thresholds sends each check's default days, as strings, in the one update call", async () => {
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const olds = state({
                auditCheckConfigurations: {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: {
                        enabled: true,
                        configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "90" },
                    },
                    DEVICE_CERTIFICATE_EXPIRING_CHECK: {
                        enabled: true,
                        configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "60" },
                    },
                },
            });
            const news = inputs({
                auditCheckConfigurations: {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_EXPIRING_CHECK: { enabled: true },
                },
            });
            const result = await provider.update!(ID, olds, news);
            assert.deepStrictEqual(calls(), ["UpdateAccountAuditConfiguration"]);
            assert.deepStrictEqual(
                iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input
                    .auditCheckConfigurations,
                {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: {
                        enabled: true,
                        configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
                    },
                    DEVICE_CERTIFICATE_EXPIRING_CHECK: {
                        enabled: true,
                        configuration: { CERT_EXPIRATION_THRESHOLD_IN_DAYS: "30" },
                    },
                },
            );
            assert.deepStrictEqual(
                result.outs!.auditCheckConfigurations,
                news.auditCheckConfigurations,
                "state holds the inputs, with no threshold",
            );
        });

        it("removing a threshold converges: AWS (which keeps a threshold it is not sent) returns to the default, and refresh then shows no change", async () => {
            const olds = state({
                auditCheckConfigurations: {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: {
                        enabled: true,
                        configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "90" },
                    },
                },
            });
            const aws = serveLiveConfiguration(
                live(olds.auditCheckConfigurations, { roleArn: ROLE }),
            );
            const news = inputs({
                auditCheckConfigurations: {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: { enabled: true },
                },
            });

            const { outs } = await provider.update!(ID, olds, news);
            assert.deepStrictEqual(aws.auditCheckConfigurations!.DEVICE_CERTIFICATE_AGE_CHECK, {
                enabled: true,
                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" },
            });
            const refreshed = await provider.read!(ID, {
                ...outs!,
                __provider: "serialized",
            } as AccountAuditOutputs);
            assert.deepStrictEqual(
                refreshed.props!.auditCheckConfigurations.DEVICE_CERTIFICATE_AGE_CHECK,
                { enabled: true },
            );
            assert.strictEqual((await provider.diff!(ID, refreshed.props!, news)).changes, false);
        });

        it("makes no AWS call when only stack-side inputs change", async () => {
            assert.strictEqual(
                (await provider.diff!(ID, state(), inputs({ adoptExisting: true }))).changes,
                true,
            );
            const result = await provider.update!(ID, state(), inputs({ adoptExisting: true }));
            assert.deepStrictEqual(calls(), []);
            assert.strictEqual(result.outs!.adoptExisting, true);
        });

        describe("the scheduled audits around checks being disabled", () => {
            it("moves the stack's audit off a check being disabled, then disables it; audits outside its state are described, their tags read only when they use it", async () => {
                iot.on(ListScheduledAuditsCommand)
                    .resolvesOnce({
                        scheduledAudits: [{ scheduledAuditName: "weekly" }],
                        nextToken: "page2",
                    })
                    .resolvesOnce({ scheduledAudits: [{ scheduledAuditName: "other" }] });
                serveAudits({ other: { checks: ["LOGGING_DISABLED_CHECK"] } });
                iot.on(UpdateScheduledAuditCommand).resolves({});
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});

                await provider.update!(ID, state(WITH_WEEKLY), inputs(ONLY_LOGGING));

                assert.deepStrictEqual(calls(), [
                    "ListScheduledAudits",
                    "ListScheduledAudits",
                    "DescribeScheduledAudit", // other is not in the state: it does not use the check, its tags are not read
                    "UpdateScheduledAudit", // weekly is in the state: the stack's own, moved
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(
                    iot.commandCalls(ListScheduledAuditsCommand)[1].args[0].input,
                    { nextToken: "page2" },
                );
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input,
                    { scheduledAuditName: "weekly", ...weekly("LOGGING_DISABLED_CHECK") },
                );
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                    {
                        auditCheckConfigurations: {
                            DEVICE_CERTIFICATE_AGE_CHECK: { enabled: false },
                        },
                    },
                    "nothing but the disabling changes, so no call before the move; the one after it only disables",
                );
            });

            it("with a new role too, sends the role, targets and kept checks before moving the audit, and only the disabling after it", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "weekly" }],
                });
                iot.on(UpdateScheduledAuditCommand).resolves({});
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});

                await provider.update!(
                    ID,
                    state(WITH_WEEKLY),
                    inputs({ ...ONLY_LOGGING, roleArn: `${ROLE}-2` }),
                );

                assert.deepStrictEqual(calls(), [
                    "ListScheduledAudits",
                    "UpdateAccountAuditConfiguration",
                    "UpdateScheduledAudit",
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                    {
                        roleArn: `${ROLE}-2`,
                        auditNotificationTargetConfigurations: {
                            SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                        },
                        auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
                    },
                    "DEVICE_CERTIFICATE_AGE_CHECK is not sent: it stays enabled while weekly runs it",
                );
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateAccountAuditConfigurationCommand)[1].args[0].input,
                    {
                        auditCheckConfigurations: {
                            DEVICE_CERTIFICATE_AGE_CHECK: { enabled: false },
                        },
                    },
                );
            });

            it("moves no scheduled audit when the call before the move is refused", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "weekly" }],
                });
                iot.on(UpdateAccountAuditConfigurationCommand).rejects(
                    awsError("InvalidRequestException", "role cannot be assumed"),
                );
                await assert.rejects(
                    provider.update!(
                        ID,
                        state(WITH_WEEKLY),
                        inputs({ ...ONLY_LOGGING, roleArn: `${ROLE}-2` }),
                    ),
                    /Update the audit configuration of account 123456789012 in eu-west-1: InvalidRequestException: role cannot be assumed/,
                );
                assert.deepStrictEqual(calls(), [
                    "ListScheduledAudits",
                    "UpdateAccountAuditConfiguration",
                ]);
            });

            it("swaps the stack's audit's only check in one update: enables the new check, moves the audit, then disables the old one", async () => {
                const olds = state({
                    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
                    scheduledAudits: { weekly: weekly("LOGGING_DISABLED_CHECK") },
                    scheduledAuditArns: { weekly: auditArn("weekly") },
                });
                const news = inputs({
                    auditCheckConfigurations: {
                        DEVICE_CERTIFICATE_AGE_CHECK: {
                            enabled: true,
                            configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "400" },
                        },
                    },
                    scheduledAudits: { weekly: weekly("DEVICE_CERTIFICATE_AGE_CHECK") },
                });
                iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                    live({ LOGGING_DISABLED_CHECK: { enabled: true } }, { roleArn: ROLE }),
                );
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "weekly" }],
                });
                iot.on(UpdateScheduledAuditCommand).resolves({});
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});

                await provider.update!(ID, olds, news);

                assert.deepStrictEqual(calls(), [
                    "DescribeAccountAuditConfiguration", // the added check's name, checked against the API
                    "ListScheduledAudits",
                    "UpdateAccountAuditConfiguration",
                    "UpdateScheduledAudit",
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                    {
                        roleArn: ROLE,
                        auditNotificationTargetConfigurations: {
                            SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: true },
                        },
                        auditCheckConfigurations: {
                            DEVICE_CERTIFICATE_AGE_CHECK: {
                                enabled: true,
                                configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "400" },
                            },
                        },
                    },
                    "first everything but the disabling: the new check is enabled, the old one stays enabled",
                );
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input,
                    { scheduledAuditName: "weekly", ...weekly("DEVICE_CERTIFICATE_AGE_CHECK") },
                );
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateAccountAuditConfigurationCommand)[1].args[0].input,
                    { auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: false } } },
                );
            });

            it("refuses to disable a check an audit outside the stack uses, naming both, and changes nothing", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [
                        { scheduledAuditName: "weekly" },
                        { scheduledAuditName: "security-team" },
                    ],
                });
                serveAudits({ "security-team": { checks: ["DEVICE_CERTIFICATE_AGE_CHECK"] } });

                await assert.rejects(
                    provider.update!(ID, state(WITH_WEEKLY), inputs(ONLY_LOGGING)),
                    /Cannot disable audit check\(s\) DEVICE_CERTIFICATE_AGE_CHECK .*: scheduled audit security-team \(runs DEVICE_CERTIFICATE_AGE_CHECK\) uses DEVICE_CERTIFICATE_AGE_CHECK, and this stack does not manage it: it is not tagged Project=iot-defender, Stack=test as the stack's own scheduled audits are\. A check used by a scheduled audit cannot be disabled: remove it from the scheduled audit \(or delete the audit\) first\./,
                );
                assert.deepStrictEqual(calls(), [
                    "ListScheduledAudits",
                    "DescribeScheduledAudit",
                    "ListTagsForResource",
                ]);
            });

            it("counts an audit outside its state as the stack's only when every ownership tag has the stack's value", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "leftover" }],
                });
                serveAudits({
                    leftover: {
                        checks: ["DEVICE_CERTIFICATE_AGE_CHECK"],
                        tags: [
                            { Key: "Project", Value: "iot-defender" },
                            { Key: "Stack", Value: "prod" },
                        ],
                    },
                });
                await assert.rejects(
                    provider.update!(ID, state(WITH_WEEKLY), inputs(ONLY_LOGGING)),
                    /scheduled audit leftover .* this stack does not manage it: it is not tagged Project=iot-defender, Stack=test/,
                );
                assert.strictEqual(iot.commandCalls(UpdateScheduledAuditCommand).length, 0);
            });

            it("without Project and Stack among its tags, counts no audit outside its state as the stack's, says so and reads no tags", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "leftover" }],
                });
                serveAudits({ leftover: { checks: ["DEVICE_CERTIFICATE_AGE_CHECK"], own: true } });
                await assert.rejects(
                    provider.update!(
                        ID,
                        state({ ...WITH_WEEKLY, tags: [] }),
                        inputs({ ...ONLY_LOGGING, tags: [] }),
                    ),
                    /scheduled audit leftover .* this stack does not manage it: this stack's scheduled audits carry no Project and Stack tags, so no scheduled audit can be shown to be the stack's/,
                );
                assert.deepStrictEqual(calls(), ["ListScheduledAudits", "DescribeScheduledAudit"]);
            });

            it("frees an audit outside its state that its tags prove the stack's: it loses the disabled check, or is deleted when it would run none", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [
                        { scheduledAuditName: "weekly" },
                        { scheduledAuditName: "kept" },
                        { scheduledAuditName: "emptied" },
                    ],
                });
                serveAudits({
                    kept: {
                        checks: ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK"],
                        own: true,
                    },
                    emptied: { checks: ["DEVICE_CERTIFICATE_AGE_CHECK"], own: true },
                });
                iot.on(UpdateScheduledAuditCommand).resolves({});
                iot.on(DeleteScheduledAuditCommand).resolves({});
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
                await provider.update!(ID, state(WITH_WEEKLY), inputs(ONLY_LOGGING));
                assert.deepStrictEqual(calls().slice(-4), [
                    "UpdateScheduledAudit",
                    "DeleteScheduledAudit",
                    "UpdateScheduledAudit",
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(
                    iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input,
                    { scheduledAuditName: "kept", targetCheckNames: ["LOGGING_DISABLED_CHECK"] },
                );
                assert.deepStrictEqual(
                    iot.commandCalls(DeleteScheduledAuditCommand)[0].args[0].input,
                    { scheduledAuditName: "emptied" },
                );
            });

            it("deletes an audit the stack removes before disabling the check it ran", async () => {
                iot.on(ListScheduledAuditsCommand).resolves({
                    scheduledAudits: [{ scheduledAuditName: "weekly" }],
                });
                iot.on(DeleteScheduledAuditCommand).resolves({});
                iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
                const { outs } = await provider.update!(
                    ID,
                    state(WITH_WEEKLY),
                    inputs({ ...ONLY_LOGGING, scheduledAudits: {} }),
                );
                assert.deepStrictEqual(calls(), [
                    "ListScheduledAudits",
                    "DeleteScheduledAudit",
                    "UpdateAccountAuditConfiguration",
                ]);
                assert.deepStrictEqual(outs!.scheduledAuditArns, {});
            });
        });

        it("validates added check names against the API before changing anything", async () => {
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(live());
            const news = inputs({
                auditCheckConfigurations: {
                    ...inputs().auditCheckConfigurations,
                    NOT_A_CHECK: { enabled: true },
                },
            });
            await assert.rejects(
                provider.update!(ID, state(), news),
                /Unknown audit check name\(s\) .*NOT_A_CHECK.*Available checks/,
            );
            assert.deepStrictEqual(calls(), ["DescribeAccountAuditConfiguration"]);
        });

        it("disables a notification target that is no longer configured", async () => {
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.update!(
                ID,
                state(),
                inputs({ auditNotificationTargetConfigurations: undefined }),
            );
            assert.deepStrictEqual(
                iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input
                    .auditNotificationTargetConfigurations,
                { SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: false } },
            );
        });
    });

    describe("delete", () => {
        /** A prior configuration that disables both checks the stack enabled (LOGGING_DISABLED_CHECK, DEVICE_CERTIFICATE_AGE_CHECK). */
        const prior = live(
            {
                CONFLICTING_CLIENT_IDS_CHECK: { enabled: true },
                DEVICE_CERTIFICATE_AGE_CHECK: {
                    enabled: false,
                    configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "90" },
                },
            },
            {
                roleArn: "arn:aws:iam::123456789012:role/theirs",
                auditNotificationTargetConfigurations: {
                    SNS: {
                        targetArn: "arn:aws:sns:eu-west-1:123456789012:theirs",
                        roleArn: NOTIFY_ROLE,
                        enabled: true,
                    },
                },
            },
        );

        it("restores the adopted prior configuration exactly, after finding no scheduled audit that uses a check it disables (2 calls)", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(ID, state({ priorConfiguration: JSON.stringify(prior) }));
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "UpdateAccountAuditConfiguration",
            ]);
            assert.deepStrictEqual(
                iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                {
                    roleArn: prior.roleArn,
                    auditNotificationTargetConfigurations:
                        prior.auditNotificationTargetConfigurations,
                    auditCheckConfigurations: prior.auditCheckConfigurations,
                },
            );
            const restored = iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0]
                .input.auditCheckConfigurations!;
            assert.deepStrictEqual(
                restored.LOGGING_DISABLED_CHECK,
                { enabled: false },
                "a check this stack enabled is disabled again",
            );
        });

        it("disables this stack's notification target when the prior configuration had none", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(
                ID,
                state({
                    priorConfiguration: JSON.stringify({
                        roleArn: ROLE,
                        auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
                    }),
                }),
            );
            const request = iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0]
                .input;
            assert.deepStrictEqual(request.auditNotificationTargetConfigurations, {
                SNS: { targetArn: TOPIC, roleArn: NOTIFY_ROLE, enabled: false },
            });
            assert.deepStrictEqual(request.auditCheckConfigurations, {
                LOGGING_DISABLED_CHECK: { enabled: true },
                DEVICE_CERTIFICATE_AGE_CHECK: { enabled: false },
            });
        });

        it("refuses to restore when a scheduled audit outside the stack uses a check the restore disables, naming both, and changes nothing", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "security-team" }],
            });
            serveAudits({
                "security-team": {
                    checks: ["LOGGING_DISABLED_CHECK", "CONFLICTING_CLIENT_IDS_CHECK"],
                },
            });
            await assert.rejects(
                provider.delete!(ID, state({ priorConfiguration: JSON.stringify(prior) })),
                (err: Error) => {
                    assert.match(
                        err.message,
                        /Cannot disable audit check\(s\) DEVICE_CERTIFICATE_AGE_CHECK, LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1 to restore the prior \(adopted\) configuration/,
                    );
                    assert.match(
                        err.message,
                        /scheduled audit security-team \(runs LOGGING_DISABLED_CHECK, CONFLICTING_CLIENT_IDS_CHECK\) uses LOGGING_DISABLED_CHECK, and this stack does not manage it: it is not tagged Project=iot-defender, Stack=test/,
                    );
                    return true;
                },
            );
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
            ]);
        });

        it("deletes the stack's scheduled audits, frees the checks from one outside its state that its tags prove its own, then restores", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [
                    { scheduledAuditName: "weekly", scheduledAuditArn: auditArn("weekly") },
                    { scheduledAuditName: "leftover", scheduledAuditArn: auditArn("leftover") },
                ],
            });
            serveAudits({
                leftover: {
                    checks: ["LOGGING_DISABLED_CHECK", "CONFLICTING_CLIENT_IDS_CHECK"],
                    own: true,
                },
            });
            iot.on(DeleteScheduledAuditCommand).resolves({});
            iot.on(UpdateScheduledAuditCommand).resolves({});
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(
                ID,
                state({ ...WITH_WEEKLY, priorConfiguration: JSON.stringify(prior) }),
            );
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit", // leftover is not in the state: does it use a check?
                "ListTagsForResource", // it does: its tags show it is the stack's
                "DeleteScheduledAudit",
                "UpdateScheduledAudit",
                "UpdateAccountAuditConfiguration",
            ]);
            assert.deepStrictEqual(iot.commandCalls(DeleteScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
            });
            assert.deepStrictEqual(iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "leftover",
                targetCheckNames: ["CONFLICTING_CLIENT_IDS_CHECK"],
            });
        });

        it("makes no scheduled audit call when the restore disables no check (1 call)", async () => {
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            const keepsBoth = live(
                {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: { enabled: true },
                },
                { roleArn: ROLE },
            );
            await provider.delete!(ID, state({ priorConfiguration: JSON.stringify(keepsBoth) }));
            assert.deepStrictEqual(calls(), ["UpdateAccountAuditConfiguration"]);
        });

        it("deletes the configuration when nothing was adopted and no scheduled audit is left (2 calls)", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
            iot.on(DeleteAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(ID, state());
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DeleteAccountAuditConfiguration",
            ]);
            assert.deepStrictEqual(
                iot.commandCalls(DeleteAccountAuditConfigurationCommand)[0].args[0].input,
                {},
            );
        });

        it("deletes the stack's own scheduled audits first, then the configuration (3 calls)", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            iot.on(DeleteScheduledAuditCommand).resolves({});
            iot.on(DeleteAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(ID, state(WITH_WEEKLY));
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DeleteScheduledAudit",
                "DeleteAccountAuditConfiguration",
            ]);
        });

        it("refuses to delete the configuration while scheduled audits are left, naming them from every page, and changes nothing", async () => {
            iot.on(ListScheduledAuditsCommand)
                .resolvesOnce({
                    scheduledAudits: [{ scheduledAuditName: "security-team" }],
                    nextToken: "page2",
                })
                .resolvesOnce({ scheduledAudits: [{ scheduledAuditName: "compliance" }] });
            await assert.rejects(provider.delete!(ID, state()), (err: Error) => {
                assert.match(
                    err.message,
                    /^Cannot delete the audit configuration of account 123456789012 in eu-west-1: scheduled audit\(s\) compliance, security-team exist, which this stack does not manage; deleting the configuration would disable every check they run\. The configuration is left in place\./,
                );
                assert.match(
                    err.message,
                    /`aws iot delete-scheduled-audit --region eu-west-1 --scheduled-audit-name <name>`/,
                );
                // Keeping them means keeping the configuration, whose audit role this destroy deletes.
                assert.match(
                    err.message,
                    /To keep them running, the configuration must outlive this stack, but this destroy deletes the audit role and the notification topic it uses: /,
                );
                assert.match(
                    err.message,
                    /first adopt it in another stack \(`iot-defender:audit\.adoptExisting: true`\), or point it at a role that stays \(`aws iot update-account-audit-configuration --region eu-west-1 --role-arn <role>`/,
                );
                assert.match(
                    err.message,
                    /then remove it from this stack's state only \(`pulumi state delete <urn>`\) and run `pulumi destroy` again\.$/,
                );
                return true;
            });
            assert.deepStrictEqual(calls(), ["ListScheduledAudits", "ListScheduledAudits"]);
            assert.deepStrictEqual(iot.commandCalls(ListScheduledAuditsCommand)[1].args[0].input, {
                nextToken: "page2",
            });
        });

        it("treats an already deleted configuration as success and other errors as failures", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
            iot.on(DeleteAccountAuditConfigurationCommand).rejects(
                awsError("ResourceNotFoundException"),
            );
            await provider.delete!(ID, state());
            iot.reset();
            iot.on(ListScheduledAuditsCommand).resolves({ scheduledAudits: [] });
            iot.on(DeleteAccountAuditConfigurationCommand).rejects(
                awsError("InvalidRequestException", "nope"),
            );
            await assert.rejects(
                provider.delete!(ID, state()),
                /Delete the audit configuration of account 123456789012 in eu-west-1: InvalidRequestException: nope/,
            );
        });
    });
});

describe("AccountAudit resource (serialization under Pulumi mocks)", () => {
    useIotMock();

    it("registers with its type token and declared outputs, with a provider that serializes and still works", async () => {
        const {
            resource: resource,
            recorded,
            rebuilt,
        } = await registered<AccountAudit, AccountAuditInputs, AccountAuditOutputs>(
            AccountAudit.__pulumiType,
            () => new AccountAudit("audit", inputs({ adoptExisting: false })),
        );
        assert.deepStrictEqual(await readOutput(resource.accountId), {
            known: true,
            value: "123456789012",
        });
        assert.deepStrictEqual(await readOutput(resource.roleArn), { known: true, value: ROLE });
        assert.ok(recorded, "the resource was registered");
        assert.strictEqual(recorded.type, "pulumi-nodejs:dynamic/iot:AccountAudit");
        assert.deepStrictEqual(
            recorded.inputs.auditCheckConfigurations,
            inputs().auditCheckConfigurations,
        );

        const checked = await rebuilt.check!({} as never, inputs({ accountId: "12345" }));
        assert.deepStrictEqual(
            checked.failures!.map(f => f.property),
            ["accountId"],
        );
        // Update reaches the audit check facts (default thresholds) through the serialized closure.
        iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
        const olds = state({
            auditCheckConfigurations: {
                LOGGING_DISABLED_CHECK: { enabled: true },
                DEVICE_CERTIFICATE_AGE_CHECK: {
                    enabled: true,
                    configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "90" },
                },
            },
        });
        await rebuilt.update!(
            ID,
            olds,
            inputs({
                auditCheckConfigurations: {
                    LOGGING_DISABLED_CHECK: { enabled: true },
                    DEVICE_CERTIFICATE_AGE_CHECK: { enabled: true },
                },
            }),
        );
        assert.deepStrictEqual(
            iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input
                .auditCheckConfigurations!.DEVICE_CERTIFICATE_AGE_CHECK,
            { enabled: true, configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "365" } },
        );
    });
});
