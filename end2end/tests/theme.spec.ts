import type { Page } from "@playwright/test";
import { OWNER } from "./fixtures/accounts";
import { reloadHydrated } from "./fixtures/hydration";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

const LIGHT_BACKGROUND = "rgb(246, 247, 249)";
const DARK_BACKGROUND = "rgb(18, 21, 28)";

async function background(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
}

async function chooseTheme(page: Page, label: "System theme" | "Light theme" | "Dark theme"): Promise<void> {
  await page.getByRole("banner").getByRole("button", { name: OWNER.name, exact: true }).click();
  const choice = page.getByRole("menu", { name: OWNER.name }).getByRole("menuitemradio", { name: label, exact: true });
  await choice.click();
  await expect(page.getByRole("menu", { name: OWNER.name })).toBeHidden();
}

test("the theme follows the system until the person chooses one, and the choice is remembered", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await new SignInPage(page).signIn(OWNER);
  expect(await background(page)).toBe(DARK_BACKGROUND);

  await chooseTheme(page, "Light theme");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await background(page)).toBe(LIGHT_BACKGROUND);
  // The server draws the next page in it from the first byte.
  await reloadHydrated(page);
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await background(page)).toBe(LIGHT_BACKGROUND);
  await page.getByRole("banner").getByRole("button", { name: OWNER.name, exact: true }).click();
  await expect(page.getByRole("menuitemradio", { name: "Light theme", exact: true })).toHaveAttribute("aria-checked", "true");
  await page.keyboard.press("Escape");

  await page.emulateMedia({ colorScheme: "light" });
  await chooseTheme(page, "Dark theme");
  expect(await background(page)).toBe(DARK_BACKGROUND);

  await chooseTheme(page, "System theme");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme", /./);
  expect(await background(page)).toBe(LIGHT_BACKGROUND);
  await reloadHydrated(page);
  await expect(page.locator("html")).not.toHaveAttribute("data-theme", /./);
});
