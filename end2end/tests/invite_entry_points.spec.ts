import { addPerson, OWNER } from "./fixtures/accounts";
import { InvitationsPage } from "./fixtures/invitations";
import { InviteModal } from "./fixtures/invite_modal";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

test.describe("the Invite Users modal", () => {
  test.beforeEach(async ({ page }) => {
    await new SignInPage(page).signIn(OWNER);
  });

  test("opens from the Users tab, the Settings menu and the account menu, and Escape returns the focus", async ({ page }) => {
    const modal = new InviteModal(page);
    const settings = new SettingsPage(page);
    const openers: [string, () => Promise<void>, () => ReturnType<SettingsPage["accountButton"]>][] = [
      ["Users tab", () => modal.openFromUsersTab(), () => page.getByRole("button", { name: "+ Invite Users", exact: true })],
      ["Settings menu", () => modal.openFromSettingsMenu(), () => settings.settingsButton],
      ["account menu", () => modal.openFromAccountMenu(OWNER.name), () => settings.accountButton(OWNER.name)],
    ];
    for (const [from, open, opener] of openers) {
      await open();
      await expect(modal.dialog, from).toHaveAttribute("aria-modal", "true");
      for (const tab of ["Invite to Project", "Invite to Teams", "Bulk Invite"] as const) {
        await expect(modal.tab(tab), from).toBeVisible();
      }
      await expect(modal.tab("Invite to Project")).toHaveAttribute("aria-selected", "true");
      await expect(modal.email(), "the focus starts in the dialog").toBeFocused();
      await modal.close();
      await expect(opener(), `the focus returns to the ${from}`).toBeFocused();
    }
  });

  test("keeps the focus inside while tabbing", async ({ page }) => {
    const modal = new InviteModal(page);
    await modal.openFromUsersTab();
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press("Tab");
      const inside = await modal.dialog.evaluate((dialog) => dialog.contains(document.activeElement));
      expect(inside, `after ${i + 1} presses of Tab`).toBe(true);
    }
    await page.keyboard.press("Shift+Tab");
    expect(await modal.dialog.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
  });
});

test("an Admin is not offered the Owner role", async ({ page }) => {
  const admin = addPerson("admin");
  await new SignInPage(page).signIn(admin);
  const modal = new InviteModal(page);
  await modal.openFromUsersTab();
  const roles = modal.dialog.getByRole("combobox", { name: "Organization role", exact: true }).getByRole("option");
  await expect(roles).toHaveText(["Admin", "Billing Admin", "Member"]);
});

test("a Member sees no way to invite", async ({ page }) => {
  const member = addPerson("member");
  await new SignInPage(page).signIn(member);
  await expect(page.getByRole("heading", { level: 2, name: "Users", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "+ Invite Users", exact: true })).toHaveCount(0);
  await new InvitationsPage(page).goto();
  await expect(page.getByText("Only Owners and Admins can see and manage invitations.")).toBeVisible();
});
