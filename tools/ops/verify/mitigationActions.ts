/** verify: the mitigation actions exist with the type their remediation action needs. */
import { DescribeMitigationActionCommand } from "@aws-sdk/client-iot";
import { REMEDIATION_ACTIONS, RemediationAction } from "../../../components/facts";
import { requestIfExists } from "../aws";
import { Verifier } from "./verifier";

export async function verifyMitigationActions(v: Verifier): Promise<void> {
    const s = v.settings;
    if (!s.remediation.enabled) {
        v.skip("mitigation actions", "remediation.enabled is false");
        return;
    }
    const deployed = Object.keys(v.names.mitigationActions);
    for (const [action, name] of Object.entries(v.inventory.remediation?.mitigationActions ?? {})) {
        if (!deployed.includes(action)) v.notDeployed(`mitigation action ${name} (${action})`);
    }
    for (const [action, name] of Object.entries(v.names.mitigationActions)) {
        const what = `mitigation action ${name} (${action})`;
        await v.guarded(what, async () => {
            const found = await requestIfExists(v.ctx, "iot:DescribeMitigationAction", () =>
                v.ctx.iot.send(new DescribeMitigationActionCommand({ actionName: name })),
            );
            if (!found) {
                v.fail(what, `no mitigation action named ${name} in ${v.ctx.region}`);
                return;
            }
            // The type follows from the remediation action (facts), whatever the settings say now.
            const type = Object.hasOwn(REMEDIATION_ACTIONS, action)
                ? REMEDIATION_ACTIONS[action as RemediationAction]
                : undefined;
            if (!type)
                v.pass(
                    what,
                    `${action} is not a remediation action this project knows, so its type is not compared`,
                );
            else
                v.judge(
                    what,
                    found.actionType === type
                        ? undefined
                        : `action type is ${found.actionType}, expected ${type}`,
                );
        });
    }
}
