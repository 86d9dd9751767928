import { DYNAMIC_TYPES } from "../../components/facts";
import { securityProfileAlertTarget, securityProfileAttached } from "../../policies/rules/detect";
import {
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    TOPIC_ARN,
    UNKNOWN,
} from "./helpers";
import { checkOnServer } from "./onServer";
import * as assert from "assert";
import { profile } from "./profiles";

const PROFILE = DYNAMIC_TYPES.SecurityProfile;
const TOPIC = "aws:sns/topic:Topic";

describe("policy iot-security-profile-sns-alert-target (mandatory)", () => {
    const p = securityProfileAlertTarget;
    it("passes a profile alerting an SNS topic through a role", async () =>
        assertPasses(await check(p, PROFILE, profile())));
    it("rejects a profile without alert targets", async () =>
        assertFails(
            await checkOnServer(p, PROFILE, profile({ alertTargets: undefined })),
            "no alertTargets",
        ));
    it("rejects an SNS target without a roleArn", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({ alertTargets: { SNS: { alertTargetArn: TOPIC_ARN } } }),
            ),
            "roleArn is missing",
        ));
    it("rejects a target that is not an SNS topic and a role that is not a role", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({
                    alertTargets: {
                        SNS: {
                            alertTargetArn: "arn:aws:sqs:eu-west-1:123456789012:q",
                            roleArn: "arn:aws:iam::123456789012:user/u",
                        },
                    },
                }),
            ),
            "is not an SNS topic ARN",
            "is not an IAM role ARN",
        ));
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, TOPIC, { name: "t" })));
    it("reports nothing while the alert targets are unknown (preview)", async () =>
        assertUnknownOnly(await check(p, PROFILE, profile({ alertTargets: UNKNOWN }))));
    it("counts a topic and role unknown until deploy as set: a new stack's preview runs the rule (known map, unknown ARNs)", async () =>
        assertPasses(
            await check(
                p,
                PROFILE,
                profile({ alertTargets: { SNS: { alertTargetArn: UNKNOWN, roleArn: UNKNOWN } } }),
            ),
        ));
    it("still rejects a missing role, or a malformed one, next to a topic unknown until deploy (preview)", async () => {
        assertFails(
            await check(
                p,
                PROFILE,
                profile({ alertTargets: { SNS: { alertTargetArn: UNKNOWN } } }),
            ),
            "alertTargets.SNS.roleArn is missing",
        );
        assertFails(
            await check(
                p,
                PROFILE,
                profile({
                    alertTargets: { SNS: { alertTargetArn: UNKNOWN, roleArn: "publisher" } },
                }),
            ),
            '"publisher" is not an IAM role ARN',
        );
    });
    it("names the resource when the profile's name is unknown, and still rejects the missing alert targets (preview)", async () => {
        const o = await check(
            p,
            PROFILE,
            profile({ alertTargets: undefined, securityProfileName: UNKNOWN }),
            { name: "detect-rules" },
        );
        assertFails(o, "security profile detect-rules has no alertTargets");
        assert.strictEqual(o.unknown, undefined, "a real violation, not a preview note");
    });
});

describe("policy iot-security-profile-attached (mandatory)", () => {
    const p = securityProfileAttached;
    it("passes a profile attached to a thing group", async () =>
        assertPasses(await check(p, PROFILE, profile())));
    it("passes a profile attached to all registered things", async () =>
        assertPasses(
            await check(
                p,
                PROFILE,
                profile({ targets: ["arn:aws:iot:eu-west-1:123456789012:all/registered-things"] }),
            ),
        ));
    it("rejects a profile attached to nothing", async () =>
        assertFails(
            await checkOnServer(p, PROFILE, profile({ targets: [] })),
            "attached to no target",
        ));
    it("rejects a profile without targets", async () =>
        assertFails(
            await check(p, PROFILE, profile({ targets: undefined })),
            "attached to no target",
        ));
    it("rejects a target that is not a target ARN", async () =>
        assertFails(
            await check(
                p,
                PROFILE,
                profile({ targets: ["arn:aws:iot:eu-west-1:123456789012:thing/t1"] }),
            ),
            "not a security profile target ARN",
        ));
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, TOPIC, {})));
    it("reports nothing while a target ARN is unknown (preview)", async () =>
        assertUnknownOnly(await check(p, PROFILE, profile({ targets: [UNKNOWN] }))));
});
