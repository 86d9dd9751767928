/**
 * What the responder Lambda reads (lambda/responder/config.ts), built from the component's
 * arguments: the settings that grow with the stack (profiles, insight alarms, response maps) as
 * the `settings.json` of its package, and a small environment (the dry-run switch, the quarantine
 * group and what AWS assigns at deploy: the queue URL and topic ARN), checked against Lambda's
 * 4 KB limit before anything is created.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResponderEnvironment, ResponderSettings } from "../../lambda/responder/config";
import type { InsightAlarm, InsightOperator } from "../../lambda/responder/insightConfig";
import {
    LAMBDA_ENVIRONMENT_MAX_BYTES,
    lambdaEnvironmentBytes,
    SNS_TOPIC_ARN_LENGTH,
    SQS_QUEUE_URL_MAX_LENGTH,
} from "../facts";
import type { ResponderArgs } from "./responder";

export { SETTINGS_FILE as RESPONDER_SETTINGS_FILE } from "../../lambda/responder/settings";

/** The settings file's content, typed from the Lambda's definition of it. */
export function responderSettings(
    args: Pick<
        ResponderArgs,
        | "violationResponses"
        | "auditResponses"
        | "actionNames"
        | "securityProfiles"
        | "insightAlarms"
    >,
): ResponderSettings {
    return {
        VIOLATION_RESPONSES: args.violationResponses,
        QUARANTINE_ACTION_NAME: args.actionNames.quarantine ?? "",
        AUDIT_RESPONSES: Object.fromEntries(
            Object.entries(args.auditResponses).map(([check, actions]) => [
                check,
                actions.map(a => args.actionNames[a]),
            ]),
        ),
        SECURITY_PROFILES: args.securityProfiles,
        INSIGHT_ALARMS: Object.fromEntries(
            args.insightAlarms.map(p => [
                p.alarmName,
                {
                    ruleName: p.ruleName,
                    behaviorName: p.behaviorName,
                    metric: p.metric,
                    periodSeconds: p.periodSeconds,
                    evaluationPeriods: p.datapointsToAlarm,
                    threshold: p.threshold,
                    comparisonOperator: p.comparisonOperator as InsightOperator,
                } satisfies InsightAlarm,
            ]),
        ),
    };
}

export type EnvironmentArgs = Pick<ResponderArgs, "dryRun" | "names" | "topicArn">;

/**
 * Every variable the Lambda reads, typed from its definition. `deadLetterQueueUrl` is the queue's
 * URL output, or undefined while checking the arguments (before the queue exists).
 */
export function responderEnvironment<Url extends pulumi.Input<string> | undefined>(
    args: EnvironmentArgs,
    deadLetterQueueUrl: Url,
): ResponderEnvironment<pulumi.Input<string> | Url> {
    return {
        DRY_RUN: String(args.dryRun),
        DEAD_LETTER_QUEUE_URL: deadLetterQueueUrl,
        QUARANTINE_GROUP: args.names.quarantineGroup,
        ALERT_TOPIC_ARN: args.topicArn,
    };
}

/** The longest a variable can be when its value is not known yet (an output): from name limits. */
const LONGEST: Readonly<Partial<Record<keyof ResponderEnvironment, number>>> = {
    DEAD_LETTER_QUEUE_URL: SQS_QUEUE_URL_MAX_LENGTH,
    ALERT_TOPIC_ARN: SNS_TOPIC_ARN_LENGTH.max,
};

/**
 * The environment's size as Lambda measures it, at its largest: a known value as it is, an
 * unknown one (an output, or not created yet) at its longest. Throws for an unknown variable with
 * no known bound, which a new variable must add to LONGEST.
 */
export function environmentSize(
    variables: ResponderEnvironment<pulumi.Input<string> | undefined>,
): { bytes: number; largest: readonly (readonly [string, number])[] } {
    const worst = Object.fromEntries(
        Object.entries(variables).map(([key, value]) => {
            if (typeof value === "string") return [key, value];
            const longest = LONGEST[key as keyof ResponderEnvironment];
            if (longest === undefined)
                throw new Error(
                    `Remediation: the responder's variable ${key} is not known before deployment and has no bound on its length`,
                );
            return [key, "x".repeat(longest)];
        }),
    );
    const largest = Object.keys(worst)
        .map(key => [key, lambdaEnvironmentBytes({ [key]: worst[key] }) - 2] as const)
        .sort((a, b) => b[1] - a[1]);
    return { bytes: lambdaEnvironmentBytes(worst), largest };
}

/** Lambda refuses a function whose variables exceed 4 KB: refuse the arguments first. */
export function checkEnvironmentSize(args: EnvironmentArgs): void {
    const { bytes, largest } = environmentSize(responderEnvironment(args, undefined));
    if (bytes > LAMBDA_ENVIRONMENT_MAX_BYTES)
        throw new Error(
            `Remediation: the responder's environment variables may take ${bytes} bytes, over Lambda's limit of ${LAMBDA_ENVIRONMENT_MAX_BYTES} bytes for all of a function's variables combined; the largest: ${largest
                .slice(0, 3)
                .map(([key, size]) => `${key} (${size} bytes)`)
                .join(", ")}`,
        );
}
