/** Types of `loader/checkedEntry.js` (plain JavaScript, beside the loader). */

/** The text stored in `dir` for `key` in `format`, or undefined when absent, unreadable, foreign or corrupt. */
export declare function readEntry(dir: string, format: string, key: string): string | undefined;

/** Stores `text` in `dir` for `key` in `format` (true if stored); where `dir` cannot be written, nothing is kept. */
export declare function writeEntry(dir: string, format: string, key: string, text: string): boolean;

/** Whether `dir` is the user's own and no one else may write to it (true where modes do not exist). */
export declare function privateFolder(dir: string): boolean;
