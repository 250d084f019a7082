import type { Page } from "@playwright/test";
import { addPerson, OWNER, uniqueName } from "./fixtures/accounts";
import { AuditLogPage } from "./fixtures/audit_log_page";
import { PersonPage } from "./fixtures/person_page";
import { ProjectsPage } from "./fixtures/projects_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamPage } from "./fixtures/team_page";
import { addTeam } from "./fixtures/teams";
import type { Team } from "./fixtures/teams_api";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

/** The notification that says `text` (among those shown). */
function said(page: Page, text: string) {
  return page.getByRole("status").locator(".toast").filter({ hasText: text });
}

/** Clicks Undo on the notification that says `text`. */
async function undo(page: Page, text: string): Promise<void> {
  const notice = said(page, text);
  await expect(notice).toBeVisible();
  await notice.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(notice).toHaveCount(0);
}

test.describe("notifications", () => {
  test("a role change is said, and Undo restores the old role; the audit log shows both changes", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    const personPage = new PersonPage(page);
    await personPage.changeRole("Admin");

    const said = page.getByRole("status").filter({ hasText: `${person.name} is now an Admin.` });
    await expect(said).toBeVisible();
    await said.getByRole("button", { name: "Undo", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `${person.name} is a Member again.` })).toBeVisible();
    await expect(personPage.roleSelect).toHaveValue("member");
    await page.reload();
    await expect(personPage.roleSelect).toHaveValue("member");

    const log = new AuditLogPage(page);
    await log.goto();
    await expect(log.rows(OWNER.name, "Changed organization role", person.name, "Member → Admin")).toHaveCount(1);
    await expect(log.rows(OWNER.name, "Changed organization role", person.name, "Admin → Member")).toHaveCount(1);
  });

  test("a notification goes away by itself, and Dismiss takes it away at once", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    const personPage = new PersonPage(page);

    await personPage.changeRole("Billing Admin");
    const first = page.locator(".toast").filter({ hasText: `${person.name} is now a Billing Admin.` });
    await expect(first).toBeVisible();
    await first.getByRole("button", { name: "Dismiss", exact: true }).click();
    await expect(first).toHaveCount(0);

    await personPage.changeRole("Member");
    const second = page.locator(".toast").filter({ hasText: `${person.name} is now a Member.` });
    await expect(second).toBeVisible();
    // Gone after its time on screen (ten seconds for one with Undo) without anything done.
    await page.mouse.move(0, 0);
    await expect(second).toHaveCount(0, { timeout: 20_000 });
  });

  test("joining a team is said and undone; an Undo of a team left puts the person back", async ({ page }) => {
    const person = addPerson("member");
    const team = addTeam("Notified");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    const personPage = new PersonPage(page);

    await personPage.addToTeam(team);
    const joined = page.getByRole("status").locator(".toast").filter({ hasText: `${person.name} is now in ${team}.` });
    await expect(joined).toBeVisible();
    await joined.getByRole("button", { name: "Undo", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `${person.name} is out of ${team} again.` })).toBeVisible();
    await expect(personPage.teamLink(team)).toHaveCount(0);

    await personPage.addToTeam(team);
    await personPage.removeFromTeam(person.name, team);
    const left = page.locator(".toast").filter({ hasText: `${person.name} is no longer in ${team}.` });
    await left.getByRole("button", { name: "Undo", exact: true }).click();
    await expect(personPage.teamLink(team)).toBeVisible();
  });

  test("removing a person is said on the Users tab the page returns to", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    const personPage = new PersonPage(page);
    await personPage.remove.click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove person", exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/users$/);
    const said = page.getByRole("status").filter({ hasText: `${person.name} was removed from E2E Org.` });
    await expect(said).toBeVisible();
    await expect(said.getByRole("button", { name: "Undo" })).toHaveCount(0);
  });

  test("a member added on a team's page is said, and Undo takes them out again, on the server too", async ({ page, ownerTeams }) => {
    const person = addPerson("member");
    const teamName = uniqueName("Joined");
    const team = await ownerTeams.createOk(teamName);
    await new SignInPage(page).signIn(OWNER);
    const teamPage = new TeamPage(page);
    await teamPage.goto(team.id, teamName);

    await teamPage.addMember(person.name);
    await expect(teamPage.memberCount).toHaveText("1 member");
    await undo(page, `${person.name} joined ${teamName}.`);
    await expect(said(page, `${person.name} is out of ${teamName} again.`)).toBeVisible();
    await expect(teamPage.memberRow(person.name)).toHaveCount(0);
    await teamPage.goto(team.id, teamName);
    await expect(teamPage.memberRow(person.name)).toHaveCount(0);
    const saved = (await (await ownerTeams.get(team.id)).json()) as Team;
    expect(saved.members).toEqual([]);

    // Removed on the page, then put back by Undo.
    await teamPage.addMember(person.name);
    await teamPage.memberRow(person.name).getByRole("button", { name: `Remove ${person.name}`, exact: true }).click();
    await expect(teamPage.memberRow(person.name)).toHaveCount(0);
    await undo(page, `${person.name} is no longer in ${teamName}.`);
    await expect(said(page, `${person.name} is in ${teamName} again.`)).toBeVisible();
    await expect(teamPage.memberRow(person.name)).toBeVisible();

    const log = new AuditLogPage(page);
    await log.goto();
    // Each Undo is a change of its own: two removals (one by Undo), three additions (one by Undo).
    await expect(log.rows(OWNER.name, "Removed from a team", teamName, person.email)).toHaveCount(2);
    await expect(log.rows(OWNER.name, "Added to a team", teamName, person.email)).toHaveCount(3);
  });

  test("a team's project role changed is said, and Undo gives back the role before; so does a project taken away", async ({ page, ownerApi, ownerTeams }) => {
    const project = await ownerApi.createOk(uniqueName("Checkout"));
    const teamName = uniqueName("Design");
    const team = await ownerTeams.createOk(teamName, [{ project_id: project.id, role: "consumer" }]);
    await new SignInPage(page).signIn(OWNER);
    const teamPage = new TeamPage(page);
    await teamPage.goto(team.id, teamName);

    await teamPage.setRole(project.name, "Admin");
    await undo(page, `${teamName} is now an Admin on ${project.name}.`);
    await expect(said(page, `${teamName} is a Consumer on ${project.name} again.`)).toBeVisible();
    await expect(teamPage.roleFor(project.name).locator("option:checked")).toHaveText("Consumer");
    const roleOnServer = async () => ((await (await ownerTeams.get(team.id)).json()) as Team).projects.map((p) => p.role);
    expect(await roleOnServer()).toEqual(["consumer"]);

    await teamPage.projectRow(project.name).getByRole("button", { name: `Remove ${project.name}`, exact: true }).click();
    await expect(teamPage.projectRow(project.name)).toHaveCount(0);
    await undo(page, `${teamName} no longer grants access to ${project.name}.`);
    await expect(teamPage.roleFor(project.name).locator("option:checked")).toHaveText("Consumer");
    expect(await roleOnServer()).toEqual(["consumer"]);
  });

  test("a project added to a team, the team renamed and deleted are said", async ({ page, ownerApi, ownerTeams }) => {
    const project = await ownerApi.createOk(uniqueName("Added"));
    const teamName = uniqueName("Renamed");
    const team = await ownerTeams.createOk(teamName);
    await new SignInPage(page).signIn(OWNER);
    const teamPage = new TeamPage(page);
    await teamPage.goto(team.id, teamName);

    await teamPage.addProject(project.name, "Analyst");
    await undo(page, `${teamName} is now an Analyst on ${project.name}.`);
    await expect(teamPage.projectRow(project.name)).toHaveCount(0);

    const newName = `${teamName} 2`;
    await teamPage.rename(newName);
    await undo(page, `Team renamed to ${newName}.`);
    await expect(said(page, `Team renamed back to ${teamName}.`)).toBeVisible();
    await teamPage.expectTeam(teamName);

    const dialog = await teamPage.openDeleteDialog(teamName);
    await dialog.getByRole("button", { name: "Delete team", exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/teams$/);
    const deleted = said(page, `Team ${teamName} deleted.`);
    await expect(deleted).toBeVisible();
    await expect(deleted.getByRole("button", { name: "Undo" })).toHaveCount(0);
    expect((await ownerTeams.get(team.id)).status()).toBe(404);
  });

  test("a project created, renamed (and renamed back by Undo) and deleted is said", async ({ page }) => {
    const name = uniqueName("Said");
    const newName = `${name} renamed`;
    await new SignInPage(page).signIn(OWNER);
    const projects = new ProjectsPage(page);
    await projects.goto();

    await projects.submitCreate(name);
    await expect(said(page, `Project ${name} created.`)).toBeVisible();
    await projects.show(name);
    await expect(projects.row(name)).toBeVisible();

    await projects.rename(name, newName);
    await undo(page, `Project ${name} renamed to ${newName}.`);
    await expect(said(page, `Project ${newName} renamed back to ${name}.`)).toBeVisible();
    await projects.show(name);
    await expect(projects.row(name)).toBeVisible();
    await projects.reload();
    await expect(projects.row(name)).toBeVisible();

    await projects.delete(name);
    await expect(said(page, `Project ${name} deleted.`)).toBeVisible();
    await projects.reload();
    await expect(projects.row(name)).toHaveCount(0);
  });
});
