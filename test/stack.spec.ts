/** What each stack holds, dev and prod alike. Each stack's own settings: stackSettings.spec.ts. */
import * as assert from "assert";
import { AccountAudit } from "../components/iot/audit/resource";
import {
    CLOUDWATCH,
    DURATION_SECONDS,
    managedPolicyArn,
    MANAGED_POLICIES,
    METRICS,
} from "../components/facts";
import { documentOf, regionOutputs, TEST_ACCOUNT_ID } from "./harness";
import type { OfflineBuild } from "../tools/offline/build";
import {
    ALARM,
    asList,
    builtStacks,
    policyOf,
    PROFILE,
    ROLE,
    ROLE_POLICY,
    statements,
    TOPIC,
} from "./stackBuilds";

describe("the stack (dev and prod built offline in one run)", () => {
    const built: Record<string, OfflineBuild> = {};
    before(async () => {
        Object.assign(built, await builtStacks());
    });

    for (const stack of ["dev", "prod"]) {
        describe(stack === "dev" ? "dev on the device-defender engine" : stack, () => {
            const b = () => built[stack];
            const topicArn = () => b().engine.ofType(TOPIC)[0].state.arn as string;

            it("exports the topic, the roles, the profiles, the scheduled audits and the alarms", () => {
                const o = regionOutputs(b());
                assert.strictEqual(
                    o.alertTopicArn,
                    `arn:aws:sns:eu-west-1:${TEST_ACCOUNT_ID}:iot-defender-${stack}-alerts`,
                );
                assert.match(String(o.publisherRoleArn), /^arn:aws:iam::123456789012:role\//);
                // prod adds a named profile of its own (detect.profiles) beside the short form's two.
                assert.deepStrictEqual(o.securityProfileNames, [
                    `iot-defender-${stack}-rules`,
                    `iot-defender-${stack}-ml`,
                    ...(stack === "prod" ? ["iot-defender-prod-gateways-connections"] : []),
                ]);
                assert.deepStrictEqual(
                    Object.keys(o.securityProfileArns as object),
                    o.securityProfileNames,
                );
                assert.ok((o.scheduledAuditNames as string[]).length >= 1);
                // Audit, each profile, IoT Core's fleet alarms (prod opts into the rules engine's
                // RuleNotFound and Failure beside the broker's four), remediation's two.
                assert.strictEqual((o.alarmNames as string[]).length, stack === "prod" ? 12 : 9);
            });

            it("alarms on Device Defender's and IoT Core's metrics use the AWS/IoT namespace (not AWS/IoT/DeviceDefender) and notify the alert topic", () => {
                const alarms = b()
                    .engine.ofType(ALARM)
                    .filter(a => !["AWS/SQS", "AWS/Lambda"].includes(a.inputs.namespace));
                assert.strictEqual(alarms.length, stack === "prod" ? 10 : 7);
                for (const alarm of alarms) {
                    const namespaces = alarm.inputs.namespace
                        ? [alarm.inputs.namespace]
                        : alarm.inputs.metricQueries.map(
                              (q: { expression: string }) =>
                                  /(?:SCHEMA\(|FROM )"([^"]+)"/.exec(q.expression)![1],
                          );
                    assert.deepStrictEqual(namespaces, [CLOUDWATCH.namespace], alarm.name);
                    assert.deepStrictEqual(alarm.inputs.alarmActions, [topicArn()], alarm.name);
                }
                const violations = alarms.filter(a => a.inputs.metricName === "Violations");
                assert.deepStrictEqual(
                    violations.map(a => a.inputs.dimensions.SecurityProfileName).sort(),
                    [
                        ...(stack === "prod" ? ["iot-defender-prod-gateways-connections"] : []),
                        `iot-defender-${stack}-ml`,
                        `iot-defender-${stack}-rules`,
                    ],
                );
                const audit = alarms.find(a => a.inputs.name.endsWith("-audit-noncompliant"))!;
                assert.match(
                    audit.inputs.metricQueries[0].expression,
                    /SELECT SUM\(NonCompliantResources\)/,
                );
            });

            it("the publisher role can really publish: sns:Publish on this topic, KMS on its key, trusted by IoT for this account only", () => {
                const role = b()
                    .engine.ofType(ROLE)
                    .find(r => r.name.endsWith("-publisher"))!;
                const trust = statements(documentOf(role.inputs.assumeRolePolicy));
                assert.deepStrictEqual(trust[0].Principal, { Service: "iot.amazonaws.com" });
                assert.deepStrictEqual(trust[0].Condition, {
                    StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID },
                });
                const policy = b()
                    .engine.ofType(ROLE_POLICY)
                    .find(p => p.name.endsWith("-publisher-policy"))!;
                assert.strictEqual(policy.inputs.role, role.id);
                const grants = statements(policyOf(policy));
                const publish = grants.find(s => asList(s.Action).includes("sns:Publish"));
                assert.strictEqual(publish.Resource, topicArn());
                const key = b().engine.ofType("aws:kms/key:Key")[0];
                assert.ok(
                    grants.some(
                        s =>
                            s.Resource === key.state.arn &&
                            asList(s.Action).includes("kms:GenerateDataKey*"),
                    ),
                );
                assert.ok(
                    grants.every(s => s.Resource !== "*"),
                    "no grant on every resource",
                );
            });

            it("profiles and audit notifications alert through that role to that topic, once the role may publish", () => {
                const rolePolicy = b().engine.resources.find(r =>
                    r.name.endsWith("-alerting-publisher-policy"),
                )!;
                const users = [
                    ...b().engine.ofType(PROFILE),
                    ...b().engine.ofType(AccountAudit.__pulumiType),
                ];
                for (const user of users)
                    assert.ok(
                        user.dependencies.includes(rolePolicy.urn),
                        `${user.name} does not wait for the publisher's policy`,
                    );
                for (const profile of b().engine.ofType(PROFILE)) {
                    assert.deepStrictEqual(
                        profile.inputs.alertTargets,
                        {
                            SNS: {
                                alertTargetArn: topicArn(),
                                roleArn: regionOutputs(b()).publisherRoleArn,
                            },
                        },
                        profile.name,
                    );
                }
                const audit = b().engine.ofType(AccountAudit.__pulumiType)[0];
                assert.deepStrictEqual(audit.inputs.auditNotificationTargetConfigurations, {
                    SNS: {
                        targetArn: topicArn(),
                        roleArn: regionOutputs(b()).publisherRoleArn,
                        enabled: true,
                    },
                });
            });

            it("the topic is encrypted with a rotating customer-managed key that CloudWatch alarms may use", () => {
                const key = b().engine.ofType("aws:kms/key:Key")[0];
                assert.strictEqual(key.inputs.enableKeyRotation, true);
                assert.strictEqual(
                    b().engine.ofType(TOPIC)[0].inputs.kmsMasterKeyId,
                    key.state.arn,
                );
                const cw = statements(documentOf(key.inputs.policy)).find(
                    s => s.Principal?.Service === "cloudwatch.amazonaws.com",
                );
                assert.deepStrictEqual(cw.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);
                const topicPolicy = statements(
                    policyOf(b().engine.ofType("aws:sns/topicPolicy:TopicPolicy")[0]),
                );
                assert.ok(
                    topicPolicy.some(
                        s =>
                            s.Effect === "Deny" &&
                            s.Condition?.Bool?.["aws:SecureTransport"] === "false",
                    ),
                );
            });

            it("ML behaviors carry mlDetectionConfig and no operator or value; rule durations are valid", () => {
                const [rules, ml] = b().engine.ofType(PROFILE);
                for (const behavior of ml.inputs.behaviors) {
                    assert.ok(
                        ["LOW", "MEDIUM", "HIGH"].includes(
                            behavior.criteria.mlDetectionConfig.confidenceLevel,
                        ),
                    );
                    assert.strictEqual(behavior.criteria.value, undefined);
                    assert.strictEqual(behavior.criteria.comparisonOperator, undefined);
                    assert.ok(METRICS[behavior.metric].mlCapable, behavior.metric);
                }
                for (const behavior of rules.inputs.behaviors) {
                    const { durationSeconds } = behavior.criteria;
                    const rule = METRICS[behavior.metric].duration;
                    if (rule === "required")
                        assert.ok(
                            (DURATION_SECONDS as readonly number[]).includes(durationSeconds),
                            behavior.name,
                        );
                    if (rule === "forbidden")
                        assert.strictEqual(durationSeconds, undefined, behavior.name);
                    assert.strictEqual(
                        behavior.suppressAlerts,
                        false,
                        "suppressed behaviors would send no SNS alert",
                    );
                }
            });

            it("every profile has an alert target and at least one target", () => {
                for (const profile of b().engine.ofType(PROFILE)) {
                    assert.ok(profile.inputs.alertTargets?.SNS?.alertTargetArn, profile.name);
                    assert.ok(profile.inputs.targets.length >= 1, profile.name);
                }
            });

            it("one resource holds the configuration and the scheduled audits, which run only enabled checks", () => {
                const [configuration, ...others] = b().engine.ofType(AccountAudit.__pulumiType);
                assert.deepStrictEqual(others, [], "one owner for the audit settings");
                const enabled = Object.entries(configuration.inputs.auditCheckConfigurations)
                    .filter(([, c]) => (c as { enabled: boolean }).enabled)
                    .map(([k]) => k);
                const schedules = configuration.inputs.scheduledAudits as Record<
                    string,
                    { targetCheckNames: string[] }
                >;
                assert.deepStrictEqual(
                    Object.keys(schedules),
                    regionOutputs(b()).scheduledAuditNames,
                );
                for (const [name, schedule] of Object.entries(schedules))
                    for (const check of schedule.targetCheckNames)
                        assert.ok(enabled.includes(check), `${name}: ${check}`);
                // The scheduled audits carry the stack's Project and Stack tags: how one that a run
                // made and Pulumi never saved is told from another team's.
                const tags = Object.fromEntries(
                    configuration.inputs.tags.map((t: { Key: string; Value: string }) => [
                        t.Key,
                        t.Value,
                    ]),
                );
                assert.deepStrictEqual(
                    { Project: tags.Project, Stack: tags.Stack },
                    { Project: "iot-defender", Stack: stack },
                );
            });

            it("the audit role holds the managed audit policy (which has no sns:Publish, hence the publisher role)", () => {
                const attachment = b()
                    .engine.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                    .find(a => a.name.includes("-audit-"))!;
                assert.strictEqual(
                    attachment.inputs.policyArn,
                    managedPolicyArn(MANAGED_POLICIES.audit),
                );
                assert.match(
                    attachment.inputs.policyArn,
                    /:policy\/service-role\/AWSIoTDeviceDefenderAudit$/,
                );
            });

            it("tags: stack, environment and project on every AWS resource (provider default tags) and on the IoT resources", () => {
                const provider = b().engine.ofType("pulumi:providers:aws")[0];
                const tags = JSON.parse(provider.inputs.defaultTags).tags;
                assert.strictEqual(tags.Project, "iot-defender");
                assert.strictEqual(tags.Stack, stack);
                assert.strictEqual(tags.Environment, stack);
                const awsResources = b().engine.resources.filter(
                    r => r.custom && r.type.startsWith("aws:"),
                );
                assert.ok(awsResources.length > 10);
                for (const r of awsResources)
                    assert.ok(
                        r.provider?.startsWith(provider.urn),
                        `${r.name} uses the tagged provider`,
                    );
                for (const r of [
                    ...b().engine.ofType(PROFILE),
                    ...b().engine.ofType(AccountAudit.__pulumiType),
                ]) {
                    const keys = r.inputs.tags.map((t: { Key: string }) => t.Key);
                    for (const k of ["Project", "Stack", "Environment", "Owner"])
                        assert.ok(keys.includes(k), `${r.name} lacks ${k}`);
                }
            });

            it("every resource has a component parent, named from the component's name", () => {
                const components = b().engine.resources.filter(r => !r.custom);
                assert.deepStrictEqual(components.map(c => c.type).sort(), [
                    "iot-defender:alerting:Alerting",
                    "iot-defender:audit:Audit",
                    "iot-defender:dashboard:Dashboard",
                    "iot-defender:detect:Detect",
                    "iot-defender:fleetAlarms:FleetAlarms",
                    "iot-defender:remediation:Remediation",
                    ...(stack === "prod" ? ["iot-defender:securityhub:SecurityHub"] : []),
                ]);
                for (const c of components) {
                    for (const child of b().engine.childrenOf(c))
                        assert.ok(child.name.startsWith(c.name), `${child.name} under ${c.name}`);
                }
                const orphans = b().engine.resources.filter(
                    r => r.custom && !r.parent && r.type !== "pulumi:providers:aws",
                );
                assert.deepStrictEqual(
                    orphans.map(o => o.name),
                    [],
                );
            });
        });
    }
});
