import { expect, test } from "@playwright/test";
import { OWNER, addPerson, uniqueSuffix } from "./fixtures/accounts";
import { SettingsPage } from "./fixtures/settings_page";
import { ENTER_EMAIL, ENTER_PASSWORD, SignInPage, WRONG_CREDENTIALS } from "./fixtures/sign_in_page";

test.describe("signing in", () => {
  test("a wrong password is refused", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submitCredentials(OWNER.email, `${OWNER.password}-wrong`);
    await expect(signIn.error(WRONG_CREDENTIALS)).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("an unknown email gets the same answer as a wrong password", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submitCredentials(`nobody-${uniqueSuffix()}@e2e.test`, OWNER.password);
    await expect(signIn.error(WRONG_CREDENTIALS)).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("empty fields are named at the fields, not called a wrong password", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submit.click();
    await expect(signIn.email).toHaveAccessibleDescription(ENTER_EMAIL);
    await expect(signIn.password).toHaveAccessibleDescription(ENTER_PASSWORD);
    await expect(signIn.error(WRONG_CREDENTIALS)).toHaveCount(0);

    await signIn.email.fill(OWNER.email);
    await signIn.submit.click();
    await expect(signIn.password).toHaveAccessibleDescription(ENTER_PASSWORD);
    await expect(signIn.email).toHaveAccessibleDescription("");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test.describe("with JavaScript off", () => {
    test.use({ javaScriptEnabled: false });

    test("an empty password is named at its field", async ({ page }) => {
      const signIn = new SignInPage(page);
      await signIn.gotoUnhydrated();
      await signIn.email.fill(OWNER.email);
      await signIn.submit.click();
      await page.waitForURL(/\/sign-in\?/);
      await expect(signIn.password).toHaveAccessibleDescription(ENTER_PASSWORD);
      await expect(signIn.error(WRONG_CREDENTIALS)).toHaveCount(0);
    });
  });

  test("the Owner's password opens the Users tab", async ({ page }) => {
    await new SignInPage(page).signIn(OWNER);
    const settings = new SettingsPage(page);
    await settings.expectTab("Users");
    await expect(settings.accountButton(OWNER.name)).toBeVisible();
  });

  test("a person added later signs in with their own name in the navigation bar", async ({ page }) => {
    const member = addPerson("member");
    await new SignInPage(page).signIn(member);
    const settings = new SettingsPage(page);
    await settings.expectTab("Users");
    await expect(settings.accountButton(member.name)).toBeVisible();
    await expect(settings.accountButton(OWNER.name)).toHaveCount(0);
  });

  test("a signed-in visit to the sign-in page goes to the Users tab", async ({ page }) => {
    await new SignInPage(page).signIn(OWNER);
    await page.goto("/sign-in");
    await expect(page).toHaveURL(/\/settings\/users$/);
  });
});
