import * as assert from "assert";
import { HONOURED_AWS_KEYS, nearest } from "../../components/config/namespaces";
import { assertProblem, configProblems, stackSettings } from "../harness";

describe("config namespaces: a key nothing reads is an error, never silently ignored", () => {
    it("a misspelt project namespace names the key and the closest valid namespace", () => {
        const problems = configProblems("dev", v => {
            v["iot-defenders:detect"] = JSON.stringify({ enabled: false });
        });
        assertProblem(
            problems,
            "iot-defenders:detect",
            'namespace "iot-defenders" is not read by this project',
            "did you mean iot-defender:detect?",
            "allowed namespaces: iot-defender, aws, pulumi",
        );
    });

    it("any other namespace is an error too, pointing at the closest one", () => {
        const problems = configProblems("dev", v => {
            v["awss:region"] = "eu-west-1";
            v["random:seed"] = "1";
        });
        assertProblem(problems, "awss:region", "did you mean aws:region?");
        assertProblem(problems, "random:seed", "allowed namespaces: iot-defender, aws, pulumi");
    });

    it("an aws: key this project does not read is reported, with the keys it honours", () => {
        const problems = configProblems("dev", v => {
            v["aws:skipCredentialsValidation"] = "true";
        });
        assertProblem(
            problems,
            "aws:skipCredentialsValidation",
            "is not read by this project",
            "aws:region, aws:profile, aws:sharedCredentialsFiles, aws:assumeRole, aws:assumeRoles, aws:allowedAccountIds",
        );
    });

    it("accepts the aws: keys it honours and pulumi: keys", () => {
        const s = stackSettings("dev", v => {
            v["aws:profile"] = "iot-dev";
            v["aws:sharedCredentialsFiles"] = JSON.stringify(["/home/me/.aws/credentials"]);
            v["aws:assumeRole"] = JSON.stringify({ roleArn: "arn:aws:iam::123456789012:role/x" });
            v["aws:allowedAccountIds"] = JSON.stringify(["123456789012"]);
            v["pulumi:disable-default-providers"] = JSON.stringify(["aws"]);
        });
        assert.strictEqual(s.region, "eu-west-1");
        assert.ok("aws:region" in HONOURED_AWS_KEYS);
    });

    it("aws:allowedAccountIds must list 12-digit account ids", () => {
        assertProblem(
            configProblems("dev", v => {
                v["aws:allowedAccountIds"] = JSON.stringify(["12345"]);
            }),
            "aws:allowedAccountIds",
            "must be a list of 12-digit AWS account ids",
            '["12345"]',
        );
    });

    it("nearest picks the fewest edits, ignoring letter case", () => {
        assert.strictEqual(
            nearest("IOT-Defender", ["iot-defender", "aws", "pulumi"]),
            "iot-defender",
        );
        assert.strictEqual(nearest("pulumii", ["iot-defender", "aws", "pulumi"]), "pulumi");
    });
});
