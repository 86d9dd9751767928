/**
 * Rules on the stack's security profiles as a set and on what they export: no target carries more
 * profiles than AWS attaches (AttachSecurityProfile; GR-quotas, not adjustable), and the role a
 * profile exports its metrics with is the stack's, assumable by IoT, and allowed iot:Publish on that
 * profile's topic and nothing else (the confused-deputy condition of IoT-trusted roles is
 * iot-trust-confused-deputy's).
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { DYNAMIC_TYPES, iotTopicArn, LIMITS, SERVICE_PRINCIPAL } from "../../components/facts";
import { accountOf } from "./access";
import { findRole, roleDocuments } from "./stackResources";
import {
    actionsOf,
    asArray,
    coversAction,
    coversResource,
    isAllow,
    nonEmptyString,
    ofType,
    Report,
    resourcesOf,
    statements,
    trustsService,
    Unknowns,
} from "./common";

const PUBLISH = "iot:Publish";

export const profilesPerTarget: StackValidationPolicy = {
    name: "iot-security-profiles-per-target",
    description: `No target (a thing group, or all things of a kind) has more than ${LIMITS.profilesPerTarget} of the stack's security profiles: AWS attaches at most ${LIMITS.profilesPerTarget} to one target, so the next AttachSecurityProfile fails mid-deployment.`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const unknowns = new Unknowns();
        const profiles = ofType(args.resources, DYNAMIC_TYPES.SecurityProfile);
        if (profiles.length === 0) args.notApplicable("no security profiles in the stack");
        const onTarget = new Map<string, string[]>();
        for (const p of profiles)
            for (const t of asArray(unknowns.get(() => p.props.targets)))
                if (nonEmptyString(t)) onTarget.set(t, [...(onTarget.get(t) ?? []), p.name]);
        for (const [target, names] of onTarget)
            if (names.length > LIMITS.profilesPerTarget)
                report(
                    `${target} has ${names.length} security profiles (${names.join(", ")}); AWS attaches at most ${LIMITS.profilesPerTarget} to one target`,
                );
        unknowns.rethrow();
    },
};

/** The role of one profile's metrics export: the stack's, trusted by IoT, iot:Publish on its topic only. */
function checkExportRole(
    profile: PolicyResource,
    resources: readonly PolicyResource[],
    report: Report,
): void {
    const unknowns = new Unknowns();
    const config = unknowns.get(() => profile.props.metricsExportConfig);
    const topic = unknowns.get(() => config?.mqttTopic);
    const roleArn = unknowns.get(() => config?.roleArn);
    const region = unknowns.get(() => profile.props.region);
    if (!config) return unknowns.rethrow();
    const what = `security profile ${profile.name} exports metrics to ${topic}`;
    if (![topic, roleArn, region].every(nonEmptyString)) return unknowns.rethrow();
    const role = findRole(resources, roleArn, unknowns);
    if (!role)
        return unknowns.violation(
            report,
            `${what} with role ${roleArn}, which is not an IAM role of this stack: its trust and permissions cannot be checked`,
            profile.urn,
        );
    const trust = unknowns.get(() => statements(role.props.assumeRolePolicy)) ?? [];
    if (!trust.some(s => trustsService(s, SERVICE_PRINCIPAL)))
        unknowns.violation(
            report,
            `${what}: role ${role.name} cannot be assumed by ${SERVICE_PRINCIPAL}`,
            role.urn,
        );
    const partition = roleArn.split(":")[1];
    const topicArn = iotTopicArn(partition, region, accountOf(roleArn) ?? "", topic);
    const allows = roleDocuments(role, resources, unknowns)
        .flatMap(d => unknowns.get(() => statements(d)) ?? [])
        .filter(isAllow);
    const broader = allows.flatMap(s => [
        ...(s.NotAction !== undefined || s.NotResource !== undefined
            ? ["a NotAction or NotResource statement"]
            : []),
        ...actionsOf(s)
            .filter(a => a.toLowerCase() !== PUBLISH.toLowerCase())
            .map(a => `action ${a}`),
        ...resourcesOf(s)
            .filter(r => r !== topicArn)
            .map(r => `resource ${r}`),
    ]);
    if (broader.length > 0)
        unknowns.violation(
            report,
            `${what}: role ${role.name} allows more than ${PUBLISH} on ${topicArn}: ${[...new Set(broader)].join(", ")}`,
            role.urn,
        );
    if (!allows.some(s => coversAction(s, PUBLISH) && coversResource(s, topicArn)))
        unknowns.violation(
            report,
            `${what}: role ${role.name} is not allowed ${PUBLISH} on ${topicArn}, so Device Defender cannot export`,
            role.urn,
        );
    unknowns.rethrow();
}

export const metricsExportRoleScoped: StackValidationPolicy = {
    name: "iot-metrics-export-role-scoped",
    description: `The role a security profile exports its metrics with (metricsExportConfig.roleArn) is a role of this stack, assumable by ${SERVICE_PRINCIPAL}, whose policies allow ${PUBLISH} on that profile's topic (arn:<partition>:iot:<region>:<account>:topic/<mqttTopic>) and nothing else.`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const unknowns = new Unknowns();
        const exporting = ofType(args.resources, DYNAMIC_TYPES.SecurityProfile).filter(
            p => unknowns.get(() => p.props.metricsExportConfig) !== undefined,
        );
        if (exporting.length === 0 && !unknowns.any)
            args.notApplicable("no security profile exports metrics");
        for (const p of exporting) unknowns.run(() => checkExportRole(p, args.resources, report));
        unknowns.rethrow();
    },
};

export const profilePolicies = [profilesPerTarget, metricsExportRoleScoped];
