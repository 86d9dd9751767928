import * as assert from "assert";
import { providerArgs, readIdentity } from "../../components/config/identity";
import { buildOffline, configProblems } from "../harness";

const ROLE = "arn:aws:iam::210987654321:role/deployer";

/** Reads an identity from config values given as structure (as `configure` may get them). */
function read(values: Record<string, unknown>) {
    return readIdentity(k => ({ "aws:region": "eu-west-1", ...values })[k]);
}

describe("The stack's AWS identity (aws: config)", () => {
    it("reads profile, credentials file, roles and allowed accounts, from runtime JSON strings or structure", () => {
        const asStrings = readIdentity(
            k =>
                ({
                    "aws:region": "eu-west-1",
                    "aws:profile": "deployer",
                    "aws:sharedCredentialsFiles": '["/ci/credentials"]',
                    "aws:assumeRoles": `[{"roleArn":"${ROLE}","duration":"1h30m","tags":{"team":"iot"}}]`,
                    "aws:allowedAccountIds": "[210987654321]",
                })[k],
        );
        assert.deepStrictEqual(asStrings, {
            identity: {
                region: "eu-west-1",
                profile: "deployer",
                sharedCredentialsFiles: ["/ci/credentials"],
                assumeRoles: [{ roleArn: ROLE, durationSeconds: 5400, tags: { team: "iot" } }],
                allowedAccountIds: ["210987654321"],
            },
            problems: [],
        });
        const asStructure = read({ "aws:assumeRole": { roleArn: ROLE, durationSeconds: 900 } });
        assert.deepStrictEqual(asStructure.identity.assumeRoles, [
            { roleArn: ROLE, durationSeconds: 900 },
        ]);
    });

    it("names the key, the value and what is allowed for each bad setting", () => {
        const { problems } = read({
            "aws:profile": "",
            "aws:sharedCredentialsFiles": ["/a", "/b"],
            "aws:assumeRoles": [{ roleArn: "deployer", duration: "13h", region: "x" }],
            "aws:allowedAccountIds": ["12345"],
        });
        assert.deepStrictEqual(problems, [
            'aws:profile: must be a profile name; got ""',
            'aws:sharedCredentialsFiles: must list exactly one file (the Device Defender resources read one shared credentials file); got ["/a","/b"]',
            "aws:assumeRoles[0].region: is not a setting of an assumed role; allowed: roleArn, sessionName, externalId, duration, durationSeconds, policy, policyArns, tags, transitiveTagKeys, sourceIdentity",
            'aws:assumeRoles[0].roleArn: must be an IAM role ARN (arn:aws:iam::<account>:role/<name>); got "deployer"',
            'aws:assumeRoles[0].duration: must be a session length from 15m to 12h (900-43200 seconds), like "1h"; got "13h"',
            'aws:allowedAccountIds: must be a list of 12-digit AWS account ids; got ["12345"]',
        ]);
        assert.match(
            read({ "aws:assumeRole": { roleArn: ROLE }, "aws:assumeRoles": [] }).problems[0],
            /set either aws:assumeRole or aws:assumeRoles, not both/,
        );
    });

    it("a bad identity stops the stack config, naming the key", () => {
        assert.match(
            configProblems("dev", v => {
                v["aws:assumeRole"] = JSON.stringify({ roleArn: "deployer" });
            }).join("\n"),
            /aws:assumeRole.roleArn: must be an IAM role ARN/,
        );
    });

    it("gives the @pulumi/aws provider the same identity, with v7's duration spelling", () => {
        const { identity } = read({
            "aws:profile": "deployer",
            "aws:assumeRole": { roleArn: ROLE, sessionName: "ci", durationSeconds: 3600 },
            "aws:allowedAccountIds": ["210987654321"],
        });
        assert.deepStrictEqual(providerArgs(identity), {
            profile: "deployer",
            assumeRoles: [{ roleArn: ROLE, sessionName: "ci", duration: "3600s" }],
            allowedAccountIds: ["210987654321"],
        });
        assert.deepStrictEqual(providerArgs(read({}).identity), {});
    });

    it("the stack's aws provider is built with the stack's profile and roles", async () => {
        const { engine } = await buildOffline("dev", {
            edit: v => {
                v["aws:profile"] = "deployer";
                v["aws:assumeRoles"] = JSON.stringify([{ roleArn: ROLE, externalId: "fleet-42" }]);
            },
        });
        const provider = engine.ofType("pulumi:providers:aws")[0];
        assert.strictEqual(provider.inputs.profile, "deployer");
        assert.deepStrictEqual(JSON.parse(provider.inputs.assumeRoles), [
            { roleArn: ROLE, externalId: "fleet-42" },
        ]);
    });
});
