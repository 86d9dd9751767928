/**
 * The account audit provider: one owner for the Device Defender audit settings of an account and
 * region, the account audit configuration and the stack's scheduled audits. It knows its
 * scheduled audits from its own state; see create, read, update and delete for each step.
 */
import type * as pulumi from "@pulumi/pulumi";
import { configureAws } from "../../aws/session";
import { checkRoleArn, checkTags } from "../inputChecks";
import { cleanInputs, diffKeys } from "../inputs";
import { create } from "./create";
import { remove } from "./delete";
import { checkAccount, checkAdoptExisting, checkChecks, checkTargets } from "./inputs";
import { comparableChecks, comparableSchedules, comparableTags } from "./mapping";
import { read } from "./read";
import { checkSchedules } from "./scheduleInputs";
import {
    AccountAuditInputs,
    AccountAuditOutputs,
    INPUT_KEYS,
    OUTPUT_KEYS,
    REPLACE_KEYS,
} from "./types";
import { update } from "./update";

/** Inputs in the form `diff` compares: default thresholds, check order and tag order do not count. */
function comparable(v: Record<string, unknown>): Record<string, unknown> {
    return {
        ...v,
        auditCheckConfigurations: comparableChecks(v.auditCheckConfigurations),
        scheduledAudits: comparableSchedules(v.scheduledAudits),
        tags: comparableTags(v.tags),
    };
}

export const accountAuditProvider: pulumi.dynamic.ResourceProvider<
    AccountAuditInputs,
    AccountAuditOutputs
> = {
    configure: configureAws,

    async check(_olds, news) {
        const inputs = cleanInputs(news) as AccountAuditInputs & Record<string, unknown>;
        for (const key of OUTPUT_KEYS) delete inputs[key];
        const failures = [
            ...checkAccount(inputs),
            ...checkRoleArn(inputs.roleArn, "roleArn"),
            ...checkTargets(inputs.auditNotificationTargetConfigurations),
            ...checkChecks(inputs.auditCheckConfigurations),
            ...checkSchedules(inputs.scheduledAudits, inputs.auditCheckConfigurations),
            ...checkTags(inputs.tags),
            ...checkAdoptExisting(inputs.adoptExisting),
        ];
        return { inputs, failures };
    },

    async diff(_id, olds, news) {
        return diffKeys(
            comparable(olds as unknown as Record<string, unknown>),
            comparable(news as unknown as Record<string, unknown>),
            INPUT_KEYS,
            REPLACE_KEYS,
        );
    },

    create,
    read,
    update,
    delete: remove,
};
