// Bundles the command line (src/cli.ts and the engine it uses) into one file, so that
// `npx gradflow …` starts in Node at once instead of compiling TypeScript on every call.
// Runs at `npm install` / `npm ci` (the "prepare" script) and with `npm run build:cli`.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
await build({
  entryPoints: [`${root}src/cli.ts`],
  outfile: `${root}dist-cli/gradflow.mjs`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // the engine's WebAssembly kernel is inlined as bytes in linalg.ts: nothing to copy
  logLevel: "warning",
  legalComments: "none",
});
