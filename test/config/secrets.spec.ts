/**
 * `secure:` config values: read offline as placeholders (no CLI to decrypt them), taken decrypted
 * from the CLI, valid anywhere a string is, never printed, and secrets in the program's resources
 * and outputs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../components/config/configError";
import { parseSettings } from "../../components/config/parse";
import { OFFLINE_SECRET } from "../../components/config/secrets";
import { PROJECT_ROOT, readStackConfig } from "../../components/config/stackFile";
import { plan } from "../../tools/offline/plan";
import { loadStackSettings } from "../../tools/ops/stack";
import { buildOffline, OfflineEngine } from "../harness";
import { buildStack } from "../../components/stack";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { readOutputs } from "../../tools/offline/outputs";

const CIPHERTEXT = "v1:c2VjcmV0LWNpcGhlcnRleHQ=:AAAABBBBCCCC";
const ENDPOINT = "https://hooks.example.com/iot?token=s3cr3t-t0ken";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

/** A project whose dev stack has its HTTPS endpoint as a nested `secure:` value. */
function projectWithSecretEndpoint(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "iot-defender-secret-"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    const dev = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), "utf8");
    const withSecret = dev.replace(
        "  iot-defender:alerting:\n",
        `  iot-defender:alerting:\n    httpsEndpoint:\n      secure: ${CIPHERTEXT}\n`,
    );
    assert.notStrictEqual(withSecret, dev);
    fs.writeFileSync(path.join(root, "Pulumi.dev.yaml"), withSecret);
    return root;
}

describe("secret config values", () => {
    const root = projectWithSecretEndpoint();

    describe("offline (no CLI to decrypt them)", () => {
        it("the stack-file reader keeps a nested secure value as a placeholder and names its key secret", () => {
            const file = readStackConfig("dev", root);
            assert.deepStrictEqual(file.secretKeys, ["iot-defender:alerting"]);
            assert.strictEqual(
                JSON.parse(file.values["iot-defender:alerting"]).httpsEndpoint,
                OFFLINE_SECRET,
            );
            assert.ok(!JSON.stringify(file.values).includes(CIPHERTEXT));
        });

        it("the plan builds the stack, shows the endpoint as a secret, and prints neither ciphertext nor stand-in", async () => {
            const lines: string[] = [];
            const code = await plan(["dev"], t => lines.push(t), { root });
            const text = lines.join("\n");
            assert.strictEqual(code, 0);
            assert.match(text, /protocol="https" {2}endpoint=\[secret\]/);
            for (const hidden of [CIPHERTEXT, "offline-secret", OFFLINE_SECRET]) {
                assert.ok(!text.includes(hidden), `the plan prints ${hidden}`);
            }
        });

        it("the ops commands read the stack's settings, with the secret key's strings to keep secret", () => {
            const settings = loadStackSettings("dev", root);
            const standIn = settings.alerting.httpsEndpoint!;
            assert.match(standIn, /^https:\/\//, "an offline stand-in of the endpoint's form");
            assert.deepStrictEqual(
                [...settings.secrets].sort(),
                [standIn, "iot-security-dev@example.com"].sort(),
            );
        });
    });

    describe("under the CLI (decrypted values, with the keys that are secret)", () => {
        /** The dev stack's config as the CLI hands it over: the endpoint decrypted. */
        function cliConfig(endpoint = ENDPOINT) {
            const file = readStackConfig("dev", root);
            const values = { ...file.values };
            const alerting = JSON.parse(values["iot-defender:alerting"]);
            alerting.httpsEndpoint = endpoint;
            values["iot-defender:alerting"] = JSON.stringify(alerting);
            return { file, values };
        }

        it("validates the decrypted value, and an error names the key but never prints the value", () => {
            const { file, values } = cliConfig("http://hooks.example.com/iot?token=s3cr3t-t0ken");
            try {
                parseSettings(values, file);
                assert.fail("an http:// endpoint must be refused");
            } catch (e) {
                assert.ok(e instanceof ConfigError, String(e));
                const line = e.problems.find(p =>
                    p.startsWith("iot-defender:alerting.httpsEndpoint:"),
                );
                assert.ok(line, e.message);
                assert.ok(line.endsWith("got [secret]"), line);
                assert.ok(!e.message.includes("s3cr3t"), e.message);
            }
        });

        it("the subscription's endpoint and every output holding a secret are Pulumi secrets", async () => {
            const { file, values } = cliConfig();
            const engine = new OfflineEngine();
            try {
                await engine.install(file.project, "dev", values, file.secretKeys);
                const settings = parseSettings(values, file);
                assert.ok(settings.secrets.includes(ENDPOINT));
                const built = buildStack({ ...settings, environment: "dev" });
                const outputs = await readOutputs(built);
                await engine.settle();
                const https = engine.ofType(SUBSCRIPTION).find(r => r.inputs.protocol === "https")!;
                // The SDK's secret wrapper around the decrypted value: deployed with it, stored encrypted.
                assert.deepStrictEqual(https.inputs.endpoint, {
                    [rpc.specialSigKey]: rpc.specialSecretSig,
                    value: ENDPOINT,
                });
                assert.deepStrictEqual(https.secretInputs, ["endpoint"]);
                const email = engine.ofType(SUBSCRIPTION).find(r => r.inputs.protocol === "email")!;
                // The whole `alerting` key is secret under the CLI, so its emails are too.
                assert.deepStrictEqual(email.secretInputs, ["endpoint"]);
                assert.strictEqual(
                    outputs.region,
                    "eu-west-1",
                    "outputs without a secret stay plain",
                );
            } finally {
                engine.release();
            }
        });

        it("an output that holds a secret is a secret", async () => {
            const { file, values } = cliConfig();
            const engine = new OfflineEngine();
            try {
                await engine.install(file.project, "dev", values, [
                    ...file.secretKeys,
                    "iot-defender:environment",
                ]);
                const settings = parseSettings(values, {
                    ...file,
                    secretKeys: [...file.secretKeys, "iot-defender:environment"],
                });
                const outputs = await readOutputs(buildStack(settings));
                await engine.settle();
                assert.strictEqual(outputs.environment, "[secret]");
            } finally {
                engine.release();
            }
        });
    });

    it("a stack with no secret registers no transformation and no secret input", async () => {
        const { engine } = await buildOffline("dev");
        assert.deepStrictEqual(
            engine.resources.filter(r => r.secretInputs.length > 0).map(r => r.name),
            [],
        );
    });
});
