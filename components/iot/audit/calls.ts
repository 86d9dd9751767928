/**
 * The IoT calls the account audit resource makes: the account audit configuration and scheduled
 * audits, each named in its error by what was being done (callAws retries throttling).
 */
import type {
    DescribeAccountAuditConfigurationResponse,
    DescribeScheduledAuditResponse,
    IoTClient,
    Tag,
} from "@aws-sdk/client-iot";
import { LIMITS } from "../../facts";
import { callAws, errorName, unlessNotFound } from "../../aws/calls";
import { scheduleRequest } from "./mapping";
import { Checks, ScheduleSettings, Targets, where } from "./types";
import { iotSdk } from "../../aws/sdk";

type Place = { accountId?: string; region: string };

export async function describeConfiguration(
    client: IoTClient,
    at: Place,
): Promise<DescribeAccountAuditConfigurationResponse> {
    return callAws(`Describe the audit configuration of ${where(at)}`, () =>
        client.send(new (iotSdk().DescribeAccountAuditConfigurationCommand)({})),
    );
}

/** Fails, listing the available names, if a configured check is not one the API returned. */
export function assertKnownChecks(
    configured: readonly string[],
    available: readonly string[],
    at: Place,
) {
    const unknown = configured.filter(name => !available.includes(name));
    if (unknown.length > 0) {
        throw new Error(
            `Unknown audit check name(s) for ${where(at)}: ${unknown.join(", ")}. ` +
                `Available checks (from DescribeAccountAuditConfiguration): ${[...available].sort().join(", ")}.`,
        );
    }
}

export async function updateConfiguration(
    client: IoTClient,
    at: Place,
    roleArn: string | undefined,
    targets: Targets | undefined,
    checks: Checks,
): Promise<void> {
    await callAws(`Update the audit configuration of ${where(at)}`, () =>
        client.send(
            new (iotSdk().UpdateAccountAuditConfigurationCommand)({
                ...(roleArn ? { roleArn } : {}),
                ...(targets ? { auditNotificationTargetConfigurations: targets } : {}),
                auditCheckConfigurations: checks,
            }),
        ),
    );
}

export async function deleteConfiguration(client: IoTClient, at: Place): Promise<void> {
    await unlessNotFound(() =>
        callAws(`Delete the audit configuration of ${where(at)}`, () =>
            client.send(new (iotSdk().DeleteAccountAuditConfigurationCommand)({})),
        ),
    );
}

/** Every scheduled audit of the account and region, by name, with its ARN. */
export async function listScheduledAudits(
    client: IoTClient,
    at: Place,
): Promise<Map<string, string>> {
    const audits = new Map<string, string>();
    let nextToken: string | undefined;
    do {
        const page = await callAws(`List the scheduled audits of ${where(at)}`, () =>
            client.send(new (iotSdk().ListScheduledAuditsCommand)({ nextToken })),
        );
        for (const a of page.scheduledAudits ?? [])
            if (a.scheduledAuditName) audits.set(a.scheduledAuditName, a.scheduledAuditArn ?? "");
        nextToken = page.nextToken || undefined;
    } while (nextToken);
    return audits;
}

export const label = (name: string, region: string) => `scheduled audit ${name} in ${region}`;

export async function describeScheduledAudit(
    client: IoTClient,
    region: string,
    name: string,
): Promise<DescribeScheduledAuditResponse> {
    return callAws(`Describe ${label(name, region)}`, () =>
        client.send(new (iotSdk().DescribeScheduledAuditCommand)({ scheduledAuditName: name })),
    );
}

/** Creates a scheduled audit with its tags; returns its ARN. Explains the per-region quota. */
export async function createScheduledAudit(
    client: IoTClient,
    region: string,
    name: string,
    s: ScheduleSettings,
    tags: Tag[] | undefined,
): Promise<string> {
    try {
        const created = await callAws(`Create ${label(name, region)}`, () =>
            client.send(
                new (iotSdk().CreateScheduledAuditCommand)({
                    scheduledAuditName: name,
                    ...scheduleRequest(s),
                    ...(tags && tags.length > 0 ? { tags } : {}),
                }),
            ),
        );
        return created.scheduledAuditArn ?? "";
    } catch (err) {
        if (errorName(err) !== "LimitExceededException") throw err;
        throw new Error(
            `${(err as Error).message}. An account has at most ${LIMITS.scheduledAudits} scheduled audits per region (not adjustable): ` +
                "delete one (`aws iot list-scheduled-audits`, `aws iot delete-scheduled-audit`) or fold these checks into an existing schedule.",
        );
    }
}

/**
 * Sets a scheduled audit's frequency, day and checks. Only the day field the frequency uses is
 * sent (see DAY_UNSET): a day it no longer uses may stay on AWS, where it is ignored.
 */
export async function updateScheduledAudit(
    client: IoTClient,
    region: string,
    name: string,
    s: ScheduleSettings,
): Promise<void> {
    await callAws(`Update ${label(name, region)}`, () =>
        client.send(
            new (iotSdk().UpdateScheduledAuditCommand)({
                scheduledAuditName: name,
                ...scheduleRequest(s),
            }),
        ),
    );
}

/** Deletes a scheduled audit; one already gone counts as deleted. */
export async function deleteScheduledAudit(
    client: IoTClient,
    region: string,
    name: string,
    why = "",
): Promise<void> {
    await unlessNotFound(() =>
        callAws(`Delete ${label(name, region)}${why}`, () =>
            client.send(new (iotSdk().DeleteScheduledAuditCommand)({ scheduledAuditName: name })),
        ),
    );
}

/** Sets only the checks of a scheduled audit, moving it off checks about to be disabled. */
export async function moveScheduledAudit(
    client: IoTClient,
    region: string,
    name: string,
    using: readonly string[],
    targetCheckNames: string[],
): Promise<void> {
    await callAws(
        `Move ${label(name, region)} off ${using.join(", ")} (to ${targetCheckNames.join(", ")})`,
        () =>
            client.send(
                new (iotSdk().UpdateScheduledAuditCommand)({
                    scheduledAuditName: name,
                    targetCheckNames,
                }),
            ),
    );
}
