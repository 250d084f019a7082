import { OWNER, addPerson, uniqueName } from "./fixtures/accounts";
import { ProjectPeoplePage } from "./fixtures/project_people_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamPage } from "./fixtures/team_page";
import { TeamsApi } from "./fixtures/teams_api";
import { DUPLICATE_TEAM, TeamsPage } from "./fixtures/teams_page";
import { expect, test } from "./fixtures/test";

test.describe("creating a team", () => {
  test("name, projects and members in one flow; members reach the projects through the team", async ({ page, ownerApi }) => {
    const project = await ownerApi.createOk(uniqueName("Project"));
    const first = addPerson("member");
    const second = addPerson("member");
    const teamName = uniqueName("Team");
    await new SignInPage(page).signIn(OWNER);

    const teams = new TeamsPage(page);
    await teams.goto();
    await teams.openCreate();
    await teams.chooseName(teamName);
    await teams.chooseProject(project.name, "Analyst");
    await teams.next.click();
    await expect(page.getByRole("link", { name: "Invite to Teams", exact: true })).toBeVisible();
    await teams.choosePerson(first.name);
    await teams.createTeam.click();

    const team = new TeamPage(page);
    await team.expectTeam(teamName);
    await expect(page.getByRole("status").filter({ hasText: `Team ${teamName} created.` })).toBeVisible();
    await expect(team.memberRow(first.name)).toBeVisible();
    await expect(team.roleFor(project.name).locator("option:checked")).toHaveText("Analyst");

    await team.addMember(second.name);
    await expect(page.getByRole("status").filter({ hasText: `${second.name} joined ${teamName}.` })).toBeVisible();

    const people = new ProjectPeoplePage(page, project.name);
    await people.open();
    for (const person of [first, second]) {
      await expect(people.role(person.name)).toHaveText("Analyst");
      await expect(people.grant(person.name, `Team ${teamName}`)).toHaveText(`Analyst — Granted by: Team ${teamName}`);
    }

    await teams.goto();
    await teams.search.fill(teamName);
    await expect(teams.row(teamName)).toContainText(`${project.name} (Analyst)`);
    await expect(teams.row(teamName).getByRole("cell").nth(1)).toHaveText("2");
  });

  test("a name already taken, in any case, is refused as it is typed and by the server", async ({ page, ownerTeams }) => {
    const taken = uniqueName("Team");
    await ownerTeams.createOk(taken);
    await new SignInPage(page).signIn(OWNER);

    const teams = new TeamsPage(page);
    await teams.goto();
    await teams.openCreate();
    await teams.nameInput.fill(taken.toUpperCase());
    await expect(teams.error(DUPLICATE_TEAM)).toBeVisible();
    await teams.next.click();
    await expect(teams.nameInput).toBeVisible();
    await expect(teams.error(DUPLICATE_TEAM)).toBeVisible();

    const response = await new TeamsApi(page.request).create(taken.toLowerCase());
    expect(response.status()).toBe(409);
    expect(await response.json()).toEqual({ Conflict: { field: "name", message: DUPLICATE_TEAM } });
  });

  test("the search box finds teams by name", async ({ page, ownerTeams }) => {
    const api = ownerTeams;
    const alpha = uniqueName("Alpha");
    const beta = uniqueName("Beta");
    await api.createOk(alpha);
    await api.createOk(beta);
    await new SignInPage(page).signIn(OWNER);
    const teams = new TeamsPage(page);
    await teams.goto();
    await teams.search.fill(alpha.toLowerCase());
    await expect(teams.row(alpha)).toBeVisible();
    await expect(teams.row(beta)).toHaveCount(0);
    await teams.teamLink(alpha).click();
    await new TeamPage(page).expectTeam(alpha);
  });
});
