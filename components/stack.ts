/**
 * Builds the whole stack from validated settings: the one function index.ts, the offline tools
 * and the tests call.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Settings } from "./config/load";
import { stackTags } from "./tags";

/** What the stack exports. */
export interface StackOutputs {
    readonly region: pulumi.Input<string>;
    readonly environment: pulumi.Input<string>;
    [name: string]: pulumi.Input<unknown>;
}

export function buildStack(settings: Settings): StackOutputs {
    // One explicit provider: the stack's region and default tags on every AWS resource.
    new aws.Provider(`${settings.namePrefix}-${settings.environment}`, {
        region: settings.region as aws.Region,
        defaultTags: { tags: stackTags(settings) },
    });
    return { region: settings.region, environment: settings.environment };
}
