import {
    iamNoWildcards,
    isAnyResource,
    isAnyServiceAction,
    isReadOnlyAction,
} from "../../policies/rules/iam";
import {
    ACCOUNT,
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    policyDoc,
    TOPIC_ARN,
    trustPolicy,
    UNKNOWN,
} from "./helpers";
import { checkOnServer } from "./onServer";
import * as assert from "assert";

const ROLE = "aws:iam/role:Role",
    ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy",
    POLICY = "aws:iam/policy:Policy";

describe("policy iam-no-wildcard-permissions (mandatory)", () => {
    const p = iamNoWildcards;
    const publish = { Effect: "Allow", Action: "sns:Publish", Resource: TOPIC_ARN };
    it("passes statements that name their resources, and read-only actions on *", async () => {
        assertPasses(
            await check(p, ROLE_POLICY, {
                role: "r",
                policy: policyDoc(publish, {
                    Effect: "Allow",
                    Action: ["iot:Describe*", "iot:ListThings"],
                    Resource: "*",
                }),
            }),
        );
        assertPasses(
            await check(p, ROLE_POLICY, {
                role: "r",
                policy: policyDoc({
                    Effect: "Allow",
                    Action: "cloudwatch:PutMetricData",
                    Resource: "*",
                }),
            }),
        );
    });
    it("passes starting mitigation tasks on * (they take no resource ARN), but not other IoT writes", async () => {
        const start = [
            "iot:StartDetectMitigationActionsTask",
            "iot:StartAuditMitigationActionsTask",
        ];
        assertPasses(
            await check(p, ROLE_POLICY, {
                role: "r",
                policy: policyDoc({ Effect: "Allow", Action: start, Resource: "*" }),
            }),
        );
        assertFails(
            await check(p, ROLE_POLICY, {
                role: "r",
                policy: policyDoc({
                    Effect: "Allow",
                    Action: [...start, "iot:UpdateCertificate"],
                    Resource: "*",
                }),
            }),
            "allows iot:UpdateCertificate on every resource",
        );
    });
    it('rejects Action "*" in an iam.Policy', async () =>
        assertFails(
            await checkOnServer(p, POLICY, {
                policy: policyDoc({ Effect: "Allow", Action: "*", Resource: TOPIC_ARN }),
            }),
            "allows every action",
        ));
    it('rejects write actions on Resource "*" in a role\'s inline policy', async () =>
        assertFails(
            await check(p, ROLE, {
                inlinePolicies: [
                    {
                        name: "inline",
                        policy: policyDoc({
                            Sid: "Pub",
                            Effect: "Allow",
                            Action: ["sns:Publish", "sns:List*"],
                            Resource: "*",
                        }),
                    },
                ],
            }),
            "inlinePolicies[0] inline: statement Pub allows sns:Publish on every resource",
        ));
    it("rejects service wildcards on * and Allow NotAction", async () => {
        assertFails(
            await check(p, ROLE_POLICY, {
                policy: {
                    Version: "2012-10-17",
                    Statement: { Effect: "Allow", Action: "iot:*", Resource: "*" },
                },
            }),
            "iot:*",
        );
        assertFails(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
            }),
            "grants every other action",
        );
    });
    it('rejects actions of every service ("*:Get*"), whatever the resource', async () => {
        assertFails(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({
                    Effect: "Allow",
                    Action: ["iot:Get*", "*:Get*"],
                    Resource: "*",
                }),
            }),
            "a statement allows *:Get* in every service: name the service (service:Action)",
        );
        assertFails(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({ Effect: "Allow", Action: "*:Describe*", Resource: TOPIC_ARN }),
            }),
            "allows *:Describe* in every service",
        );
    });
    it('rejects write actions on an ARN whose resource part is only wildcards, as on "*"', async () => {
        assertFails(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({
                    Effect: "Allow",
                    Action: "s3:PutObject",
                    Resource: "arn:aws:s3:::*",
                }),
            }),
            `allows s3:PutObject on every resource ("arn:aws:s3:::*"): name the resources`,
        );
        assertFails(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({
                    Effect: "Allow",
                    Action: "iot:UpdateCertificate",
                    Resource: ["arn:aws:iot:*:*:*"],
                }),
            }),
            `allows iot:UpdateCertificate on every resource ("arn:aws:iot:*:*:*")`,
        );
        assertFails(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({
                    Effect: "Allow",
                    Action: "sns:Publish",
                    NotResource: TOPIC_ARN,
                }),
            }),
            "on every resource (NotResource)",
        );
    });
    it("passes reads on such ARNs, and writes on named resources or typed patterns", async () => {
        assertPasses(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({
                    Effect: "Allow",
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::*",
                }),
            }),
        );
        assertPasses(
            await check(p, ROLE_POLICY, {
                policy: policyDoc(
                    { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::reports/*" },
                    {
                        Effect: "Allow",
                        Action: "iot:AddThingToThingGroup",
                        Resource: `arn:aws:iot:*:${ACCOUNT}:thinggroup/quarantine`,
                    },
                    {
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/f:*`,
                    },
                ),
            }),
        );
    });
    it("keeps the allowedActionsOnAnyResource exemptions on wildcard ARNs, and lets config exempt by pattern", async () => {
        const start = [
            "iot:StartDetectMitigationActionsTask",
            "iot:StartAuditMitigationActionsTask",
        ];
        assertPasses(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({
                    Effect: "Allow",
                    Action: start,
                    Resource: "arn:aws:iot:*:*:*",
                }),
            }),
        );
        const startPattern = policyDoc({
            Effect: "Allow",
            Action: "iot:Start*MitigationActionsTask",
            Resource: "*",
        });
        assertFails(
            await check(p, ROLE_POLICY, { policy: startPattern }),
            "allows iot:Start*MitigationActionsTask on every resource",
        );
        assertPasses(
            await check(
                p,
                ROLE_POLICY,
                { policy: startPattern },
                { config: { allowedActionsOnAnyResource: ["iot:Start*MitigationActionsTask"] } },
            ),
        );
        assertPasses(
            await check(
                p,
                ROLE_POLICY,
                {
                    policy: policyDoc({
                        Effect: "Allow",
                        Action: "logs:CreateLogGroup",
                        Resource: "arn:aws:logs:*:*:*",
                    }),
                },
                { config: { allowedActionsOnAnyResource: ["logs:CreateLogGroup"] } },
            ),
        );
    });
    it("rejects a whole service (iam:*) and IAM writes on any resource, and AWSIoTFullAccess", async () => {
        const roleArn = `arn:aws:iam::${ACCOUNT}:role/responder`;
        assertFails(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({ Effect: "Allow", Action: "iam:*", Resource: roleArn }),
            }),
            "allows iam:*: every action of the service",
        );
        assertFails(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({ Effect: "Allow", Action: "iam:PassRole", Resource: roleArn }),
            }),
            "privilege escalation",
        );
        assertPasses(
            await check(p, ROLE_POLICY, {
                policy: policyDoc({ Effect: "Allow", Action: "iam:GetRole", Resource: roleArn }),
            }),
        );
        assertFails(
            await check(p, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
                role: "responder",
                policyArn: "arn:aws:iam::aws:policy/AWSIoTFullAccess",
            }),
            "AWSIoTFullAccess",
        );
    });
    it("rejects an attached AdministratorAccess", async () =>
        assertFails(
            await check(p, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
                role: "r",
                policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
            }),
            "AdministratorAccess",
        ));
    it("rejects forbidden managed policies attached to users and groups, and passes others", async () => {
        const USER = "aws:iam/userPolicyAttachment:UserPolicyAttachment",
            GROUP = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment";
        assertFails(
            await check(p, USER, {
                user: "u",
                policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
            }),
            "attaches the AWS-managed AdministratorAccess policy",
        );
        assertFails(
            await check(p, GROUP, {
                group: "g",
                policyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
            }),
            "attaches the AWS-managed PowerUserAccess policy",
        );
        assertPasses(
            await check(p, GROUP, {
                group: "g",
                policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
            }),
        );
        assertUnknownOnly(await check(p, USER, { user: "u", policyArn: UNKNOWN }));
    });
    it("lets config allow more actions on *", async () =>
        assertPasses(
            await check(
                p,
                ROLE_POLICY,
                {
                    policy: policyDoc({
                        Effect: "Allow",
                        Action: "logs:CreateLogGroup",
                        Resource: "*",
                    }),
                },
                { config: { allowedActionsOnAnyResource: ["logs:CreateLogGroup"] } },
            ),
        ));
    it("ignores Deny statements and KMS key policies (resource policies)", async () => {
        assertPasses(
            await check(p, ROLE_POLICY, {
                policy: policyDoc(publish, { Effect: "Deny", Action: "*", Resource: "*" }),
            }),
        );
        assertNotApplicable(
            await check(p, "aws:kms/key:Key", {
                policy: policyDoc({
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:root" },
                    Action: "kms:*",
                    Resource: "*",
                }),
            }),
        );
    });
    it("does not apply to a role without identity policies", async () =>
        assertNotApplicable(await check(p, ROLE, { assumeRolePolicy: trustPolicy() })));
    it("reports nothing while a policy document is unknown (preview)", async () =>
        assertUnknownOnly(await check(p, ROLE_POLICY, { role: UNKNOWN, policy: UNKNOWN })));
    it("classifies actions of every service and resources that mean every resource", () => {
        assert.deepStrictEqual(
            ["*", "*:Get*", "s*:List*", "iot:*", "iot:Get*"].filter(isAnyServiceAction),
            ["*", "*:Get*", "s*:List*"],
        );
        assert.deepStrictEqual(
            [
                "*",
                "arn:aws:s3:::*",
                "arn:aws:iot:*:*:*",
                "arn:aws:s3:::*/*",
                "arn:aws:s3:*",
                "arn:aws:s3:::b/*",
                TOPIC_ARN,
                "arn:aws:logs:r:1:log-group:g:*",
            ].filter(isAnyResource),
            ["*", "arn:aws:s3:::*", "arn:aws:iot:*:*:*", "arn:aws:s3:::*/*", "arn:aws:s3:*"],
        );
    });
    it("classifies read-only actions by verb", () => {
        assert.ok(
            isReadOnlyAction("iot:DescribeAccountAuditConfiguration") &&
                isReadOnlyAction("s3:Get*"),
        );
        assert.ok(
            !isReadOnlyAction("sns:Publish") &&
                !isReadOnlyAction("sns:*") &&
                !isReadOnlyAction("kms:Decrypt"),
        );
    });
});
