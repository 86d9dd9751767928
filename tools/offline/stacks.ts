/**
 * `npm run -s stacks`: every stack of the project (each `Pulumi.<stack>.yaml`) with the policy pack
 * config it is checked with, as one line of JSON: the CI workflow's matrix, so a new stack file is
 * previewed without editing the workflow.
 */
import { stackNames } from "../../components/config/stackFile";
import { stackPolicyConfig } from "./check";

export interface StackEntry {
    readonly stack: string;
    /** Relative to the project: the stack's own policy-config.<stack>.json, else the default. */
    readonly policyConfig: string;
}

export function stackEntries(root?: string): StackEntry[] {
    return stackNames(root).map(stack => ({ stack, policyConfig: stackPolicyConfig(stack, root) }));
}

if (require.main === module) console.log(JSON.stringify(stackEntries()));
