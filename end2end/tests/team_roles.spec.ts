import { OWNER, addPerson, uniqueName } from "./fixtures/accounts";
import { ProjectPeoplePage } from "./fixtures/project_people_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamPage } from "./fixtures/team_page";
import { expect, test } from "./fixtures/test";

test.describe("a team's project roles", () => {
  test("changing the team's role changes its members' effective role", async ({ page, ownerApi, ownerTeams }) => {
    const api = ownerTeams;
    const project = await ownerApi.createOk(uniqueName("Project"));
    const person = addPerson("member");
    const teamName = uniqueName("Team");
    const team = await api.createOk(teamName, [{ project_id: project.id, role: "consumer" }], [await api.accountId(person.email)]);
    await new SignInPage(page).signIn(OWNER);

    const people = new ProjectPeoplePage(page, project.name);
    await people.goto(project.id);
    await expect(people.role(person.name)).toHaveText("Consumer");

    const teamPage = new TeamPage(page);
    await teamPage.goto(team.id, teamName);
    await teamPage.setRole(project.name, "Admin");

    await people.open();
    await expect(people.role(person.name)).toHaveText("Admin");
    await expect(people.grant(person.name, `Team ${teamName}`)).toHaveText(`Admin — Granted by: Team ${teamName}`);
  });

  test("adding and removing a project grants and takes away only that project", async ({ page, ownerApi, ownerTeams }) => {
    // Five full page loads and as many server round trips: more than a loaded machine does in 30 s.
    test.slow();
    const api = ownerTeams;
    const kept = await ownerApi.createOk(uniqueName("Project"));
    const added = await ownerApi.createOk(uniqueName("Project"));
    const person = addPerson("member");
    const teamName = uniqueName("Team");
    const team = await api.createOk(teamName, [{ project_id: kept.id, role: "analyst" }], [await api.accountId(person.email)]);
    await new SignInPage(page).signIn(OWNER);

    const teamPage = new TeamPage(page);
    await teamPage.goto(team.id, teamName);
    await teamPage.addProject(added.name, "Owner");
    await expect(teamPage.roleFor(added.name).locator("option:checked")).toHaveText("Owner");

    const addedPeople = new ProjectPeoplePage(page, added.name);
    await addedPeople.goto(added.id);
    await expect(addedPeople.role(person.name)).toHaveText("Owner");

    await teamPage.goto(team.id, teamName);
    await page.getByRole("button", { name: `Remove ${added.name}`, exact: true }).click();
    await expect(teamPage.projectRow(added.name)).toHaveCount(0);

    await addedPeople.goto(added.id);
    await expect(addedPeople.person(person.name)).toHaveCount(0);
    const keptPeople = new ProjectPeoplePage(page, kept.name);
    await keptPeople.goto(kept.id);
    await expect(keptPeople.role(person.name)).toHaveText("Analyst");
  });

  test("an Owner sets what all users get on a project", async ({ page, ownerApi }) => {
    const project = await ownerApi.createOk(uniqueName("Project"));
    addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const people = new ProjectPeoplePage(page, project.name);
    await people.open();
    await expect(people.everyoneElse).toHaveCount(0);
    await people.allUsersGet.selectOption({ label: "Analyst" });
    await page.getByRole("dialog").getByRole("button", { name: "Give everyone access" }).click();
    await expect(people.everyoneElse).toContainText("Analyst (All users)");
    await expect(people.grant(OWNER.name, "All users")).toHaveText("Analyst — Granted by: All users");

    await people.goto(project.id);
    await expect(people.allUsersGet.locator("option:checked")).toHaveText("Analyst");
  });
});
