import { OWNER, addPerson, uniqueName } from "./fixtures/accounts";
import { ProjectPeoplePage } from "./fixtures/project_people_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamPage } from "./fixtures/team_page";
import { TeamsPage } from "./fixtures/teams_page";
import { expect, test } from "./fixtures/test";

test("deleting a team removes what it granted and nothing else", async ({ page, ownerApi, ownerTeams }) => {
  const api = ownerTeams;
  const project = await ownerApi.createOk(uniqueName("Project"));
  await api.setAllUsersRole(project.id, "consumer");
  const person = addPerson("member");
  const personId = await api.accountId(person.email);
  const doomedName = uniqueName("Doomed");
  const keptName = uniqueName("Kept");
  const doomed = await api.createOk(doomedName, [{ project_id: project.id, role: "analyst" }], [personId]);
  await api.createOk(keptName, [{ project_id: project.id, role: "consumer" }], [personId]);
  await new SignInPage(page).signIn(OWNER);

  const people = new ProjectPeoplePage(page, project.name);
  await people.goto(project.id);
  await expect(people.role(person.name)).toHaveText("Analyst");

  const teamPage = new TeamPage(page);
  await teamPage.goto(doomed.id, doomedName);
  const dialog = await teamPage.openDeleteDialog(doomedName);
  await expect(dialog).toContainText(`1 person loses access granted by this team: ${project.name} (Analyst).`);
  await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(dialog).toBeHidden();

  await teamPage.openDeleteDialog(doomedName);
  await dialog.getByRole("button", { name: "Delete team", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/teams$/);
  const teams = new TeamsPage(page);
  await teams.show(keptName);
  await expect(teams.row(keptName)).toBeVisible();
  await teams.show(doomedName);
  await expect(teams.noMatch).toBeVisible();
  await expect(teams.row(doomedName)).toHaveCount(0);

  await people.open();
  await expect(people.role(person.name)).toHaveText("Consumer");
  await expect(people.grant(person.name, `Team ${doomedName}`)).toHaveCount(0);
  await expect(people.grant(person.name, `Team ${keptName}`)).toBeVisible();
  await expect(people.grant(person.name, "All users")).toBeVisible();
  expect((await api.get(doomed.id)).status()).toBe(404);
});
