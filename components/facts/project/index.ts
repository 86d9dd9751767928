/** The project's own vocabulary: names this program gives to things, not facts of AWS. */
export * from "./dynamicTypes";
export * from "./remediation";
