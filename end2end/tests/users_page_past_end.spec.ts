import { addPerson, OWNER, uniqueName } from "./fixtures/accounts";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test("a page past the end shows the last page, and removing everyone on the last page goes back one", async ({ page, ownerTeams }) => {
  // 51 people are added with the server binary (a password hash each) and put in one team, so
  // the team's filter holds exactly two pages whatever other tests do meanwhile.
  test.setTimeout(120_000);
  const team = await ownerTeams.createOk(uniqueName("Paging"));
  for (let i = 0; i < 51; i++) {
    const person = addPerson("member");
    const response = await ownerTeams.addMember(team.id, await ownerTeams.accountId(person.email));
    expect(response.status(), await response.text()).toBe(200);
  }

  await new SignInPage(page).signIn(OWNER);
  const users = new UsersPage(page);
  // A bookmark to a page that no longer exists (or a typed address) shows the last page.
  await users.goto(`?team=${team.id}&page=99`);
  await expect(users.count).toHaveText("51 people");
  await expect(users.pager).toContainText("Page 2 of 2");
  await expect(users.bodyRows).toHaveCount(1);
  await expect(users.nextPage).toBeDisabled();
  await expect(users.previousPage).toBeEnabled();
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);

  // Removing everyone on the last page moves to the page before, not to an empty page.
  await page.getByRole("checkbox", { name: "Select all on this page", exact: true }).check();
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await bar.getByRole("button", { name: "Remove from organization", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove people", exact: true }).click();
  await expect(users.count).toHaveText("50 people");
  await expect(users.pager).toContainText("Page 1 of 1");
  await expect(users.bodyRows).toHaveCount(50);
  await expect(users.noOneMatches).toHaveCount(0);
  await expect(users.previousPage).toBeDisabled();
  await expect(page).not.toHaveURL(/[?&]page=/);
});
