#!/usr/bin/env node
// The `gradflow` command: the bundle that `npm install` builds (scripts/build-cli.mjs).
import { existsSync } from "node:fs";

const bundle = new URL("../dist-cli/gradflow.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("gradflow: the command line is not built yet; run `npm install` (or `npm run build:cli`) in the project first\n");
  process.exit(1);
}
await import(bundle.href);
