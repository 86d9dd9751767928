/**
 * Provider checks of a mitigation action's parameter block: exactly one block, its fields against
 * the API model's enums and limits. Values unknown in preview are skipped.
 */
import { LIMITS, MITIGATION_ACTIONS, MITIGATION_LOG_LEVELS, NAME_RULES, TOPIC_ARN } from "../facts";
import { CheckFailure, checkArn, checkRoleArn, checkString } from "./inputChecks";
import { UNKNOWN, isObject } from "./inputs";
import { iotSdk } from "../aws/sdk";

function checkEnum(value: unknown, property: string, allowed: readonly string[]): CheckFailure[] {
    if (value === UNKNOWN || allowed.includes(value as string)) return [];
    return [
        {
            property,
            reason: `${property} must be one of ${allowed.join(", ")}; got ${JSON.stringify(value)}`,
        },
    ];
}

/** Checks the one parameter block against the API model. */
export function checkActionParams(params: unknown): CheckFailure[] {
    if (params === UNKNOWN) return [];
    const keys = Object.values(MITIGATION_ACTIONS).map(a => a.paramsKey);
    if (!isObject(params))
        return [
            {
                property: "actionParams",
                reason: `actionParams is required: exactly one of ${keys.join(", ")}`,
            },
        ];
    const present = Object.keys(params).filter(k => params[k] !== undefined);
    const failures: CheckFailure[] = [];
    const unknownKeys = present.filter(k => !keys.includes(k));
    if (unknownKeys.length > 0)
        failures.push({
            property: "actionParams",
            reason: `actionParams has unknown blocks ${unknownKeys.join(", ")}; use exactly one of ${keys.join(", ")}`,
        });
    if (present.length !== 1)
        failures.push({
            property: "actionParams",
            reason: `actionParams must hold exactly one block (one of ${keys.join(", ")}); got ${present.length}`,
        });
    for (const key of present.filter(k => keys.includes(k))) {
        const block = params[key];
        const at = `actionParams.${key}`;
        if (block === UNKNOWN) continue;
        if (!isObject(block)) {
            failures.push({ property: at, reason: `${at} must be an object` });
            continue;
        }
        switch (key) {
            case "updateDeviceCertificateParams":
                failures.push(
                    ...checkEnum(
                        block.action,
                        `${at}.action`,
                        Object.values(iotSdk().DeviceCertificateUpdateAction),
                    ),
                );
                break;
            case "updateCACertificateParams":
                failures.push(
                    ...checkEnum(
                        block.action,
                        `${at}.action`,
                        Object.values(iotSdk().CACertificateUpdateAction),
                    ),
                );
                break;
            case "replaceDefaultPolicyVersionParams":
                failures.push(
                    ...checkEnum(
                        block.templateName,
                        `${at}.templateName`,
                        Object.values(iotSdk().PolicyTemplateName),
                    ),
                );
                break;
            case "enableIoTLoggingParams":
                failures.push(...checkRoleArn(block.roleArnForLogging, `${at}.roleArnForLogging`));
                failures.push(
                    ...checkEnum(block.logLevel, `${at}.logLevel`, MITIGATION_LOG_LEVELS),
                );
                break;
            case "publishFindingToSnsParams":
                failures.push(...checkArn(block.topicArn, `${at}.topicArn`, TOPIC_ARN));
                break;
            case "addThingsToThingGroupParams": {
                const groups = block.thingGroupNames;
                const max = LIMITS.thingGroupsPerMitigationAction;
                if (groups !== UNKNOWN) {
                    if (!Array.isArray(groups) || groups.length < 1 || groups.length > max) {
                        failures.push({
                            property: `${at}.thingGroupNames`,
                            reason: `${at}.thingGroupNames must list 1 to ${max} thing groups; got ${JSON.stringify(groups)}`,
                        });
                    } else {
                        groups.forEach((g: unknown, i: number) =>
                            failures.push(
                                ...checkString(g, `${at}.thingGroupNames[${i}]`, {
                                    max: NAME_RULES.thingGroupName.max,
                                    pattern: NAME_RULES.thingGroupName.pattern,
                                }),
                            ),
                        );
                    }
                }
                const override = block.overrideDynamicGroups;
                if (
                    override !== undefined &&
                    override !== UNKNOWN &&
                    typeof override !== "boolean"
                ) {
                    failures.push({
                        property: `${at}.overrideDynamicGroups`,
                        reason: `${at}.overrideDynamicGroups must be true or false`,
                    });
                }
                break;
            }
        }
    }
    return failures;
}
