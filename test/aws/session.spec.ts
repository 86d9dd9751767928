import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CreateCustomMetricCommand, IoTClient } from "@aws-sdk/client-iot";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
// The STS client the SDK's fromTemporaryCredentials assumes roles with.
import { AssumeRoleCommand, STSClient as RoleSTSClient } from "@aws-sdk/nested-clients/sts";
import { mockClient } from "aws-sdk-client-mock";
import type * as pulumi from "@pulumi/pulumi";
import { DYNAMIC_TYPES } from "../../components/facts";
import { configureAws, credentialsFor, session } from "../../components/aws/session";
import { iotClient } from "../../components/aws/calls";
import {
    CustomMetric,
    CustomMetricInputs,
    CustomMetricOutputs,
} from "../../components/iot/customMetric";
import { OWNER_TAGS, registered, useIotMock } from "../iot/support";

const REGION = "eu-west-1";
const ROLE = "arn:aws:iam::210987654321:role/deployer";
const inputs: CustomMetricInputs = {
    region: REGION,
    metricName: "cpu-temperature",
    metricType: "number",
    tags: OWNER_TAGS,
};

/** Stack config as the dynamic provider host hands it to `configure`: runtime strings. */
function stackConfig(values: Record<string, unknown>): pulumi.dynamic.ConfigureRequest {
    const raw: Record<string, string> = { "aws:region": REGION };
    for (const [k, v] of Object.entries(values))
        raw[k] = typeof v === "string" ? v : JSON.stringify(v);
    return { config: { get: k => raw[k], require: k => raw[k] } };
}

/** The credentials the client of the n-th IoT call resolved. */
async function clientCredentials(iot: ReturnType<typeof useIotMock>["iot"], n = 0) {
    const client = iot.call(n).thisValue as IoTClient;
    return client.config.credentials();
}

describe("The stack's AWS identity in the dynamic providers", function () {
    this.timeout(60_000);
    const mock = useIotMock();
    let dir: string;
    let credentialsFile: string;
    let rebuilt: pulumi.dynamic.ResourceProvider<CustomMetricInputs, CustomMetricOutputs>;

    before(async () => {
        // A provider rebuilt from the text Pulumi serialized, as the host runs it.
        ({ rebuilt } = await registered<CustomMetric, CustomMetricInputs, CustomMetricOutputs>(
            DYNAMIC_TYPES.CustomMetric,
            () => new CustomMetric("m", inputs),
        ));
    });
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "iot-defender-credentials-"));
        credentialsFile = path.join(dir, "credentials");
        fs.writeFileSync(
            credentialsFile,
            "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = default-secret\n" +
                "[deployer]\naws_access_key_id = AKIADEPLOYER\naws_secret_access_key = deployer-secret\n",
        );
        mock.iot.on(CreateCustomMetricCommand).resolves({ metricArn: "arn:metric" });
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        for (const k of Object.keys(session)) delete (session as Record<string, unknown>)[k];
    });

    it("with aws:profile, every client calls AWS with that profile's credentials", async () => {
        await rebuilt.configure!(
            stackConfig({
                "aws:profile": "deployer",
                "aws:sharedCredentialsFiles": [credentialsFile],
            }),
        );
        await rebuilt.create(inputs);
        const credentials = await clientCredentials(mock.iot);
        assert.strictEqual(credentials.accessKeyId, "AKIADEPLOYER");
        assert.strictEqual(credentials.secretAccessKey, "deployer-secret");
    });

    it("with aws:assumeRole, every client calls AWS as the assumed role, assumed with the profile's credentials", async () => {
        const sts = mockClient(RoleSTSClient);
        try {
            sts.on(AssumeRoleCommand).resolves({
                Credentials: {
                    AccessKeyId: "ASIAROLE",
                    SecretAccessKey: "role-secret",
                    SessionToken: "role-token",
                    Expiration: new Date(Date.now() + 3_600_000),
                },
            });
            await rebuilt.configure!(
                stackConfig({
                    "aws:profile": "deployer",
                    "aws:sharedCredentialsFiles": [credentialsFile],
                    "aws:assumeRole": {
                        roleArn: ROLE,
                        sessionName: "ci",
                        externalId: "fleet-42",
                        duration: "1h",
                    },
                }),
            );
            await rebuilt.create(inputs);
            const credentials = await clientCredentials(mock.iot);
            assert.deepStrictEqual(
                [credentials.accessKeyId, credentials.sessionToken],
                ["ASIAROLE", "role-token"],
            );
            assert.deepStrictEqual(JSON.parse(JSON.stringify(sts.call(0).args[0].input)), {
                RoleArn: ROLE,
                RoleSessionName: "ci",
                ExternalId: "fleet-42",
                DurationSeconds: 3600,
            });
            const master = await (sts.call(0).thisValue as RoleSTSClient).config.credentials();
            assert.strictEqual(
                master.accessKeyId,
                "AKIADEPLOYER",
                "the role is assumed as the profile",
            );
        } finally {
            sts.restore();
        }
    });

    it("assumes aws:assumeRoles in order, each with the credentials of the one before", async () => {
        const sts = mockClient(RoleSTSClient);
        try {
            sts.on(AssumeRoleCommand).callsFake(async (req: { RoleArn: string }) => ({
                Credentials: {
                    AccessKeyId: `ASIA-${req.RoleArn.split("/").pop()}`,
                    SecretAccessKey: "s",
                    SessionToken: "t",
                    Expiration: new Date(Date.now() + 3_600_000),
                },
            }));
            await configureAws(
                stackConfig({
                    "aws:assumeRoles": [
                        { roleArn: "arn:aws:iam::111111111111:role/hop" },
                        { roleArn: ROLE },
                    ],
                }),
            );
            const credentials = await session.credentials!();
            assert.strictEqual(credentials.accessKeyId, "ASIA-deployer");
            // The last role is assumed with credentials of the role before it.
            const last = sts.call(0);
            assert.strictEqual(last.args[0].input.RoleArn, ROLE);
            const master = await (last.thisValue as RoleSTSClient).config.credentials();
            assert.strictEqual(master.accessKeyId, "ASIA-hop");
            assert.strictEqual(
                sts.call(1).args[0].input.RoleArn,
                "arn:aws:iam::111111111111:role/hop",
            );
        } finally {
            sts.restore();
        }
    });

    it("refuses every call in an account outside aws:allowedAccountIds, naming both", async () => {
        mock.sts.on(GetCallerIdentityCommand).resolves({ Account: "999999999999" });
        await configureAws(
            stackConfig({
                "aws:profile": "deployer",
                "aws:sharedCredentialsFiles": [credentialsFile],
                "aws:allowedAccountIds": ["123456789012"],
            }),
        );
        await assert.rejects(
            session.credentials!(),
            /account 999999999999, which aws:allowedAccountIds \(123456789012\) does not allow/,
        );
        mock.sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012" });
        assert.strictEqual((await session.credentials!()).accessKeyId, "AKIADEPLOYER");
        const asked = await (mock.sts.call(0).thisValue as STSClient).config.credentials();
        assert.strictEqual(
            asked.accessKeyId,
            "AKIADEPLOYER",
            "the account of the stack's credentials is checked",
        );
    });

    it("leaves the SDK's default chain when the stack sets no identity", async () => {
        await configureAws(stackConfig({}));
        assert.strictEqual(session.credentials, undefined);
        assert.strictEqual(credentialsFor({ region: REGION, assumeRoles: [] }), undefined);
    });

    it("refuses, and keeps refusing, when the host passed no stack config or a bad identity", async () => {
        const noConfig = { config: { get: () => undefined, require: () => "" } };
        await assert.rejects(
            configureAws(noConfig),
            /received no aws:region .*Upgrade the Pulumi CLI/,
        );
        // The host keeps a provider whose configure failed: its later calls must not fall back to other credentials.
        assert.throws(() => iotClient(REGION), /received no aws:region/);
        await assert.rejects(
            configureAws(stackConfig({ "aws:assumeRole": { roleArn: "deployer" } })),
            /aws:assumeRole.roleArn: must be an IAM role ARN/,
        );
        assert.throws(() => iotClient(REGION), /aws:assumeRole.roleArn/);
    });
});
