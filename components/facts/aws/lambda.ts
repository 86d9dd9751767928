/** AWS Lambda facts the stack and the ops commands share. */

/** The log group Lambda writes a function's logs to (the responder's is created under this name). */
export const lambdaLogGroup = (functionName: string) => `/aws/lambda/${functionName}`;

/**
 * Lambda quotas (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
 * function environment variables, 4 KB for all of a function's variables combined (Service Quotas
 * "Environment Variable Size", L-6581F036, not adjustable). The page's row could not be read
 * verbatim here; the 4 KB and the quota code were (the page's search excerpt; FogSecurity/aws-size
 * issue 32). What is measured: Lambda's refusal reads "Lambda was unable to configure your
 * environment variables because the environment variables you have provided exceeded the 4KB
 * limit. String measured: {"NAME":"value",...}" (quoted in
 * github-aws-runners/terraform-aws-github-runner issue 3594): the variables as one compact JSON
 * object, which LocalStack's emulation sizes in UTF-8 bytes against 4 * 1024.
 */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/** The size Lambda measures for a function's variables: their JSON object, in UTF-8 bytes. */
export const lambdaEnvironmentBytes = (variables: Readonly<Record<string, string>>): number =>
    Buffer.byteLength(JSON.stringify(variables), "utf8");
