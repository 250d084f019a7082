import { expect, test, type Page } from "@playwright/test";
import { OWNER } from "./fixtures/accounts";
import { waitForHydration } from "./fixtures/hydration";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage, WRONG_CREDENTIALS } from "./fixtures/sign_in_page";

/**
 * Holds back every request for the page's WASM until the returned function is called, as a slow
 * connection would: the page is there, its code is not.
 */
async function holdBackWasm(page: Page): Promise<() => void> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm(\?.*)?$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test.describe("signing in before the page's code has loaded", () => {
  test("typing the password and pressing Enter signs the person in", async ({ page }) => {
    const release = await holdBackWasm(page);
    const signIn = new SignInPage(page);
    await signIn.gotoUnhydrated();
    await signIn.typeAndPressEnter(OWNER.email, OWNER.password);
    await page.waitForURL(/\/settings\/users$/);
    release();
    await waitForHydration(page);
    const settings = new SettingsPage(page);
    await settings.expectTab("Users");
    await expect(settings.accountButton(OWNER.name)).toBeVisible();
  });

  test("a wrong password comes back to the sign-in page with the error at the field", async ({ page }) => {
    const release = await holdBackWasm(page);
    const signIn = new SignInPage(page);
    await signIn.gotoUnhydrated();
    await signIn.typeAndPressEnter(OWNER.email, `${OWNER.password}-wrong`);
    await page.waitForURL(/\/sign-in\?/);
    await expect(signIn.heading).toBeVisible();
    await expect(signIn.password).toHaveAccessibleDescription(WRONG_CREDENTIALS);
    release();
    await waitForHydration(page);
    // Hydrated, the form still works: the right password signs in.
    await signIn.submitCredentials(OWNER.email, OWNER.password);
    await page.waitForURL(/\/settings\/users$/);
  });
});
