/**
 * Facts read by every layer: config validation, the dynamic providers, the components, the policy
 * pack and the ops commands. AWS facts (`./aws`) are kept apart from the project's vocabulary
 * (`./project`); `./validators` judges values against the AWS facts, once for every reader.
 *
 * This module stands alone: it imports nothing from the rest of the project, so the policy
 * bundle (tools/offline/bundlePolicies.ts) ships it as it is. Nothing here does work at import time.
 */
export * from "./aws";
export * from "./project";
export * from "./validators";
