import { expect, test } from "@playwright/test";
import { OWNER } from "./fixtures/accounts";
import { reloadHydrated } from "./fixtures/hydration";
import { SettingsPage, TAB_PATHS, type TabName } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";

test.describe("organization settings tabs", () => {
  let settings: SettingsPage;

  test.beforeEach(async ({ page }) => {
    await new SignInPage(page).signIn(OWNER);
    settings = new SettingsPage(page);
    await expect(settings.heading).toBeVisible();
  });

  test("clicking a tab shows it", async () => {
    await settings.expectTab("Users");
    for (const tab of ["Teams", "Projects", "Users"] as const) {
      await settings.tab(tab).click();
      await settings.expectTab(tab);
    }
  });

  test("the arrow keys, Home and End move focus and navigate", async () => {
    const steps: [TabName, "ArrowRight" | "ArrowLeft" | "Home" | "End", TabName][] = [
      ["Users", "ArrowRight", "Teams"],
      ["Teams", "ArrowRight", "Projects"],
      ["Projects", "ArrowLeft", "Teams"],
      ["Teams", "Home", "Users"],
      ["Users", "End", "General"],
      ["General", "ArrowLeft", "Provisioning"],
      ["Provisioning", "ArrowLeft", "Audit log"],
      ["Audit log", "ArrowLeft", "Invitations"],
      ["Invitations", "ArrowRight", "Audit log"],
      ["Audit log", "ArrowRight", "Provisioning"],
      ["Provisioning", "ArrowRight", "General"],
      ["General", "ArrowRight", "Users"],
    ];
    for (const [from, key, to] of steps) {
      await settings.pressOnTab(from, key);
      await expect(settings.tab(to)).toBeFocused();
      await settings.expectTab(to);
    }
  });

  test("each tab has its own address that survives a reload", async ({ page }) => {
    // Two full page loads per tab (six for an Owner): more than a loaded machine does in 30 s.
    test.slow();
    for (const tab of Object.keys(TAB_PATHS) as TabName[]) {
      await settings.goto(tab);
      await reloadHydrated(page);
      await settings.expectTab(tab);
    }
  });

  test("the Settings menu offers Invite Users to the Owner", async () => {
    const menu = await settings.openSettingsMenu();
    await expect(menu.getByRole("menuitem", { name: "Invite Users", exact: true })).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "Organization settings", exact: true })).toBeVisible();
  });

  test("the account menu offers Invite Users and Sign out to the Owner", async () => {
    const menu = await settings.openAccountMenu(OWNER.name);
    await expect(menu.getByRole("menuitem", { name: "Invite Users", exact: true })).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "Sign out", exact: true })).toBeVisible();
  });
});
