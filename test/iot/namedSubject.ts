/**
 * A named Device Defender resource type (custom metric, dimension, mitigation action) with its
 * fixtures, as the shared suite (test/iot/namedResourceSuite.ts) runs it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Tag } from "@aws-sdk/client-iot";

/** An SDK command class. */
export type Command = new (input: never) => { input: object };
type Tags = Tag[];
/** Inputs, state and answers as the subjects build them (each types its own). */
type Values = object;

/** One named resource type and its fixtures, as the shared suite runs it. */
export interface NamedSubject {
    /** "CustomMetric": the class, as the specs' titles call it. */
    title: string;
    /** "metric": what titles call one. */
    noun: string;
    /** "custom metric": what the provider's messages call it. */
    kind: string;
    /** Its Pulumi type token (`DYNAMIC_TYPES`). */
    type: string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    provider: pulumi.dynamic.ResourceProvider<any, any>;
    /** Registers one with `inputs`, as a program would. */
    register(): { arn: pulumi.Output<string> };
    commands: { create: Command; describe: Command; update: Command; delete: Command };
    name: string;
    arn: string;
    inputs: { region: string; tags?: Tags };
    /** Its state after a create with `inputs` (with a `__provider`), changed by `over`. */
    state(over?: Values): Values;
    withInputs(over: Values): Values;
    /** What Describe answers for it, changed by `over`. */
    described(over?: Values): Values;
    /** What Create and Update answer, and the identifiers that gives the outputs. */
    answer: Values;
    ids: Values;
    /** What Create sends for `inputs` (without its token), and whether it sends one. */
    created: Values;
    clientToken: boolean;
    /** What Delete sends, and the CLI command the refusals offer (without --region). */
    deleted: Values;
    cliDelete: string;
    /** Changes diff plans in place, and what the title calls them. */
    inPlace: { words: string; changes: Values[] };
    /** Changes diff plans as a replacement: [key, new value], and what the title calls them. */
    replacing: { words: string; changes: [string, unknown][] };
    /** An input change with an unknown value. */
    unknownChange: Values;
    /** A live definition other than the wanted one, and the fields the refusal names. */
    otherDefinition: { described: Values; fields: string };
    /** One in-place update: its title, its inputs, and what Update sends. */
    update: { title: string; news: Values; sent: Values };
    /** Drift a read finds: the live definition and tags, and the state it reads back. */
    drift: { described: Values; tags: Tags; props: Values };
    /** The message of a delete AWS refuses. */
    deleteRefusal: string;
    /** Inputs the check refuses, and the property it names (through the rebuilt provider). */
    badInput: { news: Values; property: string };
}
