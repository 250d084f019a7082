import { expect, test } from "@playwright/test";
import { OWNER } from "./fixtures/accounts";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";

test("signing out ends the session", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.signIn(OWNER);

  const settings = new SettingsPage(page);
  await settings.signOut(OWNER.name);
  await expect(signIn.heading).toBeVisible();

  await page.goto("/settings/projects");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(signIn.heading).toBeVisible();
});
