/** Read a security profile back from AWS, keeping the state's own form where AWS means the same. */
import type { AlertTarget, DescribeSecurityProfileResponse, Tag } from "@aws-sdk/client-iot";
import { IotTag, listTags } from "../tags";
import { cleanInputs } from "../inputs";
import { iotClient, unlessNotFound } from "../../aws/calls";
import { describeProfile, describeWhat, listTargets } from "./calls";
import { isEmpty, sameBehaviors } from "./comparable";
import { SecurityProfileOutputs } from "./types";

/** Live value, or the state's own empty value when AWS has nothing (so `[]` does not drift to absent). */
function live<T>(value: T | undefined, prior: T | undefined): T | undefined {
    return isEmpty(value) ? (isEmpty(prior) ? prior : undefined) : value;
}

export async function read(id: string, props?: SecurityProfileOutputs) {
    const region = props?.region as string;
    const name = props?.securityProfileName ?? id;
    const what = describeWhat(name);
    const client = iotClient(region);
    const profile: DescribeSecurityProfileResponse | undefined = await unlessNotFound(() =>
        describeProfile(client, name),
    );
    if (!profile) return {};
    const arn = profile.securityProfileArn!;
    const order = props?.targets ?? [];
    const targets = (await listTargets(client, name)).sort(
        (a, b) => rank(order, a) - rank(order, b),
    );
    const tags = await listTags(client, arn, what, props?.tags as IotTag[] | undefined);
    const outs: SecurityProfileOutputs = cleanInputs({
        region,
        securityProfileName: profile.securityProfileName ?? name,
        securityProfileDescription: live(
            profile.securityProfileDescription,
            props?.securityProfileDescription,
        ),
        behaviors: sameBehaviors(profile.behaviors, props?.behaviors)
            ? props?.behaviors
            : live(profile.behaviors, props?.behaviors),
        alertTargets: live(
            profile.alertTargets as Record<string, AlertTarget> | undefined,
            props?.alertTargets,
        ),
        additionalMetricsToRetainV2: live(
            profile.additionalMetricsToRetainV2,
            props?.additionalMetricsToRetainV2,
        ),
        metricsExportConfig: live(profile.metricsExportConfig, props?.metricsExportConfig),
        tags: live(tags as Tag[], props?.tags),
        targets: live(targets, props?.targets),
        arn,
        version: profile.version!,
    });
    return { id: name, props: outs };
}

function rank(order: readonly string[], value: string): number {
    const i = order.indexOf(value);
    return i < 0 ? order.length : i;
}
