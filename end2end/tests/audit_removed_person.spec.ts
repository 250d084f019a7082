import { addPerson, OWNER } from "./fixtures/accounts";
import { AuditLogPage } from "./fixtures/audit_log_page";
import { PersonPage } from "./fixtures/person_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

// Accounts that were never in the organization are never found either: the router tests cover them
// (the browser suite has one organization only).
test("the Audit log's person filter finds people who were removed, marked so", async ({ page }) => {
  const leaving = addPerson("member");
  await new SignInPage(page).signIn(OWNER);
  await new UsersPage(page).openPerson(leaving);
  const person = new PersonPage(page);
  await person.remove.click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove person" }).click();
  await expect(page).toHaveURL(/\/settings\/users$/);

  const log = new AuditLogPage(page);
  await log.goto();
  await log.personSearch.fill(leaving.name);
  const found = page.getByRole("list", { name: "People found" }).getByRole("listitem").filter({ hasText: leaving.email });
  await expect(found).toContainText("Removed");
  await log.filterByPerson(leaving.name);
  await expect(log.personFilter(`${leaving.name} (${leaving.email}, removed)`)).toBeVisible();
  await expect(log.rows("Removed from the organization")).toHaveCount(1);

  await log.clearPerson.click();
  await log.personSearch.fill(`nobody-${leaving.email}`);
  await expect(page.getByText("No one matches.")).toBeVisible();
});
