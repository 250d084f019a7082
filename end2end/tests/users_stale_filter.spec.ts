import { addPerson, OWNER, uniqueName } from "./fixtures/accounts";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test.describe("a link whose team or project no longer exists", () => {
  test("a deleted team's filter is left out with a note, not shown as nobody under All teams", async ({ page, ownerTeams }) => {
    const person = addPerson("member");
    const team = await ownerTeams.createOk(uniqueName("Gone"), [], [await ownerTeams.accountId(person.email)]);
    const deleted = await ownerTeams.delete(team.id);
    expect(deleted.status(), await deleted.text()).toBe(200);

    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?team=${team.id}&q=${encodeURIComponent(person.email)}`);
    await expect(users.note("The team in this link no longer exists; showing all teams.")).toBeVisible();
    await expect(users.count).toHaveText("1 person");
    await expect(users.row(person.name)).toBeVisible();
    await expect(users.noOneMatches).toHaveCount(0);
    await expect(users.teamFilter.locator("option:checked")).toHaveText("All teams");
    // The address no longer carries the team; the search stays.
    await expect(page).not.toHaveURL(/[?&]team=/);
    await expect(page).toHaveURL(/[?&]q=/);

    // The note is about that link: the next filter change leaves it behind.
    await users.roleFilter.selectOption({ label: "Member" });
    await expect(page).toHaveURL(/[?&]role=member/);
    await expect(users.note("The team in this link no longer exists")).toHaveCount(0);
  });

  test("an unknown project's filter is left out with a note", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?project=99999&q=${encodeURIComponent(person.email)}`);
    await expect(users.note("The project in this link no longer exists; showing all projects.")).toBeVisible();
    await expect(users.count).toHaveText("1 person");
    await expect(users.row(person.name)).toBeVisible();
    await expect(users.projectFilter.locator("option:checked")).toHaveText("All projects");
    await expect(page).not.toHaveURL(/[?&]project=/);
  });
});
