import { addPerson, OWNER } from "./fixtures/accounts";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test("a bulk role change reports what changed", async ({ page }) => {
  const first = addPerson("member");
  const second = addPerson("member");
  await new SignInPage(page).signIn(OWNER);
  const users = new UsersPage(page);
  // Newest first: the two people just added are on the first page.
  await users.goto("?role=member&sort=joined&dir=desc");
  await users.select(first.name);
  await users.select(second.name);
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await expect(bar).toContainText("2 selected");
  await bar.getByLabel("New role").selectOption({ label: "Billing Admin" });
  await bar.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2 people changed." })).toBeVisible();
  await users.goto(`?q=${encodeURIComponent(first.email)}`);
  await expect(users.row(first.name).getByRole("cell", { name: "Billing Admin" })).toBeVisible();
});
