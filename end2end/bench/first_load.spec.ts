import { test, type Browser, type BrowserContext, type CDPSession, type Page } from "@playwright/test";

/**
 * The first-load benchmark: what a person's browser downloads and how long it waits before the
 * sign-in page and the Users tab can be used. Run by `end2end/bench/first-load.sh` against a release
 * server on the 50,000-person organization; it measures and prints, it asserts nothing about time.
 *
 * For each page and each network profile it reports the bytes transferred by resource type, the time
 * to first paint, and the time until the WASM client has hydrated the document
 * (`body[data-hydrated]`), for a cold visit (a new browser context: empty cache) and for a repeat
 * visit in the same context (the cache as the first visit left it).
 */

const OWNER = { email: "owner@scale.test", password: "roster-demo" };

interface Profile {
  name: string;
  /** Chromium's CPU slow-down factor, and the network: latency in ms, throughput in bytes/s. */
  cpu: number;
  network?: { latency: number; download: number; upload: number };
}

const PROFILES: Profile[] = [
  { name: "localhost", cpu: 1 },
  // Lighthouse's mobile test: a 4x slower CPU on a 1.6 Mbit/s, 150 ms connection.
  { name: "slow 4G, 4x CPU", cpu: 4, network: { latency: 150, download: (1.6 * 1024 * 1024) / 8, upload: (750 * 1024) / 8 } },
];

/** Set once the client has hydrated: `performance.now()` at that moment. */
const RECORD_HYDRATION = `
  new MutationObserver((_, observer) => {
    if (document.body && document.body.dataset.hydrated === "true") {
      window.__hydratedAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
`;

interface Visit {
  bytesByType: Record<string, number>;
  totalBytes: number;
  firstPaint: number;
  hydrated: number;
}

async function throttle(page: Page, profile: Profile): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpu });
  if (profile.network) {
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: profile.network.latency,
      downloadThroughput: profile.network.download,
      uploadThroughput: profile.network.upload,
    });
  }
  return cdp;
}

/** Loads `path` once in `page`, counting what crossed the network (headers and encoded bodies). */
async function visit(page: Page, cdp: CDPSession, path: string): Promise<Visit> {
  const types = new Map<string, string>();
  const bytesByType: Record<string, number> = {};
  const onResponse = (event: { requestId: string; type: string }) => types.set(event.requestId, event.type);
  const onFinished = (event: { requestId: string; encodedDataLength: number }) => {
    const type = (types.get(event.requestId) ?? "Other").toLowerCase();
    bytesByType[type] = (bytesByType[type] ?? 0) + event.encodedDataLength;
  };
  cdp.on("Network.responseReceived", onResponse);
  cdp.on("Network.loadingFinished", onFinished);
  await page.goto(path, { waitUntil: "load" });
  await page.waitForFunction(() => (window as unknown as { __hydratedAt?: number }).__hydratedAt !== undefined, null, {
    timeout: 120_000,
  });
  const timings = await page.evaluate(() => {
    const paint = performance.getEntriesByName("first-paint")[0] ?? performance.getEntriesByName("first-contentful-paint")[0];
    return {
      firstPaint: paint ? paint.startTime : NaN,
      hydrated: (window as unknown as { __hydratedAt: number }).__hydratedAt,
    };
  });
  // Let the last responses finish before counting.
  await page.waitForLoadState("networkidle");
  cdp.off("Network.responseReceived", onResponse);
  cdp.off("Network.loadingFinished", onFinished);
  const totalBytes = Object.values(bytesByType).reduce((sum, bytes) => sum + bytes, 0);
  return { bytesByType, totalBytes, ...timings };
}

async function signedInContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  const response = await context.request.post("/api/sign_in", {
    form: { email: OWNER.email, password: OWNER.password },
    headers: { Accept: "application/json" },
  });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
  // Only the session cookie is kept: the new pages' cache is still empty.
  const cookies = await context.cookies();
  await context.close();
  const fresh = await browser.newContext({ baseURL });
  await fresh.addCookies(cookies);
  return fresh;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function report(page: string, profile: string, kind: string, v: Visit): string {
  const types = Object.entries(v.bytesByType)
    .sort((a, b) => b[1] - a[1])
    .map(([type, bytes]) => `${type} ${kb(bytes)}`)
    .join(", ");
  return `${page.padEnd(10)} ${profile.padEnd(16)} ${kind.padEnd(7)} first paint ${v.firstPaint.toFixed(0).padStart(6)} ms  hydrated ${v.hydrated
    .toFixed(0)
    .padStart(6)} ms  transferred ${kb(v.totalBytes).padStart(10)}  (${types})`;
}

const RUNS = Number(process.env.FIRST_LOAD_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function medianVisit(visits: Visit[]): Visit {
  const middle = [...visits].sort((a, b) => a.hydrated - b.hydrated)[Math.floor(visits.length / 2)];
  return { ...middle, firstPaint: median(visits.map((v) => v.firstPaint)), hydrated: median(visits.map((v) => v.hydrated)) };
}

test("first load of the sign-in page and the Users tab", async ({ browser, baseURL }) => {
  test.setTimeout(30 * 60_000);
  const lines: string[] = [];
  for (const profile of PROFILES) {
    for (const [name, path, signedIn] of [
      ["sign-in", "/sign-in", false],
      ["Users tab", "/settings/users", true],
    ] as const) {
      const cold: Visit[] = [];
      const repeat: Visit[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = signedIn ? await signedInContext(browser, baseURL!) : await browser.newContext({ baseURL });
        await context.addInitScript(RECORD_HYDRATION);
        const page = await context.newPage();
        const cdp = await throttle(page, profile);
        cold.push(await visit(page, cdp, path));
        repeat.push(await visit(page, cdp, path));
        await context.close();
      }
      lines.push(report(name, profile.name, "cold", medianVisit(cold)));
      lines.push(report(name, profile.name, "repeat", medianVisit(repeat)));
    }
  }
  console.log(`\nfirst load, median of ${RUNS} runs each\n${lines.join("\n")}\n`);
});
