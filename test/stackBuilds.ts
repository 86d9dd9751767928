/**
 * Dev (on the Device Defender engine) and prod built offline once, for every spec that reads the
 * stack, and what those specs look up in them.
 */
import { SecurityProfile } from "../components/iot/securityProfile";
import { buildOffline, documentOf, Json, onDeviceDefender, RecordedResource } from "./harness";
import type { OfflineBuild } from "../tools/offline/build";

export const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const ROLE = "aws:iam/role:Role";
export const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const TOPIC = "aws:sns/topic:Topic";
export const PROFILE = SecurityProfile.__pulumiType;

export const policyOf = (r: RecordedResource) => documentOf(r.inputs.policy);
export const statements = (doc: { Statement: Json[] }) => doc.Statement;
export const asList = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

let builds: Promise<Record<string, OfflineBuild>> | undefined;

/** The two stacks, built on first use. */
export function builtStacks(): Promise<Record<string, OfflineBuild>> {
    builds ??= (async () => ({
        dev: await buildOffline("dev", { edit: onDeviceDefender }),
        prod: await buildOffline("prod"),
    }))();
    return builds;
}
