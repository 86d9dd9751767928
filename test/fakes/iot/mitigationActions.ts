/**
 * The IoT fake's mitigation actions: one parameter block each, its type derived from it.
 */
import {
    CreateMitigationActionCommand,
    DeleteMitigationActionCommand,
    DescribeMitigationActionCommand,
    UpdateMitigationActionCommand,
} from "@aws-sdk/client-iot";
import type { FakeIotAccount } from "../iotAccount";
import { actionTypeOf, invalid, On } from "./state";

export function fakeMitigationActions(account: FakeIotAccount, on: On): void {
    // --- Mitigation actions ------------------------------------------------------------------
    const action = (name: string) => account.found(account.actions, name, "Mitigation action");
    on(CreateMitigationActionCommand, i => {
        const name = i.actionName!;
        account.mustBeNew(account.actions, name);
        if (!i.roleArn) throw invalid("roleArn is required");
        const arn = account.arn(`mitigationaction/${name}`),
            now = new Date();
        const actionId = `${account.actions.size + 1}`.padStart(8, "0");
        account.actions.set(name, {
            actionType: actionTypeOf(i.actionParams),
            roleArn: i.roleArn,
            actionParams: structuredClone(i.actionParams!),
            arn,
            actionId,
            created: now,
            modified: now,
        });
        account.setTags(arn, i.tags);
        return { actionArn: arn, actionId };
    });
    on(DescribeMitigationActionCommand, i => {
        const a = action(i.actionName!);
        return {
            actionName: i.actionName,
            actionType: a.actionType,
            actionArn: a.arn,
            actionId: a.actionId,
            roleArn: a.roleArn,
            actionParams: structuredClone(a.actionParams),
            creationDate: a.created,
            lastModifiedDate: a.modified,
        };
    });
    on(UpdateMitigationActionCommand, i => {
        const a = action(i.actionName!);
        if (i.actionParams) {
            a.actionType = actionTypeOf(i.actionParams);
            a.actionParams = structuredClone(i.actionParams);
        }
        if (i.roleArn) a.roleArn = i.roleArn;
        a.modified = new Date();
        return { actionArn: a.arn, actionId: a.actionId };
    });
    // The API model lists no ResourceNotFoundException for the three deletes below.
    on(DeleteMitigationActionCommand, i => {
        const a = account.actions.get(i.actionName!);
        if (a) {
            account.actions.delete(i.actionName!);
            account.tags.delete(a.arn);
        }
        return {};
    });
}
