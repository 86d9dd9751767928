/**
 * What the IoT fake holds (profiles, audits, actions, metrics, dimensions) and the errors it
 * answers with, as AWS shapes them.
 */
import {
    Behavior,
    InvalidRequestException,
    MetricToRetain,
    MitigationActionParams,
    ResourceNotFoundException,
} from "@aws-sdk/client-iot";
import { MITIGATION_ACTIONS } from "../../../components/facts";

export const meta = { $metadata: { httpStatusCode: 400 } };
export const notFound = (what: string) =>
    new ResourceNotFoundException({
        message: `${what} does not exist`,
        $metadata: { httpStatusCode: 404 },
    });
export const invalid = (message: string) => new InvalidRequestException({ message, ...meta });

export interface Profile {
    def: Record<string, unknown>;
    version: number;
    arn: string;
    targets: Set<string>;
    created: Date;
}
export interface Audit {
    frequency: string;
    dayOfWeek?: string;
    dayOfMonth?: string;
    targetCheckNames: string[];
    arn: string;
}
export interface Action {
    actionType: string;
    roleArn: string;
    actionParams: MitigationActionParams;
    arn: string;
    actionId: string;
    created: Date;
    modified: Date;
}
export interface Metric {
    metricType: string;
    displayName?: string;
    arn: string;
    created: Date;
    modified: Date;
}
export interface Dimension {
    type: string;
    stringValues: string[];
    arn: string;
    created: Date;
    modified: Date;
}

/** The action type of a parameter block (exactly one block, as the API requires). */
export function actionTypeOf(params: MitigationActionParams | undefined): string {
    const present = Object.entries(params ?? {})
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k);
    const type = Object.entries(MITIGATION_ACTIONS).find(
        ([, a]) => present.length === 1 && a.paramsKey === present[0],
    );
    if (!type)
        throw invalid(
            `actionParams must hold exactly one parameter block; got ${present.join(", ") || "none"}`,
        );
    return type[0];
}

/** Custom metrics (not `aws:`) and dimensions a profile definition refers to. */
export function referencesOf(def: {
    behaviors?: Behavior[];
    additionalMetricsToRetainV2?: MetricToRetain[];
}): { metrics: string[]; dimensions: string[] } {
    const uses = [
        ...(def.behaviors ?? []).map(b => ({
            metric: b.metric,
            dimension: b.metricDimension?.dimensionName,
        })),
        ...(def.additionalMetricsToRetainV2 ?? []).map(m => ({
            metric: m.metric,
            dimension: m.metricDimension?.dimensionName,
        })),
    ];
    return {
        metrics: uses.map(u => u.metric).filter((m): m is string => !!m && !m.startsWith("aws:")),
        dimensions: uses.map(u => u.dimension).filter((d): d is string => !!d),
    };
}

/** Installs the fake's answer to one command (FakeIotAccount's `install`). */
export type On = <C extends new (...args: any[]) => { input: object }>(
    command: C,
    fake: (input: NonNullable<InstanceType<C>["input"]>) => object,
) => void;
