/**
 * The stack's inventory: what validated settings deploy in a region, by name, before anything is
 * registered. Physical names, alarms (what each watches), scheduled audits, security profiles and
 * their targets, mitigation actions, the dashboard and the remediation resources. Pure data from
 * settings: `buildStack` hands it to the components, the ops commands find the deployed resources
 * by it, the benchmarks lay out fleets with it. Nothing else derives these from settings.
 *
 * Per region (`regionInventories` keys them by region) and, for Detect, per engine. Regional
 * physical names are the same in every region (AWS wants them unique per region only); what is
 * account-wide exists once (the dashboard, in the home region) or takes its name from the
 * region's logical names (IAM roles, which Pulumi names), so regions never collide.
 */
import { createHash } from "crypto";
import { RegionSettings, Settings } from "../config/load";
import { ProfileSetting, profileSettings, TargetsSetting } from "../config/profiles";
import {
    AllThingsTarget,
    allThingsTargetArn,
    AuditFrequency,
    CLOUDWATCH,
    DayOfWeek,
    REMEDIATION_ALARM_METRICS,
    SecurityHubProduct,
    suppressionIdentity,
    thingGroupArn,
} from "../facts";
import { FleetAlarmsInventory, fleetAlarmsInventory } from "./fleetAlarms";
import { LogsDetectInventory, logsDetectInventory } from "./logs";
import { names, remediationNames } from "./names";

export type { LogsDetectInventory } from "./logs";
export type { FleetAlarmSpec, FleetAlarmsInventory } from "./fleetAlarms";

/** A CloudWatch alarm the stack creates and the metric it watches. */
export interface AlarmSpec {
    readonly name: string;
    readonly namespace: string;
    readonly metric: string;
    /**
     * Dimension -> value the alarm narrows its metric to (physical names from this inventory).
     * Empty for the audit's alarm: its query covers the stack's scheduled audits, every check.
     */
    readonly dimensions: Readonly<Record<string, string>>;
}

/** A scheduled audit: its physical name, when it runs and the checks it runs (resolved). */
export interface ScheduledAuditSpec {
    readonly name: string;
    readonly frequency: AuditFrequency;
    readonly dayOfWeek?: DayOfWeek;
    readonly dayOfMonth?: string;
    readonly checks: readonly string[];
}

/** An audit suppression: a check's findings on one resource that the account accepts. */
export interface AuditSuppressionSpec {
    /** Stable suffix of its logical name, from its identity (check and resource). */
    readonly key: string;
    readonly checkName: string;
    /** Exactly one member of the API's ResourceIdentifier. */
    readonly resourceIdentifier: Readonly<Record<string, unknown>>;
    /** ISO 8601 instant it ends; absent when it is indefinite. */
    readonly expirationDate?: string;
    readonly suppressIndefinitely: boolean;
    readonly description?: string;
}

export interface AuditInventory {
    /** Checks the account audit configuration enables. */
    readonly checks: readonly string[];
    readonly scheduledAudits: readonly ScheduledAuditSpec[];
    readonly suppressions: readonly AuditSuppressionSpec[];
    /** Non-compliant resources found by the stack's scheduled audits. */
    readonly alarm: AlarmSpec;
}

/** Where security profiles are attached: all things of a kind, or an existing thing group. */
export type DetectTarget =
    | { readonly allThings: AllThingsTarget; readonly thingGroup?: undefined }
    | { readonly thingGroup: string; readonly allThings?: undefined };

/** The target's ARN in an account and region. */
export function targetArn(
    target: DetectTarget,
    partition: string,
    region: string,
    accountId: string,
): string {
    return target.allThings
        ? allThingsTargetArn(partition, region, accountId, target.allThings)
        : thingGroupArn(partition, region, accountId, target.thingGroup);
}

export type SecurityProfileKind = "rules" | "ml";

export interface SecurityProfileSpec {
    /** Its id in the settings (`rules`, `ml`, or a named profile's name): logical names derive from it. */
    readonly id: string;
    readonly name: string;
    /** Rule-based (thresholds) or ML Detect (behaviors with mlDetectionConfig). */
    readonly kind: SecurityProfileKind;
    /** What the settings declare for it: behaviours or ML settings, retention, export. */
    readonly definition: ProfileSetting;
    /** Where it is attached. */
    readonly targets: readonly DetectTarget[];
    /** The profile's Violations. */
    readonly alarm: AlarmSpec;
}

/** Device Defender Detect: security profiles, each attached to its targets, one alarm each. */
export interface DeviceDefenderDetectInventory {
    readonly profiles: readonly SecurityProfileSpec[];
    /** Every target some profile is attached to, each once. */
    readonly targets: readonly DetectTarget[];
}

/** What each Detect engine deploys; an engine that is off is absent. */
export interface DetectInventory {
    readonly deviceDefender?: DeviceDefenderDetectInventory;
    readonly logs?: LogsDetectInventory;
}

export interface RemediationInventory {
    readonly quarantineGroup: string;
    readonly denyAllPolicy: string;
    /** Remediation action -> physical mitigation action name, for the actions the stack creates. */
    readonly mitigationActions: Readonly<Record<string, string>>;
    readonly responderFunction: string;
    readonly deadLetterQueue: string;
    readonly deadLetterAlarm: AlarmSpec;
    readonly responderErrorsAlarm: AlarmSpec;
}

/** Security Hub: the Device Defender products whose findings it accepts, and whether the stack enables it. */
export interface SecurityHubInventory {
    /** Audit when the audit part is deployed; Detect with the device-defender engine only. */
    readonly products: readonly SecurityHubProduct[];
    readonly enableHub: boolean;
}

export interface Inventory {
    readonly region: string;
    /** Whether this is the stack's home region (`aws:region`), where the dashboard is. */
    readonly home: boolean;
    /** `<namePrefix>-<environment>`: base of physical names, the same in every region. */
    readonly baseName: string;
    /**
     * Base of this region's logical names: `baseName` in the home region, so a stack keeps its
     * resources when it adds regions, `<baseName>-<region>` in the others.
     */
    readonly logicalBase: string;
    readonly alertTopic: string;
    readonly audit: AuditInventory | undefined;
    readonly detect: DetectInventory;
    /** Alarms on IoT Core's fleet metrics, for either Detect engine; undefined when none. */
    readonly fleetAlarms: FleetAlarmsInventory | undefined;
    readonly remediation: RemediationInventory | undefined;
    readonly dashboard: string | undefined;
    readonly securityHub: SecurityHubInventory | undefined;
    /** Every alarm, in the order the program creates them: audit, Detect (either engine), fleet, remediation. */
    readonly alarms: readonly AlarmSpec[];
    /** Every security profile, whichever engine deploys it. */
    readonly securityProfiles: readonly SecurityProfileSpec[];
}

/** What every region of the stack deploys, keyed by region, in the order `regions` lists them. */
export function regionInventories(settings: Settings): Readonly<Record<string, Inventory>> {
    return Object.fromEntries(settings.regions.map(s => [s.region, stackInventory(s)]));
}

/** The inventory of what a region's settings deploy (the home region's, given the stack's settings). */
export function stackInventory(settings: RegionSettings): Inventory {
    const { region, homeRegion } = settings;
    const home = region === homeRegion;
    const audit = settings.audit.enabled ? auditInventory(settings) : undefined;
    const engine = settings.detect.enabled ? settings.detect.engine : undefined;
    const deviceDefender =
        engine === "device-defender" ? deviceDefenderInventory(settings) : undefined;
    const logs =
        engine === "logs" ? logsDetectInventory(settings, names.base(settings)) : undefined;
    const fleetAlarms = fleetAlarmsInventory(settings);
    const remediation = settings.remediation.enabled ? remediationInventory(settings) : undefined;
    const securityProfiles = deviceDefender?.profiles ?? [];
    return {
        region,
        home,
        baseName: names.base(settings),
        logicalBase: home ? names.base(settings) : names.regionalBase(settings, region),
        alertTopic: names.alertTopic(settings),
        audit,
        detect: { deviceDefender, logs },
        fleetAlarms,
        remediation,
        dashboard: home && settings.dashboard.enabled ? names.dashboard(settings) : undefined,
        securityHub: settings.securityHub.enabled
            ? {
                  products: [
                      ...(audit ? (["audit"] as const) : []),
                      ...(deviceDefender ? (["detect"] as const) : []),
                  ],
                  enableHub: settings.securityHub.enableHub,
              }
            : undefined,
        alarms: [
            ...(audit ? [audit.alarm] : []),
            ...securityProfiles.map(p => p.alarm),
            ...(logs?.alarms ?? []),
            ...(fleetAlarms?.alarms ?? []),
            ...(remediation ? [remediation.deadLetterAlarm, remediation.responderErrorsAlarm] : []),
        ],
        securityProfiles,
    };
}

const iotAlarm = (
    name: string,
    metric: string,
    dimensions: Record<string, string> = {},
): AlarmSpec => ({ name, namespace: CLOUDWATCH.namespace, metric, dimensions });

function auditInventory(s: RegionSettings): AuditInventory {
    return {
        checks: s.audit.checks,
        scheduledAudits: s.audit.schedules.map(x => ({
            name: names.scheduledAudit(s, x.name),
            frequency: x.frequency,
            ...(x.dayOfWeek !== undefined ? { dayOfWeek: x.dayOfWeek } : {}),
            ...(x.dayOfMonth !== undefined ? { dayOfMonth: x.dayOfMonth } : {}),
            checks: x.checks ?? s.audit.checks,
        })),
        suppressions: s.audit.suppressions.map(x => {
            const identity = suppressionIdentity(x.checkName, x.resourceIdentifier);
            const hash = createHash("sha256").update(identity).digest("hex").slice(0, 8);
            return {
                key: `${x.checkName.toLowerCase().replace(/_/g, "-")}-${hash}`,
                checkName: x.checkName,
                resourceIdentifier: x.resourceIdentifier,
                ...(x.expirationDate !== undefined
                    ? { expirationDate: new Date(x.expirationDate).toISOString() }
                    : {}),
                suppressIndefinitely: x.suppressIndefinitely === true,
                ...(x.description !== undefined ? { description: x.description } : {}),
            };
        }),
        alarm: iotAlarm(names.nonCompliantAlarm(s), CLOUDWATCH.metrics.nonCompliantResources),
    };
}

/**
 * The Device Defender profiles the settings deploy; `nameSuffix` names a further set of them (the
 * benchmarks' profiles per thing group).
 */
export function deviceDefenderInventory(
    s: RegionSettings,
    nameSuffix = "",
): DeviceDefenderDetectInventory {
    const profiles = profileSettings(s.detect).map(definition => {
        const name = `${names.securityProfile(s, definition.id)}${nameSuffix}`;
        return {
            id: definition.id,
            name,
            kind: definition.kind,
            definition,
            targets: targetsOf(definition.targets),
            alarm: iotAlarm(names.violationsAlarm(s, name), CLOUDWATCH.metrics.violations, {
                [CLOUDWATCH.dimensions.securityProfileName]: name,
            }),
        };
    });
    const all = profiles.flatMap(p => p.targets);
    return {
        profiles,
        targets: all.filter((t, i) => all.findIndex(u => sameTarget(t, u)) === i),
    };
}

const targetsOf = (t: TargetsSetting): DetectTarget[] => [
    ...(t.allThings ? [{ allThings: t.allThings }] : []),
    ...t.thingGroups.map(thingGroup => ({ thingGroup })),
];
const sameTarget = (a: DetectTarget, b: DetectTarget) =>
    a.allThings === b.allThings && a.thingGroup === b.thingGroup;

function remediationInventory(s: RegionSettings): RemediationInventory {
    const physical = remediationNames(names.base(s));
    const { deadLetters, responderErrors } = REMEDIATION_ALARM_METRICS;
    const alarm = (
        name: string,
        watched: { namespace: string; metric: string; dimension: string },
        value: string,
    ): AlarmSpec => ({
        name,
        namespace: watched.namespace,
        metric: watched.metric,
        dimensions: { [watched.dimension]: value },
    });
    return {
        quarantineGroup: physical.quarantineGroup,
        denyAllPolicy: physical.denyAllPolicy,
        mitigationActions: Object.fromEntries(
            s.remediation.actions.map(a => [a, physical.mitigationAction(a)]),
        ),
        responderFunction: physical.responderFunction,
        deadLetterQueue: physical.deadLetterQueue,
        deadLetterAlarm: alarm(physical.deadLetterAlarm, deadLetters, physical.deadLetterQueue),
        responderErrorsAlarm: alarm(
            physical.responderErrorsAlarm,
            responderErrors,
            physical.responderFunction,
        ),
    };
}
