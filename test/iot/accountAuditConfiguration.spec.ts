import * as assert from "assert";
import {
    DeleteAccountAuditConfigurationCommand,
    DeleteScheduledAuditCommand,
    DescribeAccountAuditConfigurationCommand,
    DescribeScheduledAuditCommand,
    IoTClient,
    ListScheduledAuditsCommand,
    ListTagsForResourceCommand,
    UpdateAccountAuditConfigurationCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import type {
    AuditCheckConfiguration,
    DescribeAccountAuditConfigurationResponse,
} from "@aws-sdk/client-iot";
import { mockClient } from "aws-sdk-client-mock";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
    AccountAuditConfiguration,
    AccountAuditConfigurationInputs,
    AccountAuditConfigurationOutputs,
    accountAuditConfigurationProvider as provider,
} from "../../components/iot/accountAuditConfiguration";
import { UNKNOWN } from "../../components/iot/kit";
import { clock, RETRY } from "../../components/aws/calls";
import { AUDIT_CHECK_NAMES } from "../../components/facts";
import { readOutput } from "../harness";
import { registered } from "./support";

const iot = mockClient(IoTClient);
/** The credentials in use are the stack account's: the provider checks that before writing. */
function useStackAccountCaller(): void {
    let sts: ReturnType<typeof mockClient>;
    before(() => {
        sts = mockClient(STSClient);
        sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012" });
    });
    after(() => sts.restore());
}
const ROLE = "arn:aws:iam::123456789012:role/iot-audit";
const NOTIFY_ROLE = "arn:aws:iam::123456789012:role/iot-audit-notify";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:iot-audit";
const ID = "123456789012/eu-west-1";
/** The stack's ownership tags, and all the tags its scheduled audits are created with. */
const OWNER = { Project: "iot-defender", Stack: "test" };
const OWN_AUDIT_TAGS = [
    { Key: "Environment", Value: "test" },
    { Key: "Project", Value: "iot-defender" },
    { Key: "Stack", Value: "test" },
];
const auditArn = (name: string) => `arn:aws:iot:eu-west-1:123456789012:scheduledaudit/${name}`;

/** The inputs the Audit component produces: two checks, one with a threshold, an SNS target. */
function inputs(
    edit: Partial<AccountAuditConfigurationInputs> = {},
): AccountAuditConfigurationInputs {
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
        managedScheduledAudits: {
            weekly: ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK"],
        },
        ownerTags: OWNER,
        ...edit,
    };
}

/** Inputs that keep only LOGGING_DISABLED_CHECK (disabling DEVICE_CERTIFICATE_AGE_CHECK), the weekly audit following. */
const ONLY_LOGGING: Partial<AccountAuditConfigurationInputs> = {
    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
    managedScheduledAudits: { weekly: ["LOGGING_DISABLED_CHECK"] },
};

/** State after create: inputs plus the serialized provider Pulumi stores with them. */
function state(
    edit: Partial<AccountAuditConfigurationOutputs> = {},
): AccountAuditConfigurationOutputs {
    return { ...inputs(), __provider: "serialized", ...edit } as AccountAuditConfigurationOutputs;
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

/** AWS calls made, in order, by command name. */
function calls(): string[] {
    return iot.calls().map(c => (c.args[0] as object).constructor.name.replace(/Command$/, ""));
}

/**
 * Serves DescribeScheduledAudit (with the audit's ARN) and ListTagsForResource for scheduled audits:
 * the stack's own carry its tags, `tags` overrides them (another team's audit has none of them).
 */
function serveAudits(
    audits: Record<
        string,
        { checks: string[]; own?: boolean; tags?: { Key: string; Value: string }[] }
    >,
): void {
    for (const [name, a] of Object.entries(audits)) {
        iot.on(DescribeScheduledAuditCommand, { scheduledAuditName: name }).resolves({
            scheduledAuditName: name,
            scheduledAuditArn: auditArn(name),
            targetCheckNames: a.checks,
        });
        iot.on(ListTagsForResourceCommand, { resourceArn: auditArn(name) }).resolves({
            tags: a.tags ?? (a.own ? OWN_AUDIT_TAGS : []),
        });
    }
}

function awsError(name: string, message = name): Error {
    return Object.assign(new Error(message), { name, $metadata: {} });
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

describe("AccountAuditConfiguration provider", () => {
    const realSleep = clock.sleep;
    before(() => {
        clock.sleep = async () => undefined;
    });
    after(() => {
        clock.sleep = realSleep;
    });
    beforeEach(() => iot.reset());
    useStackAccountCaller();

    describe("check", () => {
        const failuresOf = async (news: unknown) =>
            (await provider.check!({} as never, news as AccountAuditConfigurationInputs))
                .failures ?? [];

        it("accepts the component's inputs and drops __provider and priorConfiguration", async () => {
            const result = await provider.check!(
                {} as never,
                { ...inputs(), __provider: "x", priorConfiguration: undefined } as never,
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
                        managedScheduledAudits: { weekly: ["DEVICE_CERTIFICATE_AGE_CHECK"] },
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
                        managedScheduledAudits: { weekly: ["DEVICE_CERTIFICATE_AGE_CHECK"] },
                    }),
                );
                assert.deepStrictEqual(failures, [], good);
            }
        });

        it("needs at least one enabled check and non-empty check names", async () => {
            const none = await failuresOf(
                inputs({
                    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: false } },
                    managedScheduledAudits: {},
                }),
            );
            assert.deepStrictEqual(
                none.map(f => f.reason),
                ["auditCheckConfigurations must enable at least one audit check"],
            );
            const empty = await failuresOf(
                inputs({
                    auditCheckConfigurations: { "": { enabled: true } },
                    managedScheduledAudits: {},
                }),
            );
            assert.deepStrictEqual(
                empty.map(f => f.reason),
                ["auditCheckConfigurations has an empty check name"],
            );
        });

        it("wants managed scheduled audits as a map of audit name to the enabled checks it runs", async () => {
            assert.deepStrictEqual(
                await failuresOf(inputs({ managedScheduledAudits: ["weekly"] as never })),
                [
                    {
                        property: "managedScheduledAudits",
                        reason: 'managedScheduledAudits must be a map of scheduled audit name to the checks it runs; got ["weekly"]',
                    },
                ],
            );
            const failures = await failuresOf(
                inputs({
                    managedScheduledAudits: {
                        "bad:name": ["LOGGING_DISABLED_CHECK"],
                        weekly: [],
                        monthly: ["CONFLICTING_CLIENT_IDS_CHECK"],
                    },
                }),
            );
            assert.deepStrictEqual(
                failures.map(f => f.property),
                [
                    "managedScheduledAudits",
                    "managedScheduledAudits.weekly",
                    "managedScheduledAudits.monthly",
                ],
            );
            assert.match(
                failures[0].reason,
                /keys must be scheduled audit names .*; got "bad:name"/,
            );
            assert.match(
                failures[1].reason,
                /must list the checks the scheduled audit runs \(at least one\); got \[\]/,
            );
            assert.strictEqual(
                failures[2].reason,
                'managedScheduledAudits.monthly lists "CONFLICTING_CLIENT_IDS_CHECK", which auditCheckConfigurations does not enable; a scheduled audit may only run enabled checks',
            );
        });

        it("wants ownerTags as a non-empty map of tag key to non-empty value (an empty one would make every audit the stack's)", async () => {
            for (const bad of [{}, ["Project"], "iot-defender"]) {
                assert.deepStrictEqual(await failuresOf(inputs({ ownerTags: bad as never })), [
                    {
                        property: "ownerTags",
                        reason: `ownerTags must be a non-empty map of tag key to value (the tags the stack's scheduled audits carry); got ${JSON.stringify(bad)}`,
                    },
                ]);
            }
            const failures = await failuresOf(
                inputs({
                    ownerTags: {
                        Project: "iot-defender",
                        Stack: "",
                        Owner: 7 as never,
                        ["k".repeat(129)]: "v",
                    },
                }),
            );
            assert.deepStrictEqual(
                failures.map(f => f.property),
                ["ownerTags.Stack", "ownerTags.Owner", "ownerTags"],
            );
            assert.match(
                failures[0].reason,
                /^ownerTags\.Stack must be a string of 1-256 characters; got ""$/,
            );
            assert.match(
                failures[2].reason,
                /^ownerTags keys must be tag keys of 1-128 characters; got "k{129}"$/,
            );
            assert.deepStrictEqual(
                await failuresOf(inputs({ ownerTags: undefined })),
                [],
                "state written before ownerTags has none",
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
                { managedScheduledAudits: UNKNOWN, adoptExisting: UNKNOWN },
                { managedScheduledAudits: { weekly: UNKNOWN } },
                {
                    managedScheduledAudits: { weekly: [UNKNOWN] },
                    auditCheckConfigurations: UNKNOWN,
                },
                { ownerTags: UNKNOWN },
                { ownerTags: { Project: "iot-defender", Stack: UNKNOWN } },
            ]) {
                assert.deepStrictEqual(
                    await failuresOf(
                        inputs({ managedScheduledAudits: undefined, ...edit } as never),
                    ),
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

        it("treats unknown values as changes and ignores the order of managed audits and of their checks", async () => {
            assert.strictEqual(
                (await provider.diff!(ID, state(), inputs({ roleArn: UNKNOWN }))).changes,
                true,
            );
            const managed = {
                a: ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK"],
                b: ["LOGGING_DISABLED_CHECK"],
            };
            const reordered = await provider.diff!(
                ID,
                state({ managedScheduledAudits: managed }),
                inputs({
                    managedScheduledAudits: {
                        b: ["LOGGING_DISABLED_CHECK"],
                        a: ["DEVICE_CERTIFICATE_AGE_CHECK", "LOGGING_DISABLED_CHECK"],
                    },
                }),
            );
            assert.strictEqual(reordered.changes, false);
            const moved = await provider.diff!(
                ID,
                state({ managedScheduledAudits: managed }),
                inputs({
                    managedScheduledAudits: { ...managed, b: ["DEVICE_CERTIFICATE_AGE_CHECK"] },
                }),
            );
            assert.strictEqual(moved.changes, true);
        });

        it("sees state written with a list of managed audit names as a change (an update that makes no AWS call)", async () => {
            const legacy = state({ managedScheduledAudits: ["weekly"] as never });
            assert.strictEqual((await provider.diff!(ID, legacy, inputs())).changes, true);
            const result = await provider.update!(ID, legacy, inputs());
            assert.deepStrictEqual(calls(), []);
            assert.deepStrictEqual(
                result.outs!.managedScheduledAudits,
                inputs().managedScheduledAudits,
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
                } as AccountAuditConfigurationOutputs);
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
            assert.deepStrictEqual(
                result.props!.managedScheduledAudits,
                inputs().managedScheduledAudits,
            );
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
            } as AccountAuditConfigurationOutputs);
            assert.deepStrictEqual(
                refreshed.props!.auditCheckConfigurations.DEVICE_CERTIFICATE_AGE_CHECK,
                { enabled: true },
            );
            assert.strictEqual((await provider.diff!(ID, refreshed.props!, news)).changes, false);
        });

        it("makes no AWS call when only ownerTags change, or state without them gets them", async () => {
            for (const olds of [
                state({ ownerTags: undefined }),
                state({ ownerTags: { Project: "iot-defender", Stack: "old" } }),
            ]) {
                iot.reset();
                assert.strictEqual(
                    (await provider.diff!(ID, olds, inputs())).changes,
                    true,
                    "the new ownerTags must reach the state",
                );
                const result = await provider.update!(ID, olds, inputs());
                assert.deepStrictEqual(calls(), []);
                assert.deepStrictEqual(result.outs!.ownerTags, OWNER);
            }
        });

        it("makes no AWS call when only stack-side inputs change", async () => {
            const managed = {
                weekly: ["LOGGING_DISABLED_CHECK"],
                monthly: ["DEVICE_CERTIFICATE_AGE_CHECK"],
            };
            const result = await provider.update!(
                ID,
                state(),
                inputs({ adoptExisting: true, managedScheduledAudits: managed }),
            );
            assert.deepStrictEqual(calls(), []);
            assert.deepStrictEqual(result.outs!.managedScheduledAudits, managed);
        });

        it("moves a managed scheduled audit off a check being disabled, to the checks it is to run, then disables the check", async () => {
            iot.on(ListScheduledAuditsCommand)
                .resolvesOnce({
                    scheduledAudits: [{ scheduledAuditName: "weekly" }],
                    nextToken: "page2",
                })
                .resolvesOnce({ scheduledAudits: [{ scheduledAuditName: "other" }] });
            serveAudits({
                weekly: {
                    checks: ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK"],
                    own: true,
                },
                other: { checks: ["LOGGING_DISABLED_CHECK"] },
            });
            iot.on(UpdateScheduledAuditCommand).resolves({});
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});

            await provider.update!(ID, state(), inputs(ONLY_LOGGING));

            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource", // weekly uses the check: its tags show it is the stack's
                "DescribeScheduledAudit", // other does not use it: its tags are not read
                "UpdateScheduledAudit",
                "UpdateAccountAuditConfiguration",
            ]);
            assert.deepStrictEqual(iot.commandCalls(ListScheduledAuditsCommand)[1].args[0].input, {
                nextToken: "page2",
            });
            assert.strictEqual(
                iot.commandCalls(ListTagsForResourceCommand)[0].args[0].input.resourceArn,
                auditArn("weekly"),
            );
            assert.deepStrictEqual(iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
                targetCheckNames: ["LOGGING_DISABLED_CHECK"],
            });
            assert.deepStrictEqual(
                iot.commandCalls(UpdateAccountAuditConfigurationCommand)[0].args[0].input,
                {
                    auditCheckConfigurations: { DEVICE_CERTIFICATE_AGE_CHECK: { enabled: false } },
                },
                "nothing but the disabling changes, so no call before the move; the one after it only disables",
            );
        });

        it("with a new role too, sends the role, targets and kept checks before moving the audit, and only the disabling after it", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            serveAudits({
                weekly: {
                    checks: ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK"],
                    own: true,
                },
            });
            iot.on(UpdateScheduledAuditCommand).resolves({});
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});

            await provider.update!(ID, state(), inputs({ ...ONLY_LOGGING, roleArn: `${ROLE}-2` }));

            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
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
                    auditCheckConfigurations: { DEVICE_CERTIFICATE_AGE_CHECK: { enabled: false } },
                },
            );
        });

        it("moves no scheduled audit when the call before the move is refused", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            serveAudits({
                weekly: {
                    checks: ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK"],
                    own: true,
                },
            });
            iot.on(UpdateAccountAuditConfigurationCommand).rejects(
                awsError("InvalidRequestException", "role cannot be assumed"),
            );

            await assert.rejects(
                provider.update!(ID, state(), inputs({ ...ONLY_LOGGING, roleArn: `${ROLE}-2` })),
                /Update the audit configuration of account 123456789012 in eu-west-1: InvalidRequestException: role cannot be assumed/,
            );
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
                "UpdateAccountAuditConfiguration",
            ]);
        });

        it("does not move an audit named in the managed map that is not tagged as the stack's (the name was taken outside the stack)", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [
                    { scheduledAuditName: "weekly" },
                    { scheduledAuditName: "monthly" },
                ],
            });
            serveAudits({
                weekly: { checks: ["LOGGING_DISABLED_CHECK"], own: true },
                monthly: { checks: ["DEVICE_CERTIFICATE_AGE_CHECK", "LOGGING_DISABLED_CHECK"] },
            });
            const managed = {
                weekly: ["LOGGING_DISABLED_CHECK"],
                monthly: ["LOGGING_DISABLED_CHECK"],
            };
            const news = inputs({ ...ONLY_LOGGING, managedScheduledAudits: managed });

            // Even with monthly in the old managed map as well: a saved name is not an audit the stack created.
            await assert.rejects(
                provider.update!(
                    ID,
                    state({
                        managedScheduledAudits: {
                            ...managed,
                            monthly: ["DEVICE_CERTIFICATE_AGE_CHECK"],
                        },
                    }),
                    news,
                ),
                /Cannot disable audit check\(s\) DEVICE_CERTIFICATE_AGE_CHECK for account 123456789012 in eu-west-1: scheduled audit monthly \(runs DEVICE_CERTIFICATE_AGE_CHECK, LOGGING_DISABLED_CHECK\) uses DEVICE_CERTIFICATE_AGE_CHECK, and this stack does not manage it: it is not tagged Project=iot-defender, Stack=test as the stack's own scheduled audits are\./,
            );
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "DescribeScheduledAudit",
                "ListTagsForResource",
            ]);
        });

        it("counts an audit as the stack's only when every ownership tag has the stack's value", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            const otherStack = [
                { Key: "Project", Value: "iot-defender" },
                { Key: "Stack", Value: "prod" },
            ];
            serveAudits({
                weekly: {
                    checks: ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK"],
                    tags: otherStack,
                },
            });
            await assert.rejects(
                provider.update!(ID, state(), inputs(ONLY_LOGGING)),
                /scheduled audit weekly .* this stack does not manage it: it is not tagged Project=iot-defender, Stack=test/,
            );
            assert.strictEqual(iot.commandCalls(UpdateScheduledAuditCommand).length, 0);
        });

        it("with no ownerTags (state written before them), counts no audit as the stack's and says so", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            serveAudits({
                weekly: {
                    checks: ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK"],
                    own: true,
                },
            });
            await assert.rejects(
                provider.update!(
                    ID,
                    state({ ownerTags: undefined }),
                    inputs({ ...ONLY_LOGGING, ownerTags: undefined }),
                ),
                /scheduled audit weekly .* this stack does not manage it: this configuration has no ownerTags, so no scheduled audit can be shown to be the stack's/,
            );
            assert.deepStrictEqual(calls(), ["ListScheduledAudits", "DescribeScheduledAudit"]);
        });

        it("refuses to disable a check a scheduled audit outside the stack uses, naming both, and changes nothing", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [
                    { scheduledAuditName: "weekly" },
                    { scheduledAuditName: "security-team" },
                ],
            });
            serveAudits({
                weekly: {
                    checks: ["LOGGING_DISABLED_CHECK", "DEVICE_CERTIFICATE_AGE_CHECK"],
                    own: true,
                },
                "security-team": { checks: ["DEVICE_CERTIFICATE_AGE_CHECK"] },
            });

            await assert.rejects(
                provider.update!(ID, state(), inputs(ONLY_LOGGING)),
                /Cannot disable audit check\(s\) DEVICE_CERTIFICATE_AGE_CHECK .*: scheduled audit security-team \(runs DEVICE_CERTIFICATE_AGE_CHECK\) uses DEVICE_CERTIFICATE_AGE_CHECK, and this stack does not manage it: it is not tagged Project=iot-defender, Stack=test as the stack's own scheduled audits are\. A check used by a scheduled audit cannot be disabled: remove it from the scheduled audit \(or delete the audit\) first\./,
            );
            assert.strictEqual(iot.commandCalls(UpdateScheduledAuditCommand).length, 0);
            assert.strictEqual(iot.commandCalls(UpdateAccountAuditConfigurationCommand).length, 0);
        });

        it("swaps a managed scheduled audit's only check in one update: enables the new check, moves the audit, then disables the old one", async () => {
            const olds = state({
                auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
                managedScheduledAudits: { weekly: ["LOGGING_DISABLED_CHECK"] },
            });
            const news = inputs({
                auditCheckConfigurations: {
                    DEVICE_CERTIFICATE_AGE_CHECK: {
                        enabled: true,
                        configuration: { CERT_AGE_THRESHOLD_IN_DAYS: "400" },
                    },
                },
                managedScheduledAudits: { weekly: ["DEVICE_CERTIFICATE_AGE_CHECK"] },
            });
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live({ LOGGING_DISABLED_CHECK: { enabled: true } }, { roleArn: ROLE }),
            );
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            serveAudits({ weekly: { checks: ["LOGGING_DISABLED_CHECK"], own: true } });
            iot.on(UpdateScheduledAuditCommand).resolves({});
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});

            await provider.update!(ID, olds, news);

            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration", // the added check's name, checked against the API
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
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
            assert.deepStrictEqual(iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
                targetCheckNames: ["DEVICE_CERTIFICATE_AGE_CHECK"],
            });
            assert.deepStrictEqual(
                iot.commandCalls(UpdateAccountAuditConfigurationCommand)[1].args[0].input,
                {
                    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: false } },
                },
            );
        });

        it("refuses a swap, changing nothing, when an audit outside the stack also uses the check being disabled", async () => {
            const olds = state({
                auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
                managedScheduledAudits: { weekly: ["LOGGING_DISABLED_CHECK"] },
            });
            const news = inputs({
                auditCheckConfigurations: { DEVICE_CERTIFICATE_AGE_CHECK: { enabled: true } },
                managedScheduledAudits: { weekly: ["DEVICE_CERTIFICATE_AGE_CHECK"] },
            });
            iot.on(DescribeAccountAuditConfigurationCommand).resolves(
                live({ LOGGING_DISABLED_CHECK: { enabled: true } }, { roleArn: ROLE }),
            );
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [
                    { scheduledAuditName: "weekly" },
                    { scheduledAuditName: "security-team" },
                ],
            });
            serveAudits({
                weekly: { checks: ["LOGGING_DISABLED_CHECK"], own: true },
                "security-team": { checks: ["LOGGING_DISABLED_CHECK"] },
            });
            await assert.rejects(
                provider.update!(ID, olds, news),
                /Cannot disable audit check\(s\) LOGGING_DISABLED_CHECK for account 123456789012 in eu-west-1: scheduled audit security-team \(runs LOGGING_DISABLED_CHECK\) uses LOGGING_DISABLED_CHECK, and this stack does not manage it/,
            );
            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration",
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
                "DescribeScheduledAudit",
                "ListTagsForResource",
            ]);
        });

        it("given managed audits as a bare list of names (the old form), never deletes one it cannot move, and changes nothing", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            serveAudits({ weekly: { checks: ["DEVICE_CERTIFICATE_AGE_CHECK"], own: true } });
            await assert.rejects(
                provider.update!(
                    ID,
                    state({ managedScheduledAudits: ["weekly"] as never }),
                    inputs({ ...ONLY_LOGGING, managedScheduledAudits: ["weekly"] as never }),
                ),
                /scheduled audit weekly \(managed by this stack\) uses only checks being disabled \(DEVICE_CERTIFICATE_AGE_CHECK\) and its new checks are not known/,
            );
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
            ]);
        });

        it("deletes first a scheduled audit the stack is dropping when it would be left with no check", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            serveAudits({ weekly: { checks: ["DEVICE_CERTIFICATE_AGE_CHECK"], own: true } });
            iot.on(DeleteScheduledAuditCommand).resolves({});
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.update!(
                ID,
                state(),
                inputs({
                    managedScheduledAudits: {},
                    auditCheckConfigurations: { LOGGING_DISABLED_CHECK: { enabled: true } },
                }),
            );
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
                "DeleteScheduledAudit",
                "UpdateAccountAuditConfiguration",
            ]);
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

        it("frees the checks from the stack's own scheduled audits that still exist before restoring", async () => {
            iot.on(ListScheduledAuditsCommand).resolves({
                scheduledAudits: [{ scheduledAuditName: "weekly" }],
            });
            serveAudits({
                weekly: {
                    checks: ["LOGGING_DISABLED_CHECK", "CONFLICTING_CLIENT_IDS_CHECK"],
                    own: true,
                },
            });
            iot.on(UpdateScheduledAuditCommand).resolves({});
            iot.on(UpdateAccountAuditConfigurationCommand).resolves({});
            await provider.delete!(ID, state({ priorConfiguration: JSON.stringify(prior) }));
            assert.deepStrictEqual(calls(), [
                "ListScheduledAudits",
                "DescribeScheduledAudit",
                "ListTagsForResource",
                "UpdateScheduledAudit",
                "UpdateAccountAuditConfiguration",
            ]);
            assert.deepStrictEqual(iot.commandCalls(UpdateScheduledAuditCommand)[0].args[0].input, {
                scheduledAuditName: "weekly",
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

        it("deletes the configuration, never its scheduled audits, when nothing was adopted and no scheduled audit is left (2 calls)", async () => {
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

describe("AccountAuditConfiguration resource (serialization under Pulumi mocks)", () => {
    beforeEach(() => iot.reset());
    useStackAccountCaller();

    it("registers with its type token and declared outputs, with a provider that serializes and still works", async () => {
        const {
            resource: resource,
            recorded,
            rebuilt,
        } = await registered<
            AccountAuditConfiguration,
            AccountAuditConfigurationInputs,
            AccountAuditConfigurationOutputs
        >(
            AccountAuditConfiguration.__pulumiType,
            () => new AccountAuditConfiguration("audit", inputs({ adoptExisting: false })),
        );
        assert.deepStrictEqual(await readOutput(resource.accountId), {
            known: true,
            value: "123456789012",
        });
        assert.deepStrictEqual(await readOutput(resource.roleArn), { known: true, value: ROLE });
        assert.ok(recorded, "the resource was registered");
        assert.strictEqual(recorded.type, "pulumi-nodejs:dynamic/iot:AccountAuditConfiguration");
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
