/** AWS Lambda facts the stack and the ops commands share. */

/** The log group Lambda writes a function's logs to (the responder's is created under this name). */
export const lambdaLogGroup = (functionName: string) => `/aws/lambda/${functionName}`;

/**
 * Lambda quotas (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html),
 * "Function environment variables: 4 KB, for all environment variables associated with the
 * function, combined" (Service Quotas L-6581F036, not adjustable). Lambda measures the variables
 * as one JSON object: its refusal reads "Lambda was unable to configure your environment
 * variables because the environment variables you have provided exceeded the 4KB limit. String
 * measured: {"NAME":"value",...}" (as quoted in
 * https://github.com/github-aws-runners/terraform-aws-github-runner/issues/3594).
 */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/** The size Lambda measures for a function's variables: their JSON object, in UTF-8 bytes. */
export const lambdaEnvironmentBytes = (variables: Readonly<Record<string, string>>): number =>
    Buffer.byteLength(JSON.stringify(variables), "utf8");
