/**
 * Calls policies the way the CrossGuard server does, without constructing a PolicyPack: props
 * wrapped in unknownCheckingProxy, `notApplicable` throwing a test-local error, validations awaited.
 */
import * as assert from "assert";
import {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
    unknownCheckingProxy,
    UnknownValueError,
} from "@pulumi/policy";
import { runtime } from "@pulumi/pulumi";
import { PolicyDescription, resolvePolicies } from "../../tools/offline/policyConfig";

/** What the engine sends for a value not known during preview. */
export const UNKNOWN = runtime.unknownValue;
export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/publisher`;

export class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}

export interface Outcome {
    violations: { message: string; urn?: string }[];
    notApplicable?: string;
    unknown?: UnknownValueError;
}

const OPTS = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
};

/** The policy's config as the CLI would hand it over: schema defaults plus the given values. */
function configFor(
    policy: ResourceValidationPolicy | StackValidationPolicy,
    config: Record<string, unknown> = {},
) {
    const [resolved] = resolvePolicies([policy as PolicyDescription], { [policy.name]: config });
    return resolved.config;
}

async function capture(outcome: Outcome, fn: () => unknown): Promise<Outcome> {
    try {
        await fn();
    } catch (e) {
        if (e instanceof NotApplicable) outcome.notApplicable = e.reason ?? "";
        else if (e instanceof UnknownValueError) outcome.unknown = e;
        else throw e;
    }
    return outcome;
}

export interface ResourceOptions {
    config?: Record<string, unknown>;
    providerProps?: Record<string, unknown>;
    name?: string;
}

export function resourceArgs(
    policy: ResourceValidationPolicy,
    type: string,
    props: Record<string, unknown>,
    options: ResourceOptions = {},
): ResourceValidationArgs {
    const p = unknownCheckingProxy(props);
    const name = options.name ?? "r";
    const config = configFor(policy, options.config);
    return {
        type,
        props: p,
        urn: `urn:pulumi:test::iot-defender::${type}::${name}`,
        name,
        opts: OPTS,
        stackTags: new Map(),
        provider: options.providerProps
            ? {
                  type: "pulumi:providers:aws",
                  name: "aws",
                  urn: "urn:pulumi:test::iot-defender::pulumi:providers:aws::aws",
                  props: unknownCheckingProxy(options.providerProps),
              }
            : undefined,
        isType: ((cls: { __pulumiType?: string }) =>
            cls.__pulumiType === type) as ResourceValidationArgs["isType"],
        asType: ((cls: { __pulumiType?: string }) =>
            cls.__pulumiType === type ? p : undefined) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => ({ ...config }) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** Runs a resource policy on one resource. */
export async function check(
    policy: ResourceValidationPolicy,
    type: string,
    props: Record<string, unknown>,
    options: ResourceOptions = {},
): Promise<Outcome> {
    const args = resourceArgs(policy, type, props, options);
    const outcome: Outcome = { violations: [] };
    const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource!];
    for (const v of validations)
        await capture(outcome, () =>
            v(args, (message, urn) => outcome.violations.push({ message, urn })),
        );
    return outcome;
}

export interface StackResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

export const urnOf = (r: StackResource) => `urn:pulumi:test::iot-defender::${r.type}::${r.name}`;

/** Runs a stack policy on resources (props wrapped like the server wraps outputs). */
export async function checkStack(
    policy: StackValidationPolicy,
    resources: StackResource[],
    config?: Record<string, unknown>,
): Promise<Outcome> {
    const cfg = configFor(policy, config);
    const prs: PolicyResource[] = resources.map(r => {
        const p = unknownCheckingProxy(r.props);
        return {
            type: r.type,
            name: r.name,
            urn: urnOf(r),
            props: p,
            opts: OPTS,
            dependencies: [],
            propertyDependencies: {},
            isType: ((cls: { __pulumiType?: string }) =>
                cls.__pulumiType === r.type) as PolicyResource["isType"],
            asType: ((cls: { __pulumiType?: string }) =>
                cls.__pulumiType === r.type ? p : undefined) as PolicyResource["asType"],
        };
    });
    const outcome: Outcome = { violations: [] };
    return capture(outcome, () =>
        policy.validateStack(
            {
                resources: prs,
                stackTags: new Map(),
                getConfig: <T extends object>() => ({ ...cfg }) as T,
                notApplicable: (reason?: string): never => {
                    throw new NotApplicable(reason);
                },
            },
            (message, urn) => outcome.violations.push({ message, urn }),
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// Assertions

export function assertPasses(o: Outcome): void {
    assert.deepStrictEqual(
        o.violations,
        [],
        `expected no violation, got ${JSON.stringify(o.violations)}`,
    );
    assert.strictEqual(
        o.notApplicable,
        undefined,
        `expected the policy to apply, but it was not applicable: ${o.notApplicable}`,
    );
    assert.strictEqual(
        o.unknown,
        undefined,
        `expected no unknown value, got ${o.unknown?.message}`,
    );
}

/** One violation at least, each fragment in one of them. */
export function assertFails(o: Outcome, ...fragments: string[]): void {
    assert.ok(
        o.violations.length > 0,
        `expected a violation (notApplicable: ${o.notApplicable}, unknown: ${o.unknown?.message})`,
    );
    for (const f of fragments) {
        assert.ok(
            o.violations.some(v => v.message.includes(f)),
            `no violation mentions ${JSON.stringify(f)}: ${JSON.stringify(o.violations.map(v => v.message))}`,
        );
    }
}

export function assertNotApplicable(o: Outcome): void {
    assert.deepStrictEqual(o.violations, []);
    assert.notStrictEqual(o.notApplicable, undefined, "expected the policy to call notApplicable");
}

/** The policy stopped on an unknown value (the server's advisory "can't run during preview"), reporting nothing. */
export function assertUnknownOnly(o: Outcome): void {
    assert.deepStrictEqual(
        o.violations,
        [],
        `false violation on an unknown value: ${JSON.stringify(o.violations)}`,
    );
    assert.ok(o.unknown instanceof UnknownValueError, "expected an UnknownValueError");
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export const trustPolicy = (condition = true) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "iot.amazonaws.com" },
                Action: "sts:AssumeRole",
                ...(condition
                    ? { Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }
                    : {}),
            },
        ],
    });

export const policyDoc = (...statements: Record<string, unknown>[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: statements });
