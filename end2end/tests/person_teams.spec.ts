import { addPerson, OWNER } from "./fixtures/accounts";
import { reloadHydrated } from "./fixtures/hydration";
import { PersonPage } from "./fixtures/person_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { addTeam } from "./fixtures/teams";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test("an Owner adds a person to a team and takes them out again from the person's page", async ({ page }) => {
  const team = addTeam("Person page team");
  const person = addPerson("member");
  await new SignInPage(page).signIn(OWNER);
  await new UsersPage(page).openPerson(person);
  const personPage = new PersonPage(page);
  await expect(page.getByText("Not in any team.")).toBeVisible();

  await personPage.addToTeam(team);
  await reloadHydrated(page);
  await expect(personPage.teamLink(team)).toBeVisible();
  await expect(personPage.teamLink(team)).toHaveAttribute("href", /\/settings\/teams\/\d+$/);

  await personPage.removeFromTeam(person.name, team);
  await page.reload();
  await expect(page.getByText("Not in any team.")).toBeVisible();
});

test("the Users tab links to the pending invitations with their number", async ({ page, ownerInvitations }) => {
  await ownerInvitations.inviteOk(`pending-link-${Date.now()}@e2e.test`);
  await new SignInPage(page).signIn(OWNER);
  const users = new UsersPage(page);
  await users.goto();
  const link = page.getByRole("link", { name: /^\d+ pending invitations?$/ });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/settings\/invitations$/);
  await expect(page.getByRole("heading", { level: 2, name: "Invitations", exact: true })).toBeVisible();
});
