/**
 * What the lifecycle changes in a stack, per Detect engine: the config edits (runtime strings, as
 * the stack file holds them), the account-wide settings the account had before the stack (adopted,
 * and put back on destroy), the one setting whose change costs one write, and the change made
 * outside the stack that refresh must see.
 */
import * as assert from "assert";
import { DetectEngine } from "../../components/config/logsEngine";
import { DYNAMIC_TYPES } from "../../components/facts";
import { TEST_ACCOUNT_ID } from "../../tools/offline/engine";
import { FakeIotAccount } from "../fakes/iotAccount";
import { editJson, Json } from "../harness";

export type Edit = (values: Record<string, string>) => void;

export const PRIOR_AUDIT_ROLE = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/audit-role-before-the-stack`;
const PRIOR_LOGGING = {
    roleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/logging-role-before-the-stack`,
    defaultLogLevel: "WARN",
    disableAllLogs: false,
};
const EXTRA_GROUP = "lifecycle-extra-group";

const adoptAudit: Edit = v =>
    editJson(v, "audit", a => {
        a.adoptExisting = true;
    });
export const withThreshold: Edit = v =>
    editJson(v, "detect", (d: Json) => {
        const behavior = d.rules.behaviors.find((b: Json) => typeof b.threshold === "number");
        behavior.threshold += 1;
    });
export const withExtraGroup: Edit = v =>
    editJson(v, "detect", (d: Json) => {
        d.targets.thingGroups = [...(d.targets.thingGroups ?? []), EXTRA_GROUP];
    });

interface EngineSteps {
    /** The config edit that adopts the account-wide settings the engine owns. */
    readonly adopt: Edit;
    /** Puts the engine's account-wide settings in the account, as they were before the stack. */
    prior(account: FakeIotAccount): void;
    /** Asserts destroy put them back. */
    restored(account: FakeIotAccount): void;
    /** One setting of the stack changed: one update, one write. */
    readonly change: { what: string; edit: Edit; write: string };
    /** Whether the engine attaches to targets in IoT (security profiles do; log rules read every thing). */
    readonly targets: boolean;
    /** A change made outside the stack, on the resource of `type`, and the write that puts it back. */
    readonly drift: {
        what: string;
        type: string;
        make(account: FakeIotAccount): void;
        write: string;
    };
}

export const ENGINE_STEPS: Record<DetectEngine, EngineSteps> = {
    "device-defender": {
        adopt: adoptAudit,
        prior: () => undefined,
        restored: () => undefined,
        change: {
            what: "a changed threshold",
            edit: withThreshold,
            write: "UpdateSecurityProfile",
        },
        targets: true,
        drift: {
            what: "a profile's behaviour",
            type: DYNAMIC_TYPES.SecurityProfile,
            make: account => {
                const [, profile] = [...account.profiles.entries()][0];
                const behaviors = profile.def.behaviors as Json[];
                const changed = behaviors.find(b => b.criteria?.value?.count !== undefined);
                changed.criteria.value.count += 1000;
            },
            write: "UpdateSecurityProfile",
        },
    },
    logs: {
        adopt: v => {
            adoptAudit(v);
            editJson(v, "detect", (d: Json) => {
                d.logs = { ...d.logs, adoptExisting: true };
            });
        },
        prior: account => {
            account.logging = { ...PRIOR_LOGGING };
        },
        restored: account => assert.deepStrictEqual(account.logging, PRIOR_LOGGING),
        change: {
            what: "a changed log level",
            edit: v =>
                editJson(v, "detect", (d: Json) => {
                    d.logs = { ...d.logs, logLevel: "DEBUG" };
                }),
            write: "SetV2LoggingOptions",
        },
        targets: false,
        drift: {
            what: "the IoT log level",
            type: DYNAMIC_TYPES.V2LoggingOptions,
            make: account => {
                account.logging = { ...account.logging, defaultLogLevel: "ERROR" };
            },
            write: "SetV2LoggingOptions",
        },
    },
};
