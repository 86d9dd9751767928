import { DYNAMIC_TYPES } from "../../components/facts";
import { auditScheduled } from "../../policies/rules/audit";
import { alertsInOwnRegion } from "../../policies/rules/regions";
import {
    ACCOUNT,
    assertFails,
    assertNotApplicable,
    assertPasses,
    check,
    checkStack,
    ROLE_ARN,
    UNKNOWN,
} from "./helpers";
import { checkOnServer, checkStackOnServer } from "./onServer";

const PROFILE = DYNAMIC_TYPES.SecurityProfile,
    AUDIT = DYNAMIC_TYPES.AccountAudit;
const topicIn = (region: string) => `arn:aws:sns:${region}:${ACCOUNT}:iot-defender-multi-alerts`;
const profile = (region: string, topic: unknown) => ({
    region,
    securityProfileName: "p",
    alertTargets: { SNS: { alertTargetArn: topic, roleArn: ROLE_ARN } },
});
const audit = (region: string, topic: unknown = topicIn(region)) => ({
    region,
    accountId: ACCOUNT,
    roleArn: ROLE_ARN,
    auditNotificationTargetConfigurations: {
        SNS: { targetArn: topic, roleArn: ROLE_ARN, enabled: true },
    },
    scheduledAudits: { daily: { frequency: "DAILY", targetCheckNames: [] } },
});

describe("policy iot-alerts-in-own-region (mandatory)", () => {
    const p = alertsInOwnRegion;
    it("passes a profile and an audit configuration alerting to their own region's topic", async () => {
        assertPasses(await check(p, PROFILE, profile("us-east-1", topicIn("us-east-1"))));
        assertPasses(await check(p, AUDIT, audit("ap-southeast-2")));
    });
    it("rejects a profile alerting to another region's topic, naming both regions", async () =>
        assertFails(
            await checkOnServer(p, PROFILE, profile("us-east-1", topicIn("eu-west-1")), {
                name: "rules",
            }),
            "rules in us-east-1 alerts to",
            "a topic in eu-west-1",
        ));
    it("rejects an audit configuration notifying another region's topic", async () =>
        assertFails(
            await check(p, AUDIT, audit("us-east-1", topicIn("eu-west-1"))),
            "a topic in eu-west-1",
        ));
    it("waits for a topic ARN unknown in preview", async () =>
        assertPasses(await check(p, PROFILE, profile("us-east-1", UNKNOWN))));
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, "aws:sns/topic:Topic", {})));
});

describe("stack policy iot-audit-scheduled across regions (requireAuditConfiguration, prod)", () => {
    const p = auditScheduled;
    const resources = (audited: string[], withProfiles: string[]) => [
        ...audited.map(region => ({ type: AUDIT, name: `audit-${region}`, props: audit(region) })),
        ...withProfiles.map(region => ({
            type: PROFILE,
            name: `rules-${region}`,
            props: profile(region, topicIn(region)),
        })),
    ];
    it("passes when every region with the stack's IoT resources has an audit configuration", async () =>
        assertPasses(
            await checkStack(p, resources(["eu-west-1", "us-east-1"], ["eu-west-1", "us-east-1"]), {
                requireAuditConfiguration: true,
            }),
        ));
    it("rejects a region the stack deploys to without an audit configuration, naming it", async () =>
        assertFails(
            await checkStackOnServer(p, resources(["eu-west-1"], ["eu-west-1", "us-east-1"]), {
                requireAuditConfiguration: true,
            }),
            "deploys IoT resources to us-east-1 but has no account audit configuration there",
        ));
    it("leaves such a region alone without requireAuditConfiguration (the default)", async () =>
        assertPasses(await checkStack(p, resources(["eu-west-1"], ["eu-west-1", "us-east-1"]))));
});
