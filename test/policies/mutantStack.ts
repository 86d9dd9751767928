/** A built stack's records as the mutants change them, and what a mutant is. */
import * as assert from "assert";
import { AWS } from "../../policies/rules/common";
import { UNKNOWN_SENTINEL } from "../../tools/offline/policyRunner";
import { RecordedResource } from "../harness";

/** A policy statement or a resource's properties, as JSON. */
export type Stmt = Record<string, unknown>;

export const OTHER_ACCOUNT = "999999999999";
/** A built stack's records, copied so that a mutant changes only its own copy. */
export class Stack {
    readonly records: RecordedResource[];
    constructor(records: readonly RecordedResource[]) {
        this.records = JSON.parse(JSON.stringify(records));
    }
    /** The one resource of a type whose name ends with `suffix`. */
    one(type: string, suffix: string): RecordedResource {
        const found = this.records.filter(r => r.type === type && r.name.endsWith(suffix));
        assert.strictEqual(found.length, 1, `one ${type} named *${suffix}`);
        return found[0];
    }
    /** Sets a property as the program would have registered it (inputs) and as deployed (state). */
    set(r: RecordedResource, key: string, value: unknown): void {
        if (value === undefined) {
            delete r.inputs[key];
            delete r.state[key];
        } else {
            r.inputs[key] = value;
            r.state[key] = value;
        }
    }
    /** Edits a policy document, held as the program passes it (an object, or JSON text for string-only inputs). */
    editDoc(r: RecordedResource, key: string, edit: (doc: { Statement: Stmt[] }) => void): void {
        const text = typeof r.state[key] === "string";
        const doc = text ? JSON.parse(r.state[key]) : r.state[key];
        edit(doc);
        this.set(r, key, text ? JSON.stringify(doc) : doc);
    }
    /**
     * The ARN of `target` as `owner.props[key]` would hold it: deployed, its ARN; in preview, the
     * unknown value, with `target` among the property's dependencies, as the engine records it.
     */
    ref(owner: RecordedResource, key: string, target: RecordedResource): string {
        if (target.state.arn !== undefined) return target.state.arn;
        const deps = ((owner.propertyDependencies as Record<string, string[]>)[key] ??= []);
        if (!deps.includes(target.urn)) deps.push(target.urn);
        return UNKNOWN_SENTINEL;
    }
    /** Adds a resource beside a sibling, as one more of the program's. */
    add(sibling: RecordedResource, type: string, name: string, props: Stmt): void {
        this.records.push({
            ...sibling,
            urn: `${sibling.urn.split("::").slice(0, 2).join("::")}::${type}::${name}`,
            type,
            name,
            inputs: { ...props },
            state: { ...props },
            dependencies: [],
            propertyDependencies: {},
        });
    }
    get publisher() {
        return this.one(AWS.Role, "alerting-publisher");
    }
    get publisherPolicy() {
        return this.one(AWS.RolePolicy, "alerting-publisher-policy");
    }
    get topic() {
        return this.one(AWS.Topic, "alerting-topic");
    }
    get topicPolicy() {
        return this.one(AWS.TopicPolicy, "alerting-topic-policy");
    }
    get responderRole() {
        return this.one(AWS.Role, "remediation-responder-role");
    }
    get responderPolicy() {
        return this.one(AWS.RolePolicy, "remediation-responder-policy");
    }
}

export interface Mutant {
    readonly what: string;
    readonly mutate: (s: Stack) => void;
    /** The policy that must reject it and a fragment of its message; none for a harmless change. */
    readonly rejectedBy?: { policy: string; says: string };
}
