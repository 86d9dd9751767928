/**
 * The named-resource provider shell (components/iot/namedResource.ts), run through each resource
 * built on it: what they do alike is specified once (test/iot/namedResourceSuite.ts); what each
 * does of its own is in its spec.
 */
import { customMetricSubject } from "./customMetrics";
import { dimensionSubject } from "./dimensions";
import { mitigationActionSubject } from "./mitigationActions";
import { namedResourceSuite } from "./namedResourceSuite";

for (const subject of [customMetricSubject, dimensionSubject, mitigationActionSubject])
    namedResourceSuite(subject);
