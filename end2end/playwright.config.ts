import { defineConfig } from "@playwright/test";

/** The running Roster server. Its database must be empty when the suite starts. */
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./tests/global_setup.ts",
  // Generous limits: on a shared 2-core machine a page can take seconds to hydrate. They bound a
  // hung test; they are not performance assertions.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 2,
  // Retries are reported as "flaky" in the output, so a hiccup of a loaded machine does not hide real
  // results.
  retries: 1,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  use: {
    baseURL,
    headless: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    {
      // Creates the organization and its Owner; everything else depends on it.
      name: "first-run",
      testMatch: /first_run\.spec\.ts/,
      fullyParallel: false,
    },
    {
      // Each spec makes its own data with unique names, so the tests run in parallel.
      name: "app",
      testIgnore: /first_run\.spec\.ts/,
      dependencies: ["first-run"],
      fullyParallel: true,
    },
  ],
});
