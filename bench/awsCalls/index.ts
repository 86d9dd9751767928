/** AWS calls per operation (bench section 3): the cases, the measurement, the minimum it is judged against. */
export { CALL_CASES } from "./cases";
export { measureStack, ONE_SETTING } from "./measure";
export type { Kind } from "./minimum";
export type { OperationCalls, StackCalls } from "./summary";
