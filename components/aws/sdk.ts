/**
 * The AWS SDK packages the providers use, loaded at their first call: building a stack
 * (`npm run plan`, `pulumi preview`) calls no AWS API, and loading these clients is about a tenth
 * of a plan (issue 20). Code takes what it uses inside the function that uses it, as Pulumi
 * advises for dynamic providers: a serialized provider keeps the `require` and loads the package
 * where it runs. Types come from `import type`, which loads nothing.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as IotSdk from "@aws-sdk/client-iot";
import type * as StsSdk from "@aws-sdk/client-sts";
import type * as CredentialProviders from "@aws-sdk/credential-providers";

/** `@aws-sdk/client-iot`: its client, commands and enums. */
export const iotSdk = (): typeof IotSdk => require("@aws-sdk/client-iot");
/** `@aws-sdk/client-sts`: the account check. */
export const stsSdk = (): typeof StsSdk => require("@aws-sdk/client-sts");
/** `@aws-sdk/credential-providers`: the stack's profile and role. */
export const credentialProviders = (): typeof CredentialProviders =>
    require("@aws-sdk/credential-providers");
