/**
 * Pure validators over the facts, written once and read by the config schema, the providers'
 * input checks and the policy pack, each with its own wording: they return problems, not messages.
 */
export * from "./arns";
export * from "./behavior";
export * from "./mqtt";
export * from "./resourceIdentifier";
