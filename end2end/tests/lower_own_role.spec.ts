import { addPerson } from "./fixtures/accounts";
import { reloadHydrated } from "./fixtures/hydration";
import { PersonPage } from "./fixtures/person_page";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test("an Owner lowering their own role confirms first, and the page follows the new role at once", async ({ page }) => {
  const second = addPerson("owner");
  await new SignInPage(page).signIn(second);
  await new UsersPage(page).openPerson(second);
  const person = new PersonPage(page);
  const settings = new SettingsPage(page);
  await expect(settings.tab("Audit log")).toBeVisible();

  await person.roleSelect.selectOption({ label: "Member" });
  await person.saveRole.click();
  const dialog = page.getByRole("dialog", { name: "Make yourself Member?" });
  await expect(dialog).toContainText("You are Owner.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(person.roleSelect).toHaveValue("member");
  await reloadHydrated(page);
  await expect(person.roleSelect).toHaveValue("owner");

  await person.roleSelect.selectOption({ label: "Member" });
  await person.saveRole.click();
  await dialog.getByRole("button", { name: "Lower my role" }).click();

  // Without a reload: no role select, no Grant access, no Invitations or Audit log tab.
  await expect(page.locator("p.role-text")).toHaveText("Member");
  await expect(person.roleSelect).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Grant access" })).toHaveCount(0);
  await expect(settings.tab("Invitations")).toHaveCount(0);
  await expect(settings.tab("Audit log")).toHaveCount(0);
  await expect(settings.tab("Users")).toBeVisible();
});

test("an Owner raising or changing someone else's role is not asked", async ({ page }) => {
  const owner = addPerson("owner");
  const other = addPerson("member");
  await new SignInPage(page).signIn(owner);
  await new UsersPage(page).openPerson(other);
  const person = new PersonPage(page);
  await person.changeRole("Billing Admin");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(person.roleSelect).toHaveValue("billing_admin");
});
