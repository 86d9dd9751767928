/**
 * Audit suppressions (CreateAuditSuppression ...): the findings of one audit check on one resource
 * that the account accepts. The resource is the API's ResourceIdentifier; a suppression names one
 * resource, so exactly one member is set ("one of" in the API reference; the model lists every
 * member as optional). Lengths and patterns are the API model's, anchored (a model pattern
 * constrains the whole value). Suppressions take no tags.
 */

/** A string of ResourceIdentifier: length and pattern per the API model (none where it sets none). */
export interface IdentifierRule {
    readonly min: number;
    readonly max: number;
    readonly pattern?: RegExp;
    /** What the value is, for messages. */
    readonly allowed: string;
}
/** API model CertificateId: 64 characters, `(0x)?[a-fA-F0-9]+`. */
const CERTIFICATE_ID: IdentifierRule = {
    min: 64,
    max: 64,
    pattern: /^(0x)?[a-fA-F0-9]+$/,
    allowed: "a certificate id: 64 hexadecimal characters",
};
/** CognitoIdentityPoolId, ClientId, CertificateArn have no limits in the model: non-empty. */
const NON_EMPTY = (allowed: string): IdentifierRule => ({ min: 1, max: 65536, allowed });

/** ResourceIdentifier's members that hold one string. */
export const RESOURCE_IDENTIFIER_STRINGS = {
    deviceCertificateId: CERTIFICATE_ID,
    caCertificateId: CERTIFICATE_ID,
    cognitoIdentityPoolId: NON_EMPTY("a Cognito identity pool id"),
    clientId: NON_EMPTY("an MQTT client ID"),
    account: { min: 12, max: 12, pattern: /^[0-9]+$/, allowed: "a 12-digit AWS account id" },
    iamRoleArn: { min: 20, max: 2048, allowed: "an IAM role ARN of 20-2048 characters" },
    roleAliasArn: { min: 1, max: 2048, allowed: "a role alias ARN of 1-2048 characters" },
    deviceCertificateArn: NON_EMPTY("a device certificate ARN"),
} as const satisfies Record<string, IdentifierRule>;

/**
 * ResourceIdentifier's members that hold a structure: each field's rule, and the fields a
 * suppression needs (the model requires none; a policy version means nothing without its policy).
 */
export const RESOURCE_IDENTIFIER_STRUCTURES = {
    policyVersionIdentifier: {
        needs: ["policyName"],
        fields: {
            policyName: {
                min: 1,
                max: 128,
                pattern: /^[\w+=,.@-]+$/,
                allowed: "an IoT policy name: 1-128 characters of [a-zA-Z0-9_+=,.@-]",
            },
            policyVersionId: {
                min: 1,
                max: 65536,
                pattern: /^[0-9]+$/,
                allowed: "a policy version number",
            },
        },
    },
    issuerCertificateIdentifier: {
        needs: [],
        fields: {
            issuerCertificateSubject: {
                min: 0,
                max: 1000,
                pattern: /^[\x20-\x7E]*$/,
                allowed: "printable ASCII of at most 1000 characters",
            },
            issuerId: {
                min: 1,
                max: 64,
                pattern: /^(0x)?[a-fA-F0-9]+$/,
                allowed: "hexadecimal of at most 64 characters",
            },
            issuerCertificateSerialNumber: {
                min: 1,
                max: 20,
                pattern: /^[a-fA-F0-9:]+$/,
                allowed: "hexadecimal digits and colons, at most 20 characters",
            },
        },
    },
} as const satisfies Record<
    string,
    { needs: readonly string[]; fields: Record<string, IdentifierRule> }
>;

export const RESOURCE_IDENTIFIER_MEMBERS: readonly string[] = [
    ...Object.keys(RESOURCE_IDENTIFIER_STRINGS),
    ...Object.keys(RESOURCE_IDENTIFIER_STRUCTURES),
];

/** API model AuditDescription: at most 1000 characters of `[\p{Graph}\x20]*` (DESCRIPTION_PATTERN). */
export const AUDIT_SUPPRESSION_DESCRIPTION_MAX = 1000;
