import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 900 },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "bench/**/*.test.ts"],
    environment: "node",
    setupFiles: ["src/i18n/testSetup.ts"],
    // these machines are shared: a test that takes 4 s alone can take three times that under load
    testTimeout: 30_000,
    // CI counts results from the JSON report (.ci/run)
    reporters: ["default", ["json", { outputFile: "test-results/unit.json" }]],
  },
});
