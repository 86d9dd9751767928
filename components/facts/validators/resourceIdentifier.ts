/**
 * An audit suppression's ResourceIdentifier, judged once for the config and the provider's input
 * check: exactly one member, each string within the API model's length and pattern. Problems, not
 * messages: each reader words them.
 */
import {
    IdentifierRule,
    RESOURCE_IDENTIFIER_MEMBERS,
    RESOURCE_IDENTIFIER_STRINGS,
    RESOURCE_IDENTIFIER_STRUCTURES,
} from "../aws/auditSuppressions";

/** What is wrong, where (a path below the identifier; empty for the identifier itself), and what is allowed. */
export interface IdentifierProblem {
    readonly path: readonly string[];
    readonly value: unknown;
    readonly allowed: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === "object" && !Array.isArray(v);

function stringProblem(value: unknown, rule: IdentifierRule, path: string[]): IdentifierProblem[] {
    const fits =
        typeof value === "string" &&
        value.length >= rule.min &&
        value.length <= rule.max &&
        (!rule.pattern || rule.pattern.test(value));
    return fits ? [] : [{ path, value, allowed: rule.allowed }];
}

/**
 * Problems of a ResourceIdentifier; `isUnknown` marks values not known yet (a preview), which pass.
 */
export function resourceIdentifierProblems(
    identifier: unknown,
    isUnknown: (v: unknown) => boolean = () => false,
): IdentifierProblem[] {
    if (isUnknown(identifier)) return [];
    const oneOf = `an object with exactly one of ${RESOURCE_IDENTIFIER_MEMBERS.join(", ")}`;
    if (!isPlainObject(identifier)) return [{ path: [], value: identifier, allowed: oneOf }];
    const set = Object.keys(identifier).filter(k => identifier[k] !== undefined);
    if (set.length !== 1 || !RESOURCE_IDENTIFIER_MEMBERS.includes(set[0]))
        return [{ path: [], value: identifier, allowed: oneOf }];
    const [member] = set;
    const value = identifier[member];
    if (isUnknown(value)) return [];
    if (member in RESOURCE_IDENTIFIER_STRINGS)
        return stringProblem(
            value,
            RESOURCE_IDENTIFIER_STRINGS[member as keyof typeof RESOURCE_IDENTIFIER_STRINGS],
            [member],
        );
    const { needs, fields } =
        RESOURCE_IDENTIFIER_STRUCTURES[member as keyof typeof RESOURCE_IDENTIFIER_STRUCTURES];
    const rules = fields as Record<string, IdentifierRule>;
    const names = Object.keys(rules);
    const given = isPlainObject(value)
        ? Object.keys(value).filter(k => value[k] !== undefined)
        : [];
    const required = (needs as readonly string[]).length
        ? `with ${(needs as readonly string[]).join(", ")}`
        : "with at least one of them";
    if (
        !isPlainObject(value) ||
        given.length === 0 ||
        given.some(k => !names.includes(k)) ||
        (needs as readonly string[]).some(k => !given.includes(k))
    )
        return [
            { path: [member], value, allowed: `an object of ${names.join(", ")}, ${required}` },
        ];
    return given.flatMap(k =>
        isUnknown(value[k]) ? [] : stringProblem(value[k], rules[k], [member, k]),
    );
}

/**
 * The identity of a suppression in the account: its check and its resource, as one string (keys
 * sorted, so the same identifier written in another order is the same suppression).
 */
export function suppressionIdentity(checkName: string, identifier: unknown): string {
    return `${checkName}:${canonicalJson(identifier)}`;
}

function canonicalJson(v: unknown): string {
    if (isPlainObject(v))
        return `{${Object.keys(v)
            .filter(k => v[k] !== undefined)
            .sort()
            .map(k => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
            .join(",")}}`;
    return JSON.stringify(v);
}
