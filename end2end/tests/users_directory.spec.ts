import { addPerson, OWNER, uniqueName, uniqueSuffix } from "./fixtures/accounts";
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

  test("a whole email address finds that person; a part of one finds everyone it is part of", async ({ page }) => {
    const suffix = uniqueSuffix();
    const ana = addPerson("member", `ana-${suffix}@e2e.test`);
    const diana = addPerson("member", `diana-${suffix}@e2e.test`);
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto();

    await users.searchFor(ana.email.toUpperCase());
    await expect(users.row(ana.name)).toBeVisible();
    await expect(users.row(diana.name)).toHaveCount(0);
    await expect(users.count).toHaveText("1 person");

    await users.searchFor(`ana-${suffix}@`);
    await expect(users.row(ana.name)).toBeVisible();
    await expect(users.row(diana.name)).toBeVisible();
    await expect(users.count).toHaveText("2 people");
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
    // The header follows the address at once; the rows follow when the new page's answer arrives.
    await expect(async () => {
      const emails = await users.table.locator("tbody tr td:nth-child(3)").allTextContents();
      expect(emails.length).toBeGreaterThan(1);
      expect(emails).toEqual([...emails].sort().reverse());
    }).toPass();
  });

  test("sorting by the number of teams, within one team's members", async ({ page, ownerTeams }) => {
    const both = addPerson("member");
    const one = addPerson("member");
    const bothId = await ownerTeams.accountId(both.email);
    const oneId = await ownerTeams.accountId(one.email);
    const shared = await ownerTeams.createOk(uniqueName("Sorted team"), [], [bothId, oneId]);
    await ownerTeams.createOk(uniqueName("Second team"), [], [bothId]);

    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?team=${shared.id}`);
    const names = users.table.locator("tbody tr td a");
    await users.table.getByRole("button", { name: "Teams" }).click();
    await expect(page).toHaveURL(/sort=teams/);
    await expect(users.table.getByRole("columnheader", { name: "Teams" })).toHaveAttribute("aria-sort", "ascending");
    await expect(names).toHaveText([one.name, both.name]);
    await users.table.getByRole("button", { name: "Teams" }).click();
    await expect(users.table.getByRole("columnheader", { name: "Teams" })).toHaveAttribute("aria-sort", "descending");
    await expect(names).toHaveText([both.name, one.name]);
  });
});
