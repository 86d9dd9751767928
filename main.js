// Pulumi's entry point (Pulumi.yaml `main`, with the runtime's TypeScript support off): the
// program is index.ts, loaded through the project's cached transpile-only loader.
"use strict";
require("./loader/register");
module.exports = require("./index.ts");
