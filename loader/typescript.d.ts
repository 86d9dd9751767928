/** Types of `loader/typescript.js` (plain JavaScript: it runs before any TypeScript loader exists). */

/** ts-node's transpile-only output for one file, with its inline source map; no cache. */
export declare function tsNodeOutput(filename: string, code: string): string;

/** The JavaScript for one TypeScript file: ts-node's output, from the cache when it holds it. */
export declare function transpiled(filename: string, code: string): string;

/** What every file's output depends on besides its own source and path. */
export declare function compiler(): readonly string[];

/** The handler `loader/register.js` installs for `.ts` files (it runs `transpiled`). */
export declare function loadTypeScript(module: NodeJS.Module, filename: string): void;
