/**
 * The ARNs an alert goes through: the SNS topic and the role Device Defender assumes to publish to
 * it. One validator for each, read by the providers' input checks and by the policy pack; each
 * reader words the problem its own way.
 */
import { IAM_ROLE_ARN, SNS_TOPIC_ARN } from "../aws/arns";
import { ROLE_ARN_LENGTH, SNS_TOPIC_ARN_LENGTH } from "../aws/limits";

/** What is wrong with an ARN: absent or empty, not a string, too short or long, or not of its kind. */
export type ArnProblem = "missing" | "not-a-string" | "length" | "format";

/** An ARN's length limits (API model) and its shape. */
export interface ArnRule {
    readonly min: number;
    readonly max: number;
    readonly pattern: RegExp;
    /** What the ARN names, for messages: "an IAM role ARN". */
    readonly what: string;
    /** Its shape, for messages: "arn:<partition>:iam::<account>:role/<name>". */
    readonly shape: string;
}

export const ROLE_ARN: ArnRule = {
    ...ROLE_ARN_LENGTH,
    pattern: IAM_ROLE_ARN,
    what: "an IAM role ARN",
    shape: "arn:<partition>:iam::<account>:role/<name>",
};
export const TOPIC_ARN: ArnRule = {
    ...SNS_TOPIC_ARN_LENGTH,
    pattern: SNS_TOPIC_ARN,
    what: "an SNS topic ARN",
    shape: "arn:<partition>:sns:<region>:<account>:<topic>",
};

/** The problem with an ARN value under a rule, or undefined when it is fine. */
export function arnProblem(value: unknown, rule: ArnRule): ArnProblem | undefined {
    if (value === undefined || value === null || (typeof value === "string" && !value.trim()))
        return "missing";
    if (typeof value !== "string") return "not-a-string";
    if (value.length < rule.min || value.length > rule.max) return "length";
    return rule.pattern.test(value) ? undefined : "format";
}

/** The problem with a role ARN (a role Device Defender or a mitigation action assumes). */
export function roleArnProblem(value: unknown): ArnProblem | undefined {
    return arnProblem(value, ROLE_ARN);
}

/** An alert target's two ARNs, whatever its API calls them (alertTargetArn, targetArn). */
export interface AlertTargetArns {
    readonly topicArn?: unknown;
    readonly roleArn?: unknown;
}
export interface AlertTargetProblem {
    readonly field: keyof AlertTargetArns;
    readonly problem: ArnProblem;
    readonly rule: ArnRule;
}
const ALERT_TARGET_RULES: readonly [keyof AlertTargetArns, ArnRule][] = [
    ["topicArn", TOPIC_ARN],
    ["roleArn", ROLE_ARN],
];

/**
 * The problems of an alert target (a security profile's, or an audit notification's): its topic
 * and its role. Values for which `unknown` is true (not known until deployment) are not judged.
 */
export function alertTargetProblems(
    target: AlertTargetArns,
    unknown: (value: unknown) => boolean = () => false,
): AlertTargetProblem[] {
    return ALERT_TARGET_RULES.flatMap(([field, rule]) => {
        const value = target[field];
        const problem = unknown(value) ? undefined : arnProblem(value, rule);
        return problem ? [{ field, problem, rule }] : [];
    });
}
