/**
 * A rule's case run a second time through the real analyzer (`run-policy-pack` serving the pack over
 * gRPC, shared by the whole run): only that policy enabled, as mandatory, with the case's config. The
 * server must report what the direct call reported: the same violations, or the same "can't run
 * during preview" note. Each rule's spec runs at least one of its cases this way
 * (test/policies/server.spec.ts holds them to it).
 */
import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { RecordedResource } from "../../tools/offline/engine";
import { evaluate, Finding } from "../../tools/offline/policyRunner";
import { check, checkStack, Outcome, ResourceOptions, StackResource, urnOf } from "./helpers";

const PROVIDER_URN = "urn:pulumi:test::iot-defender::pulumi:providers:aws::aws";

function record(type: string, name: string, props: Record<string, unknown>): RecordedResource {
    return {
        urn: urnOf({ type, name, props }),
        type,
        name,
        custom: true,
        inputs: props,
        state: props,
        id: `${name}-id`,
        secretInputs: [],
        dependencies: [],
        propertyDependencies: {},
    };
}

async function onServer(
    policy: ResourceValidationPolicy | StackValidationPolicy,
    records: RecordedResource[],
    config: Record<string, unknown> = {},
): Promise<Finding[]> {
    const result = await evaluate(records, {
        config: { all: "disabled", [policy.name]: { enforcementLevel: "mandatory", ...config } },
    });
    return result.findings.filter(f => f.policy === policy.name);
}

function assertSame(direct: Outcome, served: Finding[], withUrn: boolean): void {
    assert.strictEqual(
        served.some(f => f.unknown),
        direct.unknown !== undefined,
        `the server's "can't run during preview" note: ${JSON.stringify(served)}`,
    );
    assert.deepStrictEqual(
        served
            .filter(f => !f.unknown)
            .map(f => ({ message: f.message, ...(withUrn && f.urn ? { urn: f.urn } : {}) })),
        direct.violations.map(v => ({
            message: v.message,
            ...(withUrn && v.urn ? { urn: v.urn } : {}),
        })),
        "the server reports what the rule reports",
    );
}

/** `check`, then the same resource through the analyzer server: both must agree. */
export async function checkOnServer(
    policy: ResourceValidationPolicy,
    type: string,
    props: Record<string, unknown>,
    options: ResourceOptions = {},
): Promise<Outcome> {
    const direct = await check(policy, type, props, options);
    const name = options.name ?? "r";
    const records = [record(type, name, props)];
    if (options.providerProps) {
        records.unshift({
            ...record("pulumi:providers:aws", "aws", options.providerProps),
            urn: PROVIDER_URN,
        });
        records[1] = { ...records[1], provider: `${PROVIDER_URN}::aws-id` };
    }
    assertSame(direct, await onServer(policy, records, options.config), false);
    return direct;
}

/** `checkStack`, then the same resources through the analyzer server (`AnalyzeStack`): both must agree. */
export async function checkStackOnServer(
    policy: StackValidationPolicy,
    resources: StackResource[],
    config?: Record<string, unknown>,
): Promise<Outcome> {
    const direct = await checkStack(policy, resources, config);
    const records = resources.map(r => record(r.type, r.name, r.props));
    assertSame(direct, await onServer(policy, records, config), true);
    return direct;
}
