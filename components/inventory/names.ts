/**
 * Physical names of what the stack deploys, derived from settings alone: the naming rules the
 * inventory (./index.ts) applies. Components create resources under these names and the ops
 * commands find them by the same names, both through the inventory.
 */

/** The settings names derive from (imports nothing, so the config checks may use these rules too). */
interface NameSource {
    readonly namePrefix: string;
    readonly environment: string;
}

const base = (s: NameSource) => `${s.namePrefix}-${s.environment}`;
const securityProfile = (s: NameSource, id: string) => `${base(s)}-${id}`;

/** Names of the remediation resources, from the stack's base name. */
export function remediationNames(baseName: string) {
    return {
        quarantineGroup: `${baseName}-quarantine`,
        denyAllPolicy: `${baseName}-deny-all`,
        mitigationAction: (action: string) => `${baseName}-${action}`,
        responderFunction: `${baseName}-responder`,
        deadLetterQueue: `${baseName}-responder-dlq`,
        deadLetterAlarm: `${baseName}-responder-dlq`,
        responderErrorsAlarm: `${baseName}-responder-errors`,
    };
}

export const names = {
    /** Logical (and physical, where AWS allows) base of every name. */
    base,
    /** Base of the logical names in a region other than the home region. */
    regionalBase: (s: NameSource, region: string) => `${base(s)}-${region}`,
    /** A security profile by its id in the settings (`rules`, `ml`, or a named profile's name). */
    securityProfile,
    /** The short form's two profiles (`detect.rules`, `detect.ml`). */
    ruleProfile: (s: NameSource) => securityProfile(s, "rules"),
    mlProfile: (s: NameSource) => securityProfile(s, "ml"),
    scheduledAudit: (s: NameSource, schedule: string) => `${base(s)}-${schedule}`,
    alertTopic: (s: NameSource) => `${base(s)}-alerts`,
    violationsAlarm: (s: NameSource, profileName: string) => `${profileName}-violations`,
    nonCompliantAlarm: (s: NameSource) => `${base(s)}-audit-noncompliant`,
    /** An IoT Core fleet metric's alarm (`<base>-iot-Connect-AuthError`): dots are not kept. */
    fleetAlarm: (s: NameSource, metric: string) => `${base(s)}-iot-${metric.replace(/\./g, "-")}`,
    dashboard: (s: NameSource) => `${base(s)}-device-defender`,
    quarantineGroup: (s: NameSource) => remediationNames(base(s)).quarantineGroup,
    /** The ML Detect behavior on a metric (`ml-num-messages-sent`): one per metric. */
    mlBehavior: (metric: string) => `ml-${metric.replace(/^aws:/, "")}`,
};
