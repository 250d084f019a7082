import { expect, test, type Page } from "@playwright/test";
import { OWNER, uniqueSuffix } from "./fixtures/accounts";
import { gotoHydrated } from "./fixtures/hydration";
import { InviteModal } from "./fixtures/invite_modal";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage, WRONG_CREDENTIALS } from "./fixtures/sign_in_page";

/** Every message chromium logs about a Content Security Policy, and every script error. */
function watchForViolations(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

test.describe("request hardening in the browser", () => {
  test("every page hydrates under the Content Security Policy without a violation", async ({ page }) => {
    // A tour of ten full page loads, each waiting for the WASM to hydrate.
    test.slow();
    const problems = watchForViolations(page);
    const signIn = new SignInPage(page);
    await signIn.goto();
    const response = await page.request.get("/sign-in");
    expect(response.headers()["content-security-policy"]).toContain("'nonce-");
    expect(response.headers()["x-frame-options"]).toBe("DENY");

    await signIn.signIn(OWNER);
    const settings = new SettingsPage(page);
    for (const tab of ["Teams", "Projects", "Invitations", "Users"] as const) {
      await settings.goto(tab);
    }
    const modal = new InviteModal(page);
    await modal.openFromUsersTab();
    for (const tab of ["Invite to Teams", "Bulk Invite", "Invite to Project"] as const) {
      await modal.selectTab(tab);
    }
    await modal.close();
    await gotoHydrated(page, "/settings/teams/new");
    await gotoHydrated(page, `/invite/${"0".repeat(64)}`);
    await gotoHydrated(page, "/no/such/page");
    expect(problems).toEqual([]);

    // The watch works, and the policy holds: a script without the nonce does not run.
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true;";
      document.head.appendChild(script);
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => problems.length).toBe(1);
  });

  test("the sign-in form says when there were too many attempts", async ({ page }) => {
    const problems = watchForViolations(page);
    const signIn = new SignInPage(page);
    await signIn.goto();
    const email = `guess-${uniqueSuffix()}@e2e.test`;
    const submit = async (password: string): Promise<number> => {
      const answered = page.waitForResponse((r) => r.url().endsWith("/api/sign_in"));
      await signIn.submitCredentials(email, password);
      return (await answered).status();
    };
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect(await submit(`guess-${attempt}`)).toBe(422);
      await expect(signIn.error(WRONG_CREDENTIALS)).toBeVisible();
    }
    expect(await submit("one-more-guess")).toBe(429);
    await expect(signIn.error("Too many attempts. Try again in 15 minutes.")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
    expect(problems).toEqual([]);
  });
});
