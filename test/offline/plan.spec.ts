import * as assert from "assert";
import { runtime } from "@pulumi/pulumi";
import { ConfigError } from "../../components/config/configError";
import { errorText, plan } from "../../tools/offline/plan";
import { summarizePolicy } from "../../tools/offline/tree";
import { editJson } from "../harness";

async function planOf(argv: string[], options = {}): Promise<{ code: number; text: string }> {
    const lines: string[] = [];
    const code = await plan(argv, t => lines.push(t), options);
    return { code, text: lines.join("\n") };
}

describe("npm run plan (the offline plan, the README's main job)", () => {
    let dev: { code: number; text: string };
    before(async () => {
        dev = await planOf([]);
    });

    it("plans the dev stack by default and exits 0", () => {
        assert.strictEqual(dev.code, 0);
        assert.match(dev.text, /^Offline plan of stack "dev": \d+ resources/);
    });

    it("says which Detect engine the stack uses: logs for dev, device-defender for prod", async () => {
        assert.match(dev.text, /\nDetect engine: logs\n/);
        assert.match(dev.text, /\n {6}detectEngine: logs\n/);
        assert.match((await planOf(["prod"])).text, /\nDetect engine: device-defender\n/);
    });

    it("prints the tree: each resource's type and name, children indented under their component", async () => {
        assert.match(
            dev.text,
            /\niot-defender:alerting:Alerting {2}iot-defender-dev-alerting\n {2}aws:/,
        );
        assert.match(
            dev.text,
            /\niot-defender:logs:LogsDetect {2}iot-defender-dev-logs\n[^]*\n {2}pulumi-nodejs:dynamic\/iot:V2LoggingOptions {2}iot-defender-dev-logs-logging\n/,
        );
        assert.match(
            (await planOf(["prod"])).text,
            /\n {2}pulumi-nodejs:dynamic\/iot:SecurityProfile {2}iot-defender-prod-detect-rules\n/,
        );
    });

    it("shows the corrected recipe facts: the publisher may publish to the topic, alarms are in AWS/IoT", async () => {
        assert.match(
            dev.text,
            /iot-defender-dev-alerting-publisher-policy\n\s+policy: Allow sns:Publish on arn:aws:sns:eu-west-1:\d{12}:iot-defender-dev-alerts/,
        );
        assert.match(
            (await planOf(["prod"])).text,
            /namespace="AWS\/IoT" {2}metricName="Violations"/,
        );
        assert.match(
            dev.text,
            /query: SELECT SUM\(NonCompliantResources\) FROM SCHEMA\("AWS\/IoT"/,
        );
        assert.match(
            dev.text,
            /query: INSIGHT_RULE_METRIC\('iot-defender-dev-AuthorizationFailures', 'MaxContributorValue'\)/,
        );
    });

    it("prints every stack output", () => {
        const outputs = dev.text.slice(dev.text.indexOf("\nOutputs:"));
        for (const key of [
            "region",
            "alertTopicArn",
            "publisherRoleArn",
            "securityProfileNames",
            "alarmNames",
            "mitigationActionNames",
        ]) {
            assert.match(outputs, new RegExp(`\\n {2,6}${key}: `), `no output ${key}`);
        }
        assert.match(outputs, /\n {2}region: eu-west-1/);
        // Each region's outputs under its name (dev has one region).
        assert.match(
            outputs,
            /\n {2}regions:\n {4}eu-west-1:\n {6}alertTopicArn: arn:aws:sns:eu-west-1:/,
        );
    });

    it("plans another stack by name, and in preview shows unknown values", async () => {
        const prod = await planOf(["prod", "--preview"]);
        assert.strictEqual(prod.code, 0);
        assert.match(
            prod.text,
            /^Offline plan of stack "prod" \(preview: computed values unknown\)/,
        );
        assert.match(prod.text, /\n {6}alertTopicArn: \(known after deploy\)\n/);
        assert.match(
            prod.text,
            /alertTargets=\{"SNS":\{"alertTargetArn":"\(known after deploy\)","roleArn":"\(known after deploy\)"\}\}/,
        );
    });

    it("fails on bad config with every problem, naming the stack file, before anything is registered", async () => {
        const bad = (v: Record<string, string>) =>
            editJson(v, "detect", d => {
                d.rules.behaviors[0].durationSeconds = 120;
                d.engine = "device-defender";
                d.ml = { metrics: ["aws:source-ip-address"] };
            });
        const error = await planOf([], { edit: bad }).then(
            () => assert.fail("plan accepted bad config"),
            e => e,
        );
        assert.ok(error instanceof ConfigError);
        const text = errorText(error);
        assert.match(
            text,
            /^error: Invalid stack configuration in stack dev \(Pulumi\.dev\.yaml\): 2 problems:/,
        );
        assert.match(
            text,
            /detect\.rules\.behaviors\[0\]\.durationSeconds: must be one of 300, 600, 900, 1800, 3600; got 120/,
        );
        assert.match(text, /detect\.ml\.metrics\[0\]: is not supported by ML Detect/);
    });

    it("refuses an argument it does not know (a misspelt --preview must not plan without preview)", async () => {
        const error = await planOf(["prod", "--previw"]).then(
            () => assert.fail("plan accepted --previw"),
            e => e,
        );
        assert.match(
            errorText(error),
            /^error: unexpected argument --previw; usage: npm run plan -- \[stack\] \[--preview\]$/,
        );
    });

    it("fails with one line for an unknown stack", async () => {
        const error = await planOf(["staging"]).then(
            () => assert.fail("plan accepted an unknown stack"),
            e => e,
        );
        assert.doesNotMatch(errorText(error), /\n/);
        assert.match(errorText(error), /^error: .*staging/);
    });

    describe("policy summaries", () => {
        it("summarise each statement: effect, actions, principal, resources", () => {
            const doc = JSON.stringify({
                Statement: [
                    {
                        Effect: "Allow",
                        Action: "sts:AssumeRole",
                        Principal: { Service: "iot.amazonaws.com" },
                    },
                    {
                        Effect: "Allow",
                        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                        Resource: "arn:aws:kms:eu-west-1:1:key/k",
                    },
                ],
            });
            assert.deepStrictEqual(summarizePolicy(doc), [
                "Allow sts:AssumeRole for iot.amazonaws.com",
                "Allow kms:Decrypt, kms:GenerateDataKey* on arn:aws:kms:eu-west-1:1:key/k",
            ]);
        });

        it("say nothing about a document that is not known yet", () => {
            assert.deepStrictEqual(summarizePolicy(runtime.unknownValue), []);
            assert.deepStrictEqual(summarizePolicy(undefined), []);
        });
    });
});
