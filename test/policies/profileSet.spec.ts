import { DYNAMIC_TYPES } from "../../components/facts";
import { metricsExportRoleScoped, profilesPerTarget } from "../../policies/rules/profileSet";
import {
    ACCOUNT,
    REGION,
    StackResource,
    UNKNOWN,
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    checkStack,
    trustPolicy,
} from "./helpers";
import { checkStackOnServer } from "./onServer";

const PROFILE = DYNAMIC_TYPES.SecurityProfile;
const group = (g: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:thinggroup/${g}`;
const EXPORT_ROLE = `arn:aws:iam::${ACCOUNT}:role/export`;
const TOPIC = "$aws/rules/dd_export/fleet";
const TOPIC_ARN = `arn:aws:iot:${REGION}:${ACCOUNT}:topic/${TOPIC}`;

const profile = (name: string, props: Record<string, unknown>): StackResource => ({
    type: PROFILE,
    name,
    props: { region: REGION, securityProfileName: name, ...props },
});
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const publish = { Effect: "Allow", Action: "iot:Publish", Resource: TOPIC_ARN };

/** A profile exporting to TOPIC with the stack's export role and its policy; `edit` changes one part. */
function exporting(
    edit: (r: {
        profile: StackResource;
        role: StackResource;
        policy: StackResource;
    }) => void = () => {},
): StackResource[] {
    const r = {
        profile: profile("fleet", {
            metricsExportConfig: { mqttTopic: TOPIC, roleArn: EXPORT_ROLE },
            targets: [group("fleet")],
        }),
        role: {
            type: "aws:iam/role:Role",
            name: "export",
            props: { name: "export", arn: EXPORT_ROLE, assumeRolePolicy: trustPolicy() },
        },
        policy: {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "export-policy",
            props: { role: "export", policy: doc(publish) },
        },
    };
    edit(r);
    return Object.values(r);
}

describe("stack policy iot-security-profiles-per-target (mandatory)", () => {
    const p = profilesPerTarget;
    const on = (n: number, target: string) =>
        Array.from({ length: n }, (_, i) =>
            profile(`p${i}`, { targets: [target, group(`own-${i}`)] }),
        );

    it("passes 5 profiles on one target", async () =>
        assertPasses(await checkStack(p, on(5, group("fleet")))));
    it("fails a 6th, naming the target and every profile on it", async () =>
        assertFails(
            await checkStackOnServer(p, on(6, group("fleet"))),
            `${group("fleet")} has 6 security profiles (p0, p1, p2, p3, p4, p5)`,
            "at most 5",
        ));
    it("counts all/registered-things as a target like any other", async () =>
        assertFails(
            await checkStack(p, on(6, `arn:aws:iot:${REGION}:${ACCOUNT}:all/registered-things`)),
            "has 6",
        ));
    it("does not apply without profiles", async () => assertNotApplicable(await checkStack(p, [])));
    it("cannot judge while targets are unknown (preview)", async () =>
        assertUnknownOnly(
            await checkStack(p, [...on(5, group("fleet")), profile("p5", { targets: UNKNOWN })]),
        ));
});

describe("stack policy iot-metrics-export-role-scoped (mandatory)", () => {
    const p = metricsExportRoleScoped;
    it("passes the stack's role, trusted by IoT, allowed iot:Publish on the topic only", async () =>
        assertPasses(await checkStackOnServer(p, exporting())));
    it("does not apply when no profile exports", async () =>
        assertNotApplicable(
            await checkStack(p, [profile("fleet", { targets: [group("fleet")] })]),
        ));

    for (const [what, statement, fragment] of [
        [
            "another action",
            { ...publish, Action: ["iot:Publish", "iot:Subscribe"] },
            "action iot:Subscribe",
        ],
        ["every IoT action", { ...publish, Action: "iot:*" }, "action iot:*"],
        [
            "another topic",
            { ...publish, Resource: [TOPIC_ARN, `${TOPIC_ARN}/more`] },
            `resource ${TOPIC_ARN}/more`,
        ],
        [
            "every topic",
            { ...publish, Resource: `arn:aws:iot:${REGION}:${ACCOUNT}:topic/*` },
            "topic/*",
        ],
        [
            "NotResource",
            { Effect: "Allow", Action: "iot:Publish", NotResource: TOPIC_ARN },
            "NotAction or NotResource",
        ],
    ] as const)
        it(`fails a role that also allows ${what}`, async () =>
            assertFails(
                await checkStack(
                    p,
                    exporting(r => (r.policy.props.policy = doc(statement))),
                ),
                "role export allows more than iot:Publish",
                fragment,
            ));

    it("fails a role that may not publish to the topic", async () =>
        assertFails(
            await checkStack(
                p,
                exporting(
                    r =>
                        (r.policy.props.policy = doc({
                            ...publish,
                            Resource: `arn:aws:iot:${REGION}:${ACCOUNT}:topic/other`,
                        })),
                ),
            ),
            `is not allowed iot:Publish on ${TOPIC_ARN}`,
        ));
    it("fails a role IoT cannot assume", async () =>
        assertFails(
            await checkStack(
                p,
                exporting(
                    r =>
                        (r.role.props.assumeRolePolicy = doc({
                            Effect: "Allow",
                            Principal: { Service: "lambda.amazonaws.com" },
                            Action: "sts:AssumeRole",
                        })),
                ),
            ),
            "cannot be assumed by iot.amazonaws.com",
        ));
    it("fails a role outside the stack", async () =>
        assertFails(
            await checkStack(
                p,
                exporting(
                    r =>
                        (r.profile.props.metricsExportConfig = {
                            mqttTopic: TOPIC,
                            roleArn: `arn:aws:iam::${ACCOUNT}:role/theirs`,
                        }),
                ),
            ),
            "not an IAM role of this stack",
        ));
    it("cannot judge while the role's ARN is unknown (preview)", async () =>
        assertUnknownOnly(
            await checkStack(
                p,
                exporting(
                    r =>
                        (r.profile.props.metricsExportConfig = {
                            mqttTopic: TOPIC,
                            roleArn: UNKNOWN,
                        }),
                ),
            ),
        ));
});
