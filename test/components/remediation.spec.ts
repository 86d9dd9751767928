import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    managedPolicyArn,
    MITIGATION_ACTIONS,
    REMEDIATION_ACTION_NAMES,
    REMEDIATION_ACTIONS,
} from "../../components/facts";
import { transpileFolder } from "../../components/lambdaCode";
import { MitigationAction } from "../../components/iot/mitigationAction";
import { SecurityProfile } from "../../components/iot/securityProfile";
import { RESPONDER_SOURCE } from "../../components/remediation";
import { DEADLINE_RESERVE_MS, LIMIT_RETRY } from "../../lambda/responder/act";
import { buildOffline, documentOf, editJson, Json, regionOutputs } from "../harness";
import { packedSettingsOf } from "./responderPackage";
import type { OfflineBuild } from "../../tools/offline/build";

const FUNCTION = "aws:lambda/function:Function";

describe("Remediation component (in the dev and prod stacks)", () => {
    let dev: OfflineBuild, prod: OfflineBuild;
    before(async () => {
        dev = await buildOffline("dev");
        prod = await buildOffline("prod");
    });
    const one = (b: OfflineBuild, type: string, suffix = "") => {
        const found = b.engine.ofType(type).filter(r => r.name.endsWith(suffix));
        assert.strictEqual(found.length, 1, `${type} ${suffix}`);
        return found[0];
    };

    it("creates each configured mitigation action with a role holding only its managed policy", () => {
        const actions = dev.engine.ofType(MitigationAction.__pulumiType);
        assert.deepStrictEqual(actions.map(a => a.inputs.actionName).sort(), [
            "iot-defender-dev-deactivate-device-certificate",
            "iot-defender-dev-enable-iot-logging",
            "iot-defender-dev-publish-finding",
            "iot-defender-dev-quarantine",
            "iot-defender-dev-replace-default-policy",
        ]);
        const quarantine = actions.find(a => a.inputs.actionName.endsWith("-quarantine"))!;
        assert.deepStrictEqual(quarantine.inputs.actionParams, {
            addThingsToThingGroupParams: {
                thingGroupNames: ["iot-defender-dev-quarantine"],
                overrideDynamicGroups: true,
            },
        });

        const attachments = dev.engine.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        const inlinePolicies = dev.engine.ofType("aws:iam/rolePolicy:RolePolicy");
        const topicKeyArn = one(dev, "aws:kms/key:Key").state.arn;
        assert.strictEqual(REMEDIATION_ACTION_NAMES.length, 5);
        for (const action of REMEDIATION_ACTION_NAMES) {
            const role = dev.engine.byName(`iot-defender-dev-remediation-${action}-role`);
            const mitigation = actions.find(
                a => a.inputs.actionName === `iot-defender-dev-${action}`,
            )!;
            assert.strictEqual(mitigation.inputs.roleArn, role.state.arn, action);
            assert.deepStrictEqual(
                attachments
                    .filter(a => a.inputs.role === role.state.name)
                    .map(a => a.inputs.policyArn),
                [managedPolicyArn(MITIGATION_ACTIONS[REMEDIATION_ACTIONS[action]].policy)],
                action,
            );
            const inline = inlinePolicies
                .filter(p => p.inputs.role === role.id)
                .map(p => documentOf(p.inputs.policy).Statement);
            // The managed policy grants sns:Publish but nothing on the topic's KMS key; no other action needs more.
            assert.deepStrictEqual(
                inline,
                action === "publish-finding"
                    ? [
                          [
                              {
                                  Effect: "Allow",
                                  Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                                  Resource: topicKeyArn,
                              },
                          ],
                      ]
                    : [],
                action,
            );
        }
    });

    it("quarantines into a thing group whose attached IoT policy denies everything", () => {
        const group = one(dev, "aws:iot/thingGroup:ThingGroup");
        const policy = one(dev, "aws:iot/policy:Policy");
        assert.deepStrictEqual(documentOf(policy.inputs.policy).Statement, [
            { Effect: "Deny", Action: "iot:*", Resource: "*" },
        ]);
        const attachment = one(dev, "aws:iot/policyAttachment:PolicyAttachment");
        assert.deepStrictEqual(
            [attachment.inputs.policy, attachment.inputs.target],
            [policy.state.name, group.state.arn],
        );
    });

    it("wires the responder: Node.js 22, subscribed to the alert topic, invokable by SNS from that topic only, dead-letter queue", () => {
        const fn = one(dev, FUNCTION);
        const topicArn = regionOutputs(dev).alertTopicArn;
        assert.strictEqual(fn.inputs.runtime, "nodejs22.x");
        assert.strictEqual(fn.inputs.handler, "handler.handler");
        const sub = dev.engine
            .ofType("aws:sns/topicSubscription:TopicSubscription")
            .find(s => s.inputs.protocol === "lambda")!;
        assert.deepStrictEqual([sub.inputs.topic, sub.inputs.endpoint], [topicArn, fn.state.arn]);
        const permission = one(dev, "aws:lambda/permission:Permission");
        assert.deepStrictEqual(
            [permission.inputs.principal, permission.inputs.sourceArn, permission.inputs.function],
            ["sns.amazonaws.com", topicArn, fn.state.name],
        );
        const queue = one(dev, "aws:sqs/queue:Queue");
        assert.strictEqual(fn.inputs.deadLetterConfig.targetArn, queue.state.arn);
        assert.strictEqual(fn.inputs.environment.variables.DEAD_LETTER_QUEUE_URL, queue.state.url);
    });

    it("loses no alert SNS cannot deliver: the subscription redrives to the dead-letter queue, which lets only the alert topic send", () => {
        const queue = one(dev, "aws:sqs/queue:Queue");
        const sub = dev.engine
            .ofType("aws:sns/topicSubscription:TopicSubscription")
            .find(s => s.inputs.protocol === "lambda")!;
        assert.deepStrictEqual(JSON.parse(sub.inputs.redrivePolicy), {
            deadLetterTargetArn: queue.state.arn,
        });
        const queuePolicy = one(dev, "aws:sqs/queuePolicy:QueuePolicy");
        assert.strictEqual(queuePolicy.inputs.queueUrl, queue.state.url);
        assert.ok(
            sub.dependencies.includes(queuePolicy.urn),
            "the subscription must wait for the queue policy",
        );
        const [statement, ...others] = documentOf(queuePolicy.inputs.policy).Statement;
        assert.deepStrictEqual(others, []);
        assert.deepStrictEqual(
            [statement.Effect, statement.Principal, statement.Action, statement.Resource],
            ["Allow", { Service: "sns.amazonaws.com" }, "sqs:SendMessage", queue.state.arn],
        );
        assert.deepStrictEqual(statement.Condition, {
            ArnEquals: { "aws:SourceArn": regionOutputs(dev).alertTopicArn },
        });
    });

    it("packs the response map with physical action names; dev is dry-run, prod acts", async () => {
        const env = (b: OfflineBuild) => one(b, FUNCTION).inputs.environment.variables;
        assert.strictEqual(env(dev).DRY_RUN, "true");
        assert.strictEqual(env(prod).DRY_RUN, "false");
        const settings = await packedSettingsOf(one(prod, FUNCTION));
        assert.strictEqual(settings.QUARANTINE_ACTION_NAME, "iot-defender-prod-quarantine");
        assert.deepStrictEqual(settings.VIOLATION_RESPONSES, {
            "aws:num-authorization-failures": "quarantine",
            "aws:num-connection-attempts": "notify-only",
        });
        assert.deepStrictEqual(settings.AUDIT_RESPONSES.DEVICE_CERTIFICATE_SHARED_CHECK, [
            "iot-defender-prod-quarantine",
        ]);
    });

    it("keeps only the switch, the quarantine group and deploy-time addresses in the environment", () => {
        for (const b of [dev, prod])
            assert.deepStrictEqual(
                Object.keys(one(b, FUNCTION).inputs.environment.variables).sort(),
                ["ALERT_TOPIC_ARN", "DEAD_LETTER_QUEUE_URL", "DRY_RUN", "QUARANTINE_GROUP"],
            );
    });

    it("tells the responder the stack's security profiles, as deployed: prod's three, none on dev's logs engine", async () => {
        const prodProfiles = (await packedSettingsOf(one(prod, FUNCTION))).SECURITY_PROFILES;
        const devProfiles = (await packedSettingsOf(one(dev, FUNCTION))).SECURITY_PROFILES;
        const deployed = prod.engine
            .ofType(SecurityProfile.__pulumiType)
            .map(r => r.inputs.securityProfileName);
        assert.deepStrictEqual([...prodProfiles].sort(), deployed.sort());
        assert.deepStrictEqual(prodProfiles, [
            "iot-defender-prod-rules",
            "iot-defender-prod-ml",
            "iot-defender-prod-gateways-connections",
        ]);
        assert.deepStrictEqual(devProfiles, []);
    });

    it("gives the responder a least-privilege role on a Device Defender stack (prod): its log group, the two Start*MitigationActionsTask actions, its queue", () => {
        const role = prod.engine.byName("iot-defender-prod-remediation-responder-role");
        assert.deepStrictEqual(documentOf(role.inputs.assumeRolePolicy).Statement[0].Principal, {
            Service: "lambda.amazonaws.com",
        });
        const policies = prod.engine
            .ofType("aws:iam/rolePolicy:RolePolicy")
            .filter(p => p.inputs.role === role.id);
        assert.strictEqual(policies.length, 1);
        const statements = documentOf(policies[0].inputs.policy).Statement;
        assert.deepStrictEqual(statements, [
            {
                Sid: "Logs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${one(prod, "aws:cloudwatch/logGroup:LogGroup", "-responder-logs").state.arn}:*`,
            },
            // The Service Authorization Reference lists no resource type for StartAuditMitigationActionsTask and only an
            // optional securityprofile for StartDetectMitigationActionsTask (not named by a request by violation ids).
            {
                Sid: "StartMitigationTasks",
                Effect: "Allow",
                Action: [
                    "iot:StartDetectMitigationActionsTask",
                    "iot:StartAuditMitigationActionsTask",
                ],
                Resource: "*",
            },
            {
                Sid: "DeadLetters",
                Effect: "Allow",
                Action: "sqs:SendMessage",
                Resource: one(prod, "aws:sqs/queue:Queue").state.arn,
            },
        ]);
        assert.ok(
            !statements.some((s: Json) => [s.Action].flat().includes("iam:PassRole")),
            "the mitigation roles are passed at deployment, not by the responder",
        );
    });

    it("sizes the responder for bursts: a timeout that holds the longest wait on running tasks, bounded async retries", () => {
        const fn = one(dev, FUNCTION);
        const worstWaitMs = Array.from({ length: LIMIT_RETRY.attempts - 1 }, (_, i) =>
            Math.min(LIMIT_RETRY.maxDelayMs, LIMIT_RETRY.baseMs * 2 ** i),
        ).reduce((a, b) => a + b, 0);
        assert.ok(
            fn.inputs.timeout * 1000 >= worstWaitMs + DEADLINE_RESERVE_MS + 10_000,
            `timeout ${fn.inputs.timeout} s, worst wait ${worstWaitMs} ms`,
        );
        assert.ok(
            fn.inputs.timeout <= 120,
            "bounded: longer waits are Lambda's asynchronous retries",
        );
        assert.strictEqual(
            fn.inputs.reservedConcurrentExecutions,
            undefined,
            "reserved concurrency fails on accounts with little unreserved concurrency",
        );
        const asyncConfig = one(
            dev,
            "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        );
        assert.deepStrictEqual(
            [
                asyncConfig.inputs.functionName,
                asyncConfig.inputs.maximumRetryAttempts,
                asyncConfig.inputs.maximumEventAgeInSeconds,
            ],
            [fn.state.name, 2, 3600],
        );
    });

    it("logs in Lambda's JSON format to its own log group", () => {
        const fn = one(dev, FUNCTION);
        assert.deepStrictEqual(fn.inputs.loggingConfig, {
            logFormat: "JSON",
            logGroup: one(dev, "aws:cloudwatch/logGroup:LogGroup", "-responder-logs").state.name,
        });
    });

    it("alarms on dead-letter queue depth and on responder errors, to the alert topic", () => {
        const alarms = dev.engine
            .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
            .filter(a => ["AWS/SQS", "AWS/Lambda"].includes(a.inputs.namespace));
        assert.deepStrictEqual(
            alarms.map(a => `${a.inputs.namespace} ${a.inputs.metricName}`).sort(),
            ["AWS/Lambda Errors", "AWS/SQS ApproximateNumberOfMessagesVisible"],
        );
        for (const a of alarms)
            assert.deepStrictEqual(a.inputs.alarmActions, [regionOutputs(dev).alertTopicArn]);
    });

    it("can be turned off: no actions, no Lambda, no queue, no quarantine group", async () => {
        const { engine, outputs } = await buildOffline("dev", {
            edit: v =>
                editJson(v, "remediation", r => {
                    r.enabled = false;
                }),
        });
        for (const type of [
            MitigationAction.__pulumiType,
            FUNCTION,
            "aws:sqs/queue:Queue",
            "aws:iot/thingGroup:ThingGroup",
            "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
            "iot-defender:remediation:Remediation",
        ]) {
            assert.deepStrictEqual(
                engine.resources.filter(r => r.type === type),
                [],
                type,
            );
        }
        assert.strictEqual(outputs.remediationEnabled, false);
        assert.deepStrictEqual(
            engine
                .ofType("aws:sns/topicSubscription:TopicSubscription")
                .map(s => s.inputs.protocol),
            ["email"],
        );
    });

    it("builds the Lambda code from the repo's TypeScript sources (no tests, CommonJS, only SDK and relative imports)", () => {
        const files = transpileFolder(RESPONDER_SOURCE);
        assert.ok(files["handler.js"].includes("exports.handler"));
        assert.ok(!Object.keys(files).some(f => f.includes("spec")));
        for (const [name, text] of Object.entries(files)) {
            const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map(m => m[1]);
            for (const r of required)
                assert.match(
                    r,
                    /^(\.\/|@aws-sdk\/|node:)/,
                    `${name} requires ${r}, which the Lambda runtime does not have`,
                );
        }
    });

    it("packs the facts the responder imports beside it, so the package loads on its own", () => {
        const files = transpileFolder(RESPONDER_SOURCE);
        assert.ok(files["facts/aws/limits.js"], Object.keys(files).join(", "));
        assert.match(files["validate.js"], /require\("\.\/facts\/aws\/limits"\)/);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "responder-"));
        for (const [name, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
            fs.writeFileSync(path.join(dir, name), text);
        }
        // What needs no AWS SDK (the runtime's) loads from the package alone: parsing and deciding.
        const load = (name: string) => require(path.join(dir, name)); // eslint-disable-line @typescript-eslint/no-require-imports
        const parsed = load("parse.js").parseMessage(JSON.stringify({ violationId: "a b" }));
        assert.strictEqual(parsed.reason, "missing-fields");
        assert.strictEqual(
            load("validate.js").identifierProblem("thingName", "gw-1", "thingName"),
            undefined,
        );
        assert.strictEqual(typeof load("decide.js").decide, "function");
    });
});
