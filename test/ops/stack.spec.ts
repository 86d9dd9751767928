/**
 * The stack an ops command works on: `pulumi stack output` read through an injected runner (no
 * shelling out), names preferred from the outputs and derived from the settings where the outputs
 * have none, and the note that says which.
 */
import * as assert from "assert";
import { names, remediationNames } from "../../components/inventory/names";
import { namesSourceNote, pulumiOutputs, stackTarget } from "../../tools/ops/stack";
import { editJson, onDeviceDefender, stackSettings } from "../harness";
import { ACCOUNT, REGION } from "./fixture";

/** Dev's values on the Device Defender engine: the profiles these commands look at. */
const dev = stackSettings("dev", onDeviceDefender);
const devRemediation = remediationNames(names.base(dev));

/** A runner that fails like execFileSync does. */
const failing = (fields: Record<string, unknown>) => () => {
    throw Object.assign(new Error(String(fields.message ?? "failed")), fields);
};

describe("ops stack", () => {
    describe("pulumiOutputs", () => {
        it("asks `pulumi stack output --json --stack <stack>` and returns the object it prints", () => {
            const asked: (readonly string[])[] = [];
            const reading = pulumiOutputs("prod", args => {
                asked.push(args);
                return '{"region":"eu-central-1","alarmNames":["a"]}\n';
            });
            assert.deepStrictEqual(asked, [["stack", "output", "--json", "--stack", "prod"]]);
            assert.deepStrictEqual(reading, {
                outputs: { region: "eu-central-1", alarmNames: ["a"] },
            });
        });

        it("says the CLI is not installed when it cannot be found", () => {
            assert.deepStrictEqual(
                pulumiOutputs(
                    "dev",
                    failing({ code: "ENOENT", message: "spawnSync pulumi ENOENT" }),
                ),
                { missing: "the Pulumi CLI is not installed" },
            );
        });

        it("gives the first line the CLI wrote on stderr when it fails", () => {
            const reading = pulumiOutputs(
                "dev",
                failing({
                    status: 255,
                    stderr: "error: no stack named 'dev' found\nmore detail\n",
                }),
            );
            assert.deepStrictEqual(reading, {
                missing: "pulumi stack output failed: error: no stack named 'dev' found",
            });
        });

        it("refuses output that is not a JSON object", () => {
            assert.deepStrictEqual(
                pulumiOutputs("dev", () => "warning: something\n"),
                { missing: "pulumi stack output --json did not print JSON" },
            );
            assert.deepStrictEqual(
                pulumiOutputs("dev", () => "[1, 2]"),
                { missing: "pulumi stack output --json did not print an object" },
            );
        });
    });

    describe("stackTarget names", () => {
        it("derives every name from the settings when there are no outputs, remediation's alarms included", () => {
            const t = stackTarget(dev);
            assert.deepStrictEqual(t.names.securityProfiles, [
                names.ruleProfile(dev),
                names.mlProfile(dev),
            ]);
            assert.deepStrictEqual(t.names.scheduledAudits, [names.scheduledAudit(dev, "weekly")]);
            assert.deepStrictEqual(t.names.alarms, [
                names.nonCompliantAlarm(dev),
                names.violationsAlarm(dev, names.ruleProfile(dev)),
                names.violationsAlarm(dev, names.mlProfile(dev)),
                ...[
                    "Connect.AuthError",
                    "PublishIn.AuthError",
                    "Subscribe.AuthError",
                    "PublishIn.Throttle",
                ].map(m => names.fleetAlarm(dev, m)),
                devRemediation.deadLetterAlarm,
                devRemediation.responderErrorsAlarm,
            ]);
            assert.strictEqual(
                t.names.mitigationActions.quarantine,
                devRemediation.mitigationAction("quarantine"),
            );
            assert.strictEqual(t.names.deadLetterQueue, devRemediation.deadLetterQueue);
            assert.strictEqual(t.names.responderFunction, devRemediation.responderFunction);
            assert.strictEqual(t.names.alertTopicArn, undefined);
        });

        it("prefers the names the outputs give, reading the queue from its URL and the function from its ARN", () => {
            const t = stackTarget(dev, {
                securityProfileNames: ["p-rules"],
                scheduledAuditNames: ["s-weekly"],
                alarmNames: ["a-1", "a-2"],
                mitigationActionNames: { quarantine: "m-quarantine" },
                deadLetterQueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/q-dlq`,
                responderArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:f-responder`,
                alertTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t-alerts`,
                publisherRoleArn: `arn:aws:iam::${ACCOUNT}:role/r-publisher-1a2b3c4`,
            });
            assert.deepStrictEqual(t.names, {
                securityProfiles: ["p-rules"],
                scheduledAudits: ["s-weekly"],
                alarms: ["a-1", "a-2"],
                mitigationActions: { quarantine: "m-quarantine" },
                deadLetterQueue: "q-dlq",
                responderFunction: "f-responder",
                alertTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t-alerts`,
                publisherRoleArn: `arn:aws:iam::${ACCOUNT}:role/r-publisher-1a2b3c4`,
                fromSettings: [],
            });
        });

        it("keeps an empty list from the outputs (the stack has none), and derives names the outputs lack or mangle", () => {
            const t = stackTarget(dev, {
                securityProfileNames: [],
                alarmNames: "not-a-list",
                mitigationActionNames: { quarantine: 7 },
            });
            assert.deepStrictEqual(t.names.securityProfiles, []);
            assert.strictEqual(
                t.names.alarms.length,
                9,
                "audit, 2 profiles, 4 fleet, remediation's 2",
            );
            assert.strictEqual(
                t.names.mitigationActions.quarantine,
                devRemediation.mitigationAction("quarantine"),
            );
            assert.deepStrictEqual(t.names.fromSettings, [
                "scheduledAuditNames",
                "alarmNames",
                "mitigationActionNames",
                "deadLetterQueueUrl",
                "responderArn",
            ]);
        });

        it("does not count as derived what the settings do not deploy either", () => {
            const noRemediation = stackSettings("dev", v =>
                editJson(v, "remediation", r => {
                    r.enabled = false;
                }),
            );
            const t = stackTarget(noRemediation, {
                securityProfileNames: [names.ruleProfile(dev)],
            });
            assert.deepStrictEqual(t.names.fromSettings, ["scheduledAuditNames", "alarmNames"]);
            assert.strictEqual(t.names.deadLetterQueue, undefined);
        });
    });

    describe("namesSourceNote", () => {
        it("names the stack file and why there were no outputs", () => {
            assert.strictEqual(
                namesSourceNote(stackTarget(dev), { missing: "the Pulumi CLI is not installed" }),
                "note: resource names derived from Pulumi.dev.yaml (no stack outputs: the Pulumi CLI is not installed)",
            );
        });

        it("names the outputs, and the names they lacked", () => {
            const outputs = {
                region: REGION,
                securityProfileNames: [],
                scheduledAuditNames: [],
                alarmNames: [],
                mitigationActionNames: {},
            };
            assert.strictEqual(
                namesSourceNote(stackTarget(dev, outputs), { outputs }),
                "note: resource names from the outputs of stack dev; not in the outputs, so derived from Pulumi.dev.yaml: deadLetterQueueUrl, responderArn",
            );
            const complete = {
                ...outputs,
                deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/1/q",
                responderArn: "arn:aws:lambda:eu-west-1:1:function:f",
            };
            assert.strictEqual(
                namesSourceNote(stackTarget(dev, complete), { outputs: complete }),
                "note: resource names from the outputs of stack dev",
            );
        });
    });
});
