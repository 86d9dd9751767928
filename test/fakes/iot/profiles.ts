/**
 * The IoT fake's security profiles: versioned definitions, attachments to targets, and the custom
 * metrics and dimensions they may only use when they exist.
 */
import {
    AttachSecurityProfileCommand,
    CreateSecurityProfileCommand,
    DeleteSecurityProfileCommand,
    DescribeSecurityProfileCommand,
    DetachSecurityProfileCommand,
    ListTargetsForSecurityProfileCommand,
    ResourceAlreadyExistsException,
    UpdateSecurityProfileCommand,
    VersionConflictException,
} from "@aws-sdk/client-iot";
import type { FakeIotAccount } from "../iotAccount";
import { deleteConflict } from "../profileDefinition";
import { invalid, meta, notFound, On } from "./state";

export function fakeSecurityProfiles(account: FakeIotAccount, on: On): void {
    // --- Security profiles -----------------------------------------------------------------
    on(CreateSecurityProfileCommand, i => {
        const name = i.securityProfileName!;
        if (account.profiles.has(name))
            throw new ResourceAlreadyExistsException({
                message: `${name} exists`,
                ...meta,
                resourceId: name,
            });
        const { securityProfileName: _n, tags, ...def } = i;
        account.checkReferences(def);
        const arn = account.arn(`securityprofile/${name}`);
        account.profiles.set(name, {
            def,
            version: 1,
            arn,
            targets: new Set(),
            created: new Date(),
        });
        account.setTags(arn, tags);
        return { securityProfileName: name, securityProfileArn: arn };
    });
    on(DescribeSecurityProfileCommand, i => {
        const p = account.profile(i.securityProfileName!);
        return {
            securityProfileName: i.securityProfileName,
            securityProfileArn: p.arn,
            ...p.def,
            version: p.version,
            creationDate: p.created,
            lastModifiedDate: p.created,
        };
    });
    on(UpdateSecurityProfileCommand, i => {
        const {
            securityProfileName: name,
            expectedVersion,
            deleteBehaviors,
            deleteAlertTargets,
            deleteAdditionalMetricsToRetain,
            deleteMetricsExportConfig,
            ...set
        } = i;
        const conflict = deleteConflict(i as unknown as Record<string, unknown>);
        if (conflict) throw invalid(conflict);
        const p = account.profile(name!);
        if (expectedVersion !== undefined && expectedVersion !== p.version)
            throw new VersionConflictException({ message: `version is ${p.version}`, ...meta });
        const clear = {
            behaviors: deleteBehaviors,
            alertTargets: deleteAlertTargets,
            additionalMetricsToRetainV2: deleteAdditionalMetricsToRetain,
            metricsExportConfig: deleteMetricsExportConfig,
        };
        const def = { ...p.def };
        for (const [k, flag] of Object.entries(clear)) if (flag) delete def[k];
        for (const [k, v] of Object.entries(set)) if (v !== undefined) def[k] = v;
        account.checkReferences(def);
        p.def = def;
        p.version++;
        return {
            securityProfileName: name,
            securityProfileArn: p.arn,
            ...p.def,
            version: p.version,
        };
    });
    on(DeleteSecurityProfileCommand, i => {
        const p = account.profile(i.securityProfileName!);
        account.profiles.delete(i.securityProfileName!);
        account.tags.delete(p.arn);
        return {};
    });
    on(AttachSecurityProfileCommand, i => {
        const p = account.profile(i.securityProfileName!);
        if (
            !/^arn:aws:iot:[a-z0-9-]+:\d{12}:(thinggroup\/.+|all\/(registered-things|unregistered-things|things))$/.test(
                i.securityProfileTargetArn ?? "",
            )
        ) {
            throw invalid(`bad target ${i.securityProfileTargetArn}`);
        }
        p.targets.add(i.securityProfileTargetArn!);
        return {};
    });
    on(DetachSecurityProfileCommand, i => {
        const p = account.profile(i.securityProfileName!);
        if (!p.targets.delete(i.securityProfileTargetArn!))
            throw notFound(`Attachment to ${i.securityProfileTargetArn}`);
        return {};
    });
    on(ListTargetsForSecurityProfileCommand, i => {
        const all = [...account.profile(i.securityProfileName!).targets];
        const start = Number(i.nextToken ?? 0),
            size = i.maxResults ?? 250;
        const page = all.slice(start, start + size).map(arn => ({ arn }));
        return {
            securityProfileTargets: page,
            nextToken: start + size < all.length ? String(start + size) : undefined,
        };
    });
}
