import { addPerson, uniqueName, type OrgRole } from "./fixtures/accounts";
import { expectRefused } from "./fixtures/api";
import { ProjectPeoplePage } from "./fixtures/project_people_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamPage } from "./fixtures/team_page";
import { TeamsApi } from "./fixtures/teams_api";
import { TeamsPage } from "./fixtures/teams_page";
import { expect, test } from "./fixtures/test";

const READ_ONLY_ROLES: { role: OrgRole; label: string }[] = [
  { role: "member", label: "a Member" },
  { role: "billing_admin", label: "a Billing Admin" },
];

for (const { role, label } of READ_ONLY_ROLES) {
  test(`${label} sees teams read-only and the server refuses their changes`, async ({ page, ownerApi, ownerTeams }) => {
    const api = ownerTeams;
    const project = await ownerApi.createOk(uniqueName("Project"));
    const teammate = addPerson("member");
    const teamName = uniqueName("Team");
    const team = await api.createOk(teamName, [{ project_id: project.id, role: "analyst" }], [await api.accountId(teammate.email)]);
    const person = addPerson(role);
    await new SignInPage(page).signIn(person);

    const teams = new TeamsPage(page);
    await teams.goto(teamName);
    await expect(teams.row(teamName)).toBeVisible();
    await expect(teams.createButton).toHaveCount(0);

    const teamPage = new TeamPage(page);
    await teams.teamLink(teamName).click();
    await teamPage.expectTeam(teamName);
    await expect(teamPage.memberRow(teammate.name)).toBeVisible();
    await expect(teamPage.projectRow(project.name)).toContainText("Analyst");
    for (const control of [teamPage.renameButton, teamPage.deleteButton, teamPage.addProjectButton, teamPage.searchPeople, teamPage.roleFor(project.name)]) {
      await expect(control).toHaveCount(0);
    }
    await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);

    const people = new ProjectPeoplePage(page, project.name);
    await people.open();
    await expect(people.grant(teammate.name, `Team ${teamName}`)).toBeVisible();
    await expect(people.allUsersGet).toHaveCount(0);

    const mine = new TeamsApi(page.request);
    await expectRefused(await mine.create(uniqueName("Team")), 403);
    await expectRefused(await mine.rename(team.id, "Hijacked"), 403);
    await expectRefused(await mine.setProjectRole(team.id, project.id, "owner"), 403);
    await expectRefused(await mine.addMember(team.id, await api.accountId(person.email)), 403);
    await expectRefused(await mine.delete(team.id), 403);
    const unchanged = (await (await api.get(team.id)).json()) as { name: string; members: unknown[]; projects: { role: string }[] };
    expect(unchanged.name).toBe(teamName);
    expect(unchanged.members).toHaveLength(1);
    expect(unchanged.projects[0].role).toBe("analyst");
  });
}
