import { addPerson, OWNER, uniqueSuffix } from "./fixtures/accounts";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test.describe("the Users tab", () => {
  test("search and role filter are done by the server and kept in the address", async ({ page }) => {
    const admin = addPerson("admin");
    const member = addPerson("member");
    const adminSuffix = admin.name.split(" ").pop()!;
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto();

    await users.searchFor(adminSuffix);
    await expect(users.row(admin.name)).toBeVisible();
    await expect(users.row(member.name)).toHaveCount(0);
    await expect(users.count).toHaveText("1 person");

    await users.goto(`?q=${uniqueSuffix()}`);
    await expect(page.getByText("No one matches.")).toBeVisible();

    await users.goto();
    await users.roleFilter.selectOption({ label: "Admin" });
    await expect(page).toHaveURL(/role=admin/);
    await expect(users.row(admin.name)).toBeVisible();
    await expect(users.table.getByRole("cell", { name: "Member", exact: true })).toHaveCount(0);

    // The filtered view survives a reload and the back button returns to the unfiltered one.
    await page.reload();
    await expect(users.roleFilter).toHaveValue("admin");
    await page.goBack();
    await expect(page).not.toHaveURL(/role=admin/);
  });

  test("sorting by email in both directions", async ({ page }) => {
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto();
    await users.table.getByRole("button", { name: "Email" }).click();
    await expect(page).toHaveURL(/sort=email/);
    const header = users.table.getByRole("columnheader", { name: "Email" });
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    await users.table.getByRole("button", { name: "Email" }).click();
    await expect(header).toHaveAttribute("aria-sort", "descending");
    const emails = await users.table.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(emails).toEqual([...emails].sort().reverse());
  });
});
