/** verify: the security profiles, their behaviors, alert targets and attachments. */
import {
    DescribeSecurityProfileCommand,
    DescribeSecurityProfileResponse,
    ListTargetsForSecurityProfileCommand,
    SecurityProfileTarget,
} from "@aws-sdk/client-iot";
import { ALERT_TARGET_TYPE } from "../../../components/facts";
import { DetectTarget, SecurityProfileSpec, targetArn } from "../../../components/inventory";
import { names } from "../../../components/inventory/names";
import { allPages, request, requestIfExists } from "../aws";
import { notOurRole, notOurTopic } from "../stack";
import { Verifier, setProblem } from "./verifier";

export async function verifyProfiles(v: Verifier): Promise<void> {
    const s = v.settings;
    if (!s.detect.enabled) {
        v.skip("security profiles", "detect.enabled is false (audit-only stack)");
        return;
    }
    if (!s.detect.rules.enabled)
        v.skip(`profile ${names.ruleProfile(s)}`, "detect.rules.enabled is false");
    if (!s.detect.ml.enabled) v.skip(`profile ${names.mlProfile(s)}`, "detect.ml.enabled is false");
    const expected = v.inventory.securityProfiles;
    for (const p of expected)
        if (!v.names.securityProfiles.includes(p.name)) v.notDeployed(`profile ${p.name} exists`);
    for (const name of v.names.securityProfiles) {
        const spec = expected.find(p => p.name === name);
        await v.guarded(`profile ${name} exists`, async () => {
            const profile = await requestIfExists(v.ctx, "iot:DescribeSecurityProfile", () =>
                v.ctx.iot.send(new DescribeSecurityProfileCommand({ securityProfileName: name })),
            );
            if (!profile) {
                v.fail(
                    `profile ${name} exists`,
                    `no security profile named ${name} in ${v.ctx.region}`,
                );
                return;
            }
            v.pass(`profile ${name} exists`);
            if (!spec)
                v.skip(`profile ${name} behaviors`, v.notInSettings("a profile", "behaviors are"));
            else
                v.judge(
                    `profile ${name} behaviors`,
                    spec.kind === "rules"
                        ? ruleBehaviorProblem(spec, profile)
                        : mlBehaviorProblem(spec, profile),
                );
            const alert = profile.alertTargets?.[ALERT_TARGET_TYPE];
            v.judge(
                `profile ${name} alerts to SNS`,
                notOurTopic(alert?.alertTargetArn, v.target) ??
                    notOurRole(alert?.roleArn, v.target),
            );
            await v.guarded(`profile ${name} attached to its targets`, () =>
                attachments(
                    v,
                    name,
                    profile,
                    // A profile the settings no longer name (renamed since deployed): the stack's targets.
                    spec?.targets ?? v.inventory.detect.deviceDefender?.targets ?? [],
                ),
            );
        });
    }
}

function ruleBehaviorProblem(
    spec: SecurityProfileSpec,
    profile: DescribeSecurityProfileResponse,
): string | undefined {
    const actual = (profile.behaviors ?? []).map(b => b.name ?? "");
    const expected = spec.definition.behaviors.map(b => b.name);
    return setProblem("behaviors", expected, actual);
}

function mlBehaviorProblem(
    spec: SecurityProfileSpec,
    profile: DescribeSecurityProfileResponse,
): string | undefined {
    const ml = (profile.behaviors ?? []).filter(b => b.criteria?.mlDetectionConfig);
    const metrics = spec.definition.ml?.metrics ?? [];
    const missing = metrics.filter(m => !ml.some(b => b.metric === m));
    return missing.length > 0
        ? `no ML Detect behavior (criteria.mlDetectionConfig) for ${missing.join(", ")}`
        : undefined;
}

/** The profile's attachments against its own targets (none known: a profile not in the settings). */
async function attachments(
    v: Verifier,
    name: string,
    profile: DescribeSecurityProfileResponse,
    wanted: readonly DetectTarget[],
): Promise<void> {
    const what = `profile ${name} attached to its targets`;
    const arn = profile.securityProfileArn?.split(":") ?? [];
    const [partition, account] = [arn[1], arn[4]];
    if (!partition || !account) {
        v.fail(
            what,
            `cannot tell the account from the profile ARN ${JSON.stringify(profile.securityProfileArn)}`,
        );
        return;
    }
    const expected = wanted.map(t => targetArn(t, partition, v.ctx.region, account));
    const targets = await allPages<SecurityProfileTarget>(async nextToken => {
        const page = await request(v.ctx, "iot:ListTargetsForSecurityProfile", () =>
            v.ctx.iot.send(
                new ListTargetsForSecurityProfileCommand({
                    securityProfileName: name,
                    nextToken,
                    maxResults: 250,
                }),
            ),
        );
        return { items: page.securityProfileTargets, next: page.nextToken };
    });
    const actual = targets.map(x => x.arn ?? "");
    const missing = expected.filter(e => !actual.includes(e));
    const extra = actual.filter(a => !expected.includes(a));
    v.judge(
        what,
        missing.length > 0
            ? `not attached to ${missing.join(", ")}` +
                  (actual.length ? `; attached to ${actual.join(", ")}` : "; attached to nothing")
            : undefined,
        extra.length > 0 ? `also attached to ${extra.join(", ")}` : undefined,
    );
}
