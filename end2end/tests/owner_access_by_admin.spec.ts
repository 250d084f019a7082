import { addPerson, uniqueName } from "./fixtures/accounts";
import { PersonPage } from "./fixtures/person_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamPage } from "./fixtures/team_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test("an Admin is offered no change to an Owner's access, on the person page or the team page", async ({ page, ownerApi, ownerTeams }) => {
  const owner = addPerson("owner");
  const outsideTheTeam = addPerson("owner");
  const member = addPerson("member");
  await ownerApi.createOk(uniqueName("Owned"));
  const team = await ownerTeams.createOk(uniqueName("Mixed"), [], [await ownerTeams.accountId(owner.email)]);
  await new SignInPage(page).signIn(addPerson("admin"));

  await new UsersPage(page).openPerson(owner);
  const person = new PersonPage(page);
  await expect(page.locator("p.role-text")).toHaveText("Owner");
  await expect(page.getByRole("button", { name: "Grant access" })).toHaveCount(0);
  await expect(page.getByLabel("Add to team", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Remove ${owner.name} from ${team.name}` })).toHaveCount(0);
  await expect(person.teamLink(team.name)).toBeVisible();

  const teamPage = new TeamPage(page);
  await teamPage.goto(team.id, team.name);
  await expect(teamPage.memberRow(owner.name)).toBeVisible();
  await expect(page.getByRole("button", { name: `Remove ${owner.name}`, exact: true })).toHaveCount(0);
  await teamPage.searchPeople.fill(outsideTheTeam.email);
  await expect(page.getByRole("list", { name: "People found" })).toContainText("Owner: only an Owner can add them");
  await expect(page.getByRole("button", { name: `Add ${outsideTheTeam.name}`, exact: true })).toHaveCount(0);

  // A Member is still the Admin's to add.
  await teamPage.addMember(member.name);
});
