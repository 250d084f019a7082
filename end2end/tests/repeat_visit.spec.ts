import { expect, test, type CDPSession, type Page } from "@playwright/test";
import { OWNER } from "./fixtures/accounts";
import { gotoHydrated } from "./fixtures/hydration";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";

/** The module of the pages other than sign-in and the Users tab (the Users tab has one of its own). */
const SECOND_MODULE = /\/pkg\/split_elsewhere_view_[^/]*\.wasm$/;

/** One request for a file of the bundle, as the browser's network log saw it. */
interface BundleRequest {
  url: string;
  fromCache: boolean;
  status?: number;
  bytes: number;
}

/** Records the page's requests under `/pkg/`: whether the cache answered, and the bytes that came over the network. */
async function recordBundle(page: Page): Promise<{ cdp: CDPSession; requests: Map<string, BundleRequest> }> {
  const cdp = await page.context().newCDPSession(page);
  const requests = new Map<string, BundleRequest>();
  cdp.on("Network.requestWillBeSent", (event) => {
    if (new URL(event.request.url).pathname.startsWith("/pkg/")) {
      requests.set(event.requestId, { url: event.request.url, fromCache: false, bytes: 0 });
    }
  });
  cdp.on("Network.requestServedFromCache", (event) => {
    const request = requests.get(event.requestId);
    if (request) request.fromCache = true;
  });
  cdp.on("Network.responseReceived", (event) => {
    const request = requests.get(event.requestId);
    if (!request) return;
    request.status = event.response.status;
    if (event.response.fromDiskCache) request.fromCache = true;
  });
  cdp.on("Network.loadingFinished", (event) => {
    const request = requests.get(event.requestId);
    if (request) request.bytes = event.encodedDataLength;
  });
  await cdp.send("Network.enable");
  return { cdp, requests };
}

test("a second visit to the Users tab takes the bundle from the browser's cache", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });

  // First visit: the bundle comes over the network, under its hashed names.
  const first = await context.newPage();
  const firstLog = await recordBundle(first);
  await new SignInPage(first).signIn(OWNER);
  await new SettingsPage(first).expectTab("Users");
  const fetched = [...firstLog.requests.values()];
  for (const ext of ["js", "wasm", "css"]) {
    const file = fetched.find((request) => new RegExp(`/pkg/roster\\.[A-Za-z0-9_-]{22}\\.${ext}$`).test(request.url));
    expect(file, `a hashed .${ext} in ${JSON.stringify(fetched)}`).toBeDefined();
  }
  expect(fetched.reduce((sum, request) => sum + request.bytes, 0)).toBeGreaterThan(10_000);
  // The module of the other pages, which the page fetches once it has hydrated, is in too.
  await expect
    .poll(() => [...firstLog.requests.values()].some((request) => SECOND_MODULE.test(request.url) && request.bytes > 0))
    .toBe(true);
  await first.close();

  // Second visit, a new tab of the same browser: no byte of the bundle crosses the network, not even a revalidation.
  const second = await context.newPage();
  const secondLog = await recordBundle(second);
  await gotoHydrated(second, "/settings/users");
  await new SettingsPage(second).expectTab("Users");
  await expect
    .poll(() => {
      const requests = [...secondLog.requests.values()];
      return requests.some((request) => SECOND_MODULE.test(request.url)) && requests.every((request) => request.status !== undefined);
    })
    .toBe(true);
  const again = [...secondLog.requests.values()];
  expect(again.length, "the page asked for its bundle").toBeGreaterThan(0);
  for (const request of again) {
    expect(request.fromCache, `${JSON.stringify(request)} from the cache`).toBe(true);
    expect(request.bytes, `${request.url}: bytes over the network`).toBe(0);
  }
  await context.close();
});
