/**
 * The IoT client mock the account audit provider's specs share, with what they read from it: the
 * calls made, AWS errors, and scheduled audits served as the account holds them.
 */
import {
    DescribeScheduledAuditCommand,
    IoTClient,
    ListTagsForResourceCommand,
} from "@aws-sdk/client-iot";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { clock } from "../../../components/aws/calls";

export const iot = mockClient(IoTClient);
export const ID = "123456789012/eu-west-1";
export const auditArn = (name: string) =>
    `arn:aws:iot:eu-west-1:123456789012:scheduledaudit/${name}`;
/** All the tags the stack's scheduled audits are created with (Project and Stack prove them its own). */
export const OWN_AUDIT_TAGS = [
    { Key: "Environment", Value: "test" },
    { Key: "Project", Value: "iot-defender" },
    { Key: "Stack", Value: "test" },
];

/** AWS calls made, in order, by command name. */
export function calls(): string[] {
    return iot.calls().map(c => (c.args[0] as object).constructor.name.replace(/Command$/, ""));
}

export function awsError(name: string, message = name): Error {
    return Object.assign(new Error(message), { name, $metadata: {} });
}

/**
 * Serves DescribeScheduledAudit (with the audit's ARN) and ListTagsForResource for scheduled audits:
 * the stack's own carry its tags, `tags` overrides them (another team's audit has none of them).
 */
export function serveAudits(
    audits: Record<
        string,
        { checks: string[]; own?: boolean; tags?: { Key: string; Value: string }[] }
    >,
): void {
    for (const [name, a] of Object.entries(audits)) {
        iot.on(DescribeScheduledAuditCommand, { scheduledAuditName: name }).resolves({
            scheduledAuditName: name,
            scheduledAuditArn: auditArn(name),
            targetCheckNames: a.checks,
        });
        iot.on(ListTagsForResourceCommand, { resourceArn: auditArn(name) }).resolves({
            tags: a.tags ?? (a.own ? OWN_AUDIT_TAGS : []),
        });
    }
}

/**
 * Around the enclosing `describe`: retries without waiting, a fresh IoT mock before each test, and
 * credentials of the stack's account (STS answers it; the provider checks it before any write).
 */
export function useIotMock(): void {
    const realSleep = clock.sleep;
    let sts: ReturnType<typeof mockClient>;
    before(() => {
        clock.sleep = async () => undefined;
        sts = mockClient(STSClient);
        sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012" });
    });
    after(() => {
        clock.sleep = realSleep;
        sts.restore();
    });
    beforeEach(() => iot.reset());
}
