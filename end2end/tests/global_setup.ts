import type { FullConfig } from "@playwright/test";
import { setTimeout as delay } from "node:timers/promises";

const WAIT_FOR_SERVER_MS = 60_000;
const POLL_INTERVAL_MS = 500;

/** Waits until the server answers any HTTP response at all, so the first test does not race its start. */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL ?? process.env.BASE_URL ?? "http://127.0.0.1:3000";
  const url = new URL("/sign-in", baseURL).toString();
  const deadline = Date.now() + WAIT_FOR_SERVER_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      return;
    } catch (error) {
      lastError = error;
    }
    await delay(POLL_INTERVAL_MS);
  }
  const reason = lastError instanceof Error ? `${lastError.message}${causeOf(lastError)}` : String(lastError);
  throw new Error(
    `Roster did not answer at ${url} within ${WAIT_FOR_SERVER_MS / 1000} s (${reason}). ` +
      "Start the server and set BASE_URL to its address.",
  );
}

function causeOf(error: Error): string {
  return error.cause instanceof Error ? `: ${error.cause.message}` : "";
}
