// The Pulumi program: read config, build the stack, export its outputs. Nothing else.
import { loadSettings } from "./components/config/load";
import { buildStack } from "./components/stack";

const outputs = buildStack(loadSettings());

export const region = outputs.region;
export const environment = outputs.environment;
export const alertTopicArn = outputs.alertTopicArn;
export const publisherRoleArn = outputs.publisherRoleArn;
export const auditEnabled = outputs.auditEnabled;
export const scheduledAuditNames = outputs.scheduledAuditNames;
export const detectEnabled = outputs.detectEnabled;
export const detectEngine = outputs.detectEngine;
export const insightRuleNames = outputs.insightRuleNames;
export const securityProfileNames = outputs.securityProfileNames;
export const securityProfileArns = outputs.securityProfileArns;
export const alarmNames = outputs.alarmNames;
export const dashboardName = outputs.dashboardName;
export const remediationEnabled = outputs.remediationEnabled;
export const responderArn = outputs.responderArn;
export const deadLetterQueueUrl = outputs.deadLetterQueueUrl;
export const mitigationActionNames = outputs.mitigationActionNames;
