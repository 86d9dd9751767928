/** AWS Lambda facts the stack and the ops commands share. */

/** The log group Lambda writes a function's logs to (the responder's is created under this name). */
export const lambdaLogGroup = (functionName: string) => `/aws/lambda/${functionName}`;
