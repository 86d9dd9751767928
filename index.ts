// The Pulumi program: read config, build the stack, export its outputs. Nothing else.
import { loadSettings } from "./components/config/load";
import { buildStack } from "./components/stack";

const outputs = buildStack(loadSettings());

export const region = outputs.region;
export const environment = outputs.environment;
export const auditEnabled = outputs.auditEnabled;
export const detectEnabled = outputs.detectEnabled;
export const remediationEnabled = outputs.remediationEnabled;
export const regions = outputs.regions;
export const dashboardName = outputs.dashboardName;
