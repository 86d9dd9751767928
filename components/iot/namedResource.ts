/**
 * The provider shell of a named Device Defender resource (custom metric, dimension, mitigation
 * action): one resource per name in the account, read by Describe, created (or adopted when
 * provably the stack's own), updated in place where the API allows, tagged and deleted by name.
 * Each resource type gives what differs (its commands, fields and checks) as a `NamedResourceType`.
 *
 * Providers are serialized by Pulumi with everything they reference: the shell holds only plain
 * functions over the type it is given, and builds its clients inside the methods.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { IoTClient, Tag } from "@aws-sdk/client-iot";
import { CheckFailure, checkRegionAndName, checkTags } from "./inputChecks";
import { DiffResult, changedKeys, cleanInputs, diffKeys } from "./inputs";
import { IotTag, comparableTags, listTags, syncTags } from "./tags";
import { createOrAdopt } from "./ownership";
import { callAws, iotClient, unlessNotFound } from "../aws/calls";
import { configureAws } from "../aws/session";
import { detectWrite } from "./detectAccess";

/** The inputs every named resource has: its region and tags (its name is under `nameKey`). */
export interface NamedInputs {
    region: string;
    tags?: Tag[];
}

/** The AWS identifiers a resource's outputs carry besides its inputs: its ARN, and any other. */
export type Ids = { arn: string } & Record<string, string>;

/**
 * What one named resource type gives the shell. `Live` is its Describe answer and `Answer` what
 * its Create, Update and Describe answers share (the fields that `ids` reads).
 */
export interface NamedResourceType<
    I extends NamedInputs,
    Live extends Answer,
    Answer,
    T extends Ids,
> {
    /** "custom metric": what messages call it, before its name. */
    kind: string;
    /** The input (and Describe field) that holds its name, which is also its id. */
    nameKey: keyof I & string;
    /** The API's rule for the name. */
    nameRule: { pattern: RegExp; allowed: string };
    /** The definition fields besides region, name and tags, in the order diffs list them. */
    fields: readonly (keyof I & string)[];
    /** Fields AWS cannot change in place: a change replaces the resource. */
    replaceFields: readonly (keyof I & string)[];
    /** A field's normal form for comparison, where two values can mean the same. */
    normalForm?: Partial<Record<keyof I & string, (value: unknown) => unknown>>;
    /** Check failures of the definition fields (region, name and tags are checked by the shell). */
    checkFields(inputs: Record<string, unknown>): CheckFailure[];
    /** The AWS CLI command that deletes one, before its name, e.g. `delete-dimension --name`. */
    cliDelete: string;
    /** True for Detect writes, whose create tells an account closed to Detect what to do. */
    detect: boolean;
    /** The identifiers the outputs carry besides the inputs: `arn`, and any other. */
    idKeys: readonly (keyof T & string)[];
    /** The identifiers an answer carries, under their output names (`idKeys`). */
    ids(answer: Answer): T;
    /** The definition fields of a live resource, as inputs (`props` is the state read from). */
    liveFields(live: Live, props: Partial<I> | undefined): Partial<I>;
    describeCall(client: IoTClient, name: string): Promise<Live>;
    createCall(client: IoTClient, inputs: I, clientRequestToken: string): Promise<Answer>;
    /** Updates the in-place `changed` fields (never empty). */
    updateCall(client: IoTClient, inputs: I, changed: readonly string[]): Promise<Answer>;
    deleteCall(client: IoTClient, name: string): Promise<unknown>;
}

/** The dynamic provider of one named resource type: one provider object per type. */
export function namedResourceProvider<
    I extends NamedInputs,
    Live extends Answer,
    Answer,
    T extends Ids,
>(type: NamedResourceType<I, Live, Answer, T>): pulumi.dynamic.ResourceProvider<I, I & T> {
    const { kind, nameKey, fields } = type;
    const what = (name: string) => `${kind} ${name}`;
    const nameOf = (inputs: Partial<I>) => inputs[nameKey] as unknown as string;
    const keys = ["region", nameKey, ...fields, "tags"];
    const replaceKeys = ["region", nameKey, ...type.replaceFields];
    const inPlace = fields.filter(k => !type.replaceFields.includes(k));

    /** Region, name, definition fields in their normal form, and tags without order. */
    const comparable = (inputs: Partial<I>): Record<string, unknown> => {
        const values = inputs as Record<string, unknown>;
        const definition = fields.map(k => [k, (type.normalForm?.[k] ?? same)(values[k])]);
        return {
            region: inputs.region,
            [nameKey]: values[nameKey],
            ...Object.fromEntries(definition),
            tags: comparableTags(inputs.tags),
        };
    };
    const describeLive = (client: IoTClient, name: string): Promise<Live> =>
        callAws(`Describe ${what(name)}`, () => type.describeCall(client, name));

    return {
        configure: configureAws,

        check: async (_olds: I, news: I) => {
            const n = news as unknown as Record<string, unknown>;
            const failures: CheckFailure[] = [
                ...checkRegionAndName(n, nameKey, type.nameRule),
                ...type.checkFields(n),
                ...checkTags(n.tags),
            ];
            return { inputs: news, failures };
        },

        diff: async (_id: string, olds: I & T, news: I): Promise<DiffResult> =>
            diffKeys(comparable(olds), comparable(news), keys, replaceKeys),

        create: async (inputs: I) => {
            const ins = cleanInputs(inputs);
            const name = nameOf(ins);
            const client = iotClient(ins.region);
            const ids = await createOrAdopt(client, {
                what: what(name),
                region: ins.region,
                tags: ins.tags as IotTag[] | undefined,
                deleteCommand: `aws iot ${type.cliDelete} ${name}`,
                create: async clientRequestToken => {
                    const call = () =>
                        callAws(`Create ${what(name)}`, () =>
                            type.createCall(client, ins, clientRequestToken),
                        );
                    return type.ids(await (type.detect ? detectWrite(call) : call()));
                },
                existing: async () => {
                    const live = await describeLive(client, name);
                    const differs = changedKeys(
                        comparable(live as Partial<I>),
                        comparable(ins),
                        fields,
                    );
                    return { ...type.ids(live), differs };
                },
            });
            return { id: name, outs: cleanInputs({ ...ins, ...ids }) };
        },

        read: async (id: string, props?: I & T) => {
            const region = props?.region as string;
            const name = (props?.[nameKey] as string | undefined) ?? id;
            const client = iotClient(region);
            const live = await unlessNotFound(() => describeLive(client, name));
            if (!live) return {};
            const ids = type.ids(live);
            // Same name, other ids (an action's actionId): one made since this one was deleted, so
            // this one is gone, and the other is not read into the stack as its own.
            const stored = props as Record<string, unknown> | undefined;
            if (type.idKeys.some(k => k !== "arn" && stored?.[k] && stored[k] !== ids[k]))
                return {};
            const tags = await listTags(
                client,
                ids.arn,
                what(name),
                props?.tags as IotTag[] | undefined,
            );
            const outs = cleanInputs({
                region,
                [nameKey]: (live as Record<string, unknown>)[nameKey] ?? name,
                ...type.liveFields(live, props),
                tags: tags.length > 0 || props?.tags ? (tags as Tag[]) : undefined,
                ...ids,
            }) as I & T;
            return { id: name, props: outs };
        },

        update: async (_id: string, olds: I & T, news: I) => {
            const ins = cleanInputs(news);
            const name = nameOf(ins);
            const client = iotClient(ins.region);
            const previous = olds as Record<string, unknown>;
            let ids = Object.fromEntries(type.idKeys.map(k => [k, previous[k]])) as T;
            const changed = changedKeys(comparable(olds), comparable(ins), inPlace);
            if (changed.length > 0) {
                const answer = await callAws(`Update ${what(name)}`, () =>
                    type.updateCall(client, ins, changed),
                );
                ids = Object.fromEntries(
                    Object.entries(type.ids(answer)).map(([k, v]) => [k, v ?? ids[k]]),
                ) as T;
            }
            // No call when the tags are unchanged.
            await syncTags(
                client,
                ids.arn,
                olds.tags as IotTag[] | undefined,
                ins.tags as IotTag[] | undefined,
                what(name),
            );
            return { outs: cleanInputs({ ...ins, ...ids }) };
        },

        delete: async (_id: string, props: I & T): Promise<void> => {
            const client = iotClient(props.region);
            const name = nameOf(props);
            await unlessNotFound(() =>
                callAws(`Delete ${what(name)}`, () => type.deleteCall(client, name)),
            );
        },
    };
}

/** Values compared as they are. */
function same(value: unknown): unknown {
    return value;
}
