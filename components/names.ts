/**
 * Physical names of what the stack deploys, derived from settings alone: the components create
 * resources under these names and the ops commands find them by the same names.
 */
import { Settings } from "./config/load";

type NameSource = Pick<Settings, "namePrefix" | "environment">;

const base = (s: NameSource) => `${s.namePrefix}-${s.environment}`;

export const names = {
    /** Logical (and physical, where AWS allows) base of every name. */
    base,
    ruleProfile: (s: NameSource) => `${base(s)}-rules`,
    mlProfile: (s: NameSource) => `${base(s)}-ml`,
    scheduledAudit: (s: NameSource, schedule: string) => `${base(s)}-${schedule}`,
    alertTopic: (s: NameSource) => `${base(s)}-alerts`,
    violationsAlarm: (s: NameSource, profileName: string) => `${profileName}-violations`,
    nonCompliantAlarm: (s: NameSource) => `${base(s)}-audit-noncompliant`,
    dashboard: (s: NameSource) => `${base(s)}-device-defender`,
    quarantineGroup: (s: NameSource) => `${base(s)}-quarantine`,
    mitigationAction: (s: NameSource, action: string) => `${base(s)}-${action}`,
};
