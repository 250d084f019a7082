import { addPerson, OWNER, uniqueSuffix } from "./fixtures/accounts";
import { reloadHydrated } from "./fixtures/hydration";
import { ProjectsPage } from "./fixtures/projects_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamPage } from "./fixtures/team_page";
import { TeamsPage } from "./fixtures/teams_page";
import { UsersPage } from "./fixtures/users_page";
import { expect, test } from "./fixtures/test";

/** `count` names `${prefix} 00`, `${prefix} 01`, … in order. */
function numbered(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${String(i).padStart(2, "0")}`);
}

test("the Teams tab pages through, searches and sorts its teams, with all of it in the address", async ({ page, ownerTeams }) => {
  test.setTimeout(120_000);
  // 55 teams of this test's own, found by their common name whatever other tests add meanwhile.
  const prefix = `Paged ${uniqueSuffix()}`;
  const names = numbered(prefix, 55);
  const ids: number[] = [];
  for (const name of names) ids.push((await ownerTeams.createOk(name)).id);
  // Team 07 gets two members, team 42 one.
  const [ann, bob] = [addPerson("member"), addPerson("member")];
  for (const [team, person] of [[ids[7], ann], [ids[7], bob], [ids[42], bob]] as const) {
    const added = await ownerTeams.addMember(team, await ownerTeams.accountId(person.email));
    expect(added.status(), await added.text()).toBe(200);
  }

  await new SignInPage(page).signIn(OWNER);
  const teams = new TeamsPage(page);
  await teams.goto();
  await teams.show(prefix);
  await expect(teams.count).toHaveText("55 teams");
  await expect(teams.table.getByRole("link")).toHaveText(names.slice(0, 50));
  await expect(teams.pageNumber).toHaveText("Page 1 of 2");
  await expect(teams.previousPage).toBeDisabled();

  await teams.nextPage.click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(teams.pageNumber).toHaveText("Page 2 of 2");
  await expect(teams.table.getByRole("link")).toHaveText(names.slice(50));
  await expect(teams.nextPage).toBeDisabled();
  // A reload (or a shared link) shows the same page of the same search; back returns to page 1.
  await reloadHydrated(page);
  await expect(teams.search).toHaveValue(prefix);
  await expect(teams.table.getByRole("link")).toHaveText(names.slice(50));
  await page.goBack();
  await expect(teams.pageNumber).toHaveText("Page 1 of 2");
  await expect(teams.table.getByRole("link").first()).toHaveText(names[0]);

  // Sorting by name turns the order; by members, the largest team first; each from page 1.
  await teams.sortButton("Name").click();
  await expect(page).toHaveURL(/[?&]dir=desc/);
  await expect(teams.table.getByRole("link").first()).toHaveText(names[54]);
  await expect(teams.table.getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "descending");
  await teams.sortButton("Members").click();
  await expect(page).toHaveURL(/[?&]sort=members/);
  await teams.sortButton("Members").click();
  await expect(teams.table.getByRole("link").nth(0)).toHaveText(names[7]);
  await expect(teams.table.getByRole("link").nth(1)).toHaveText(names[42]);
  await expect(teams.row(names[7]).getByRole("cell").nth(1)).toHaveText("2");
  await expect(teams.pageNumber).toHaveText("Page 1 of 2");

  // A narrower search fits one page; a search that matches nothing says so.
  await teams.show(`${prefix.toLowerCase()} 1`);
  await expect(teams.count).toHaveText("10 teams");
  await expect(teams.pager).toHaveCount(0);
  await teams.show(`${prefix} none`);
  await expect(teams.noMatch).toBeVisible();
});

test("the Projects tab pages through, searches and sorts its projects, with all of it in the address", async ({ page, ownerApi }) => {
  test.setTimeout(120_000);
  const prefix = `Paged project ${uniqueSuffix()}`;
  const names = numbered(prefix, 55);
  for (const name of names) await ownerApi.createOk(name);

  await new SignInPage(page).signIn(OWNER);
  const projects = new ProjectsPage(page);
  await projects.goto(prefix);
  await expect(projects.count).toHaveText("55 projects");
  const nameCells = projects.table.locator("tbody tr td:first-child");
  await expect(nameCells).toHaveText(names.slice(0, 50));
  await expect(projects.pageNumber).toHaveText("Page 1 of 2");
  await projects.nextPage.click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(nameCells).toHaveText(names.slice(50));
  await projects.previousPage.click();
  await expect(projects.pageNumber).toHaveText("Page 1 of 2");

  // Newest first: they were created in the order of their names.
  await projects.sortButton("Created").click();
  await expect(page).toHaveURL(/[?&]sort=created/);
  await expect(nameCells.first()).toHaveText(names[0]);
  await projects.sortButton("Created").click();
  await expect(page).toHaveURL(/[?&]dir=desc/);
  await expect(nameCells.first()).toHaveText(names[54]);
  await reloadHydrated(page);
  await expect(nameCells.first()).toHaveText(names[54]);
  await expect(projects.table.getByRole("columnheader", { name: "Created" })).toHaveAttribute("aria-sort", "descending");

  // The search is any case and keeps the order.
  await projects.show(`${prefix.toUpperCase()} 3`);
  await expect(projects.count).toHaveText("10 projects");
  await expect(nameCells.first()).toHaveText(names[39]);
  await expect(projects.pager).toHaveCount(0);
  await projects.show(`${prefix} none`);
  await expect(page.getByText("No project matches this search.", { exact: true })).toBeVisible();
});

test("a team's members page through, search by name or email and sort, with all of it in the address", async ({ page, ownerTeams }) => {
  test.setTimeout(180_000);
  const people = Array.from({ length: 52 }, () => addPerson("member"));
  const ids: number[] = [];
  for (const person of people) ids.push(await ownerTeams.accountId(person.email));
  const name = `Big team ${uniqueSuffix()}`;
  const team = await ownerTeams.createOk(name, [], ids);
  const byName = [...people].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  const byEmail = [...people].sort((a, b) => (a.email < b.email ? -1 : 1));

  await new SignInPage(page).signIn(OWNER);
  const teamPage = new TeamPage(page);
  await teamPage.goto(team.id, name);
  await expect(teamPage.memberCount).toHaveText("52 members");
  const nameCells = teamPage.members.locator("tbody tr td:first-child");
  await expect(nameCells).toHaveCount(50);
  await expect(nameCells.first()).toHaveText(byName[0].name);
  await expect(teamPage.memberPager.getByText("Page 1 of 2")).toBeVisible();
  await teamPage.memberPager.getByRole("button", { name: "Next page", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/teams\/\d+\?page=2$/);
  await expect(nameCells).toHaveText([byName[50].name, byName[51].name]);

  // By email, last first, from page 1; a reload keeps it.
  await teamPage.memberSortButton("Email").click();
  await expect(page).toHaveURL(/[?&]sort=email/);
  await teamPage.memberSortButton("Email").click();
  await expect(page).toHaveURL(/[?&]dir=desc/);
  await expect(teamPage.members.locator("tbody tr td:nth-child(2)").first()).toHaveText(byEmail[51].email);
  await reloadHydrated(page);
  await expect(teamPage.members.locator("tbody tr td:nth-child(2)").first()).toHaveText(byEmail[51].email);

  // Searched by email or by name, in any case.
  await teamPage.searchMembers.fill(people[5].email.toUpperCase());
  await expect(teamPage.memberCount).toHaveText("1 member");
  await expect(teamPage.memberRow(people[5].name)).toBeVisible();
  await teamPage.searchMembers.fill(people[6].name.toLowerCase());
  await expect(teamPage.memberRow(people[6].name)).toBeVisible();
  await expect(teamPage.memberCount).toHaveText("1 member");
  await teamPage.searchMembers.fill("no such member");
  await expect(teamPage.noMemberMatch).toBeVisible();

  // The Add people picker offers no one already in the team, on whichever page of members they
  // are, and still offers someone who is not.
  const outsider = addPerson("member");
  for (const member of [byName[0], byName[51]]) {
    await teamPage.searchPeople.fill(member.email);
    await expect(page.getByText("No one else matches.", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: `Add ${member.name}`, exact: true })).toHaveCount(0);
  }
  await teamPage.searchPeople.fill(outsider.email);
  await expect(page.getByRole("button", { name: `Add ${outsider.name}`, exact: true })).toBeVisible();
});

test("the Teams and Projects searches find names in any case, accented letters included", async ({ page, ownerTeams, ownerApi }) => {
  const suffix = uniqueSuffix();
  const team = `émile ${suffix}`;
  const project = `Ärztekammer ${suffix}`;
  await ownerTeams.createOk(team);
  await ownerApi.createOk(project);

  await new SignInPage(page).signIn(OWNER);
  const teams = new TeamsPage(page);
  await teams.goto();
  // Three letters or more, and one or two, each in the other case.
  for (const search of [`ÉMILE ${suffix}`, "ÉM"]) {
    await teams.show(search);
    await expect(teams.table.getByRole("link", { name: team, exact: true })).toBeVisible();
  }

  const projects = new ProjectsPage(page);
  await projects.goto();
  for (const search of [`ärztekammer ${suffix}`, "äR"]) {
    await projects.show(search);
    await expect(projects.row(project)).toBeVisible();
  }
});

test("the Users search finds names with letters past ASCII in either case, from one letter on", async ({ page }) => {
  const person = addPerson("member", undefined, `Zoë ${uniqueSuffix()}`);

  await new SignInPage(page).signIn(OWNER);
  const users = new UsersPage(page);
  await users.goto();
  // One and two letters go another way through the store than three or more: each in the other case.
  for (const search of ["Ë", "OË", person.name.toUpperCase()]) {
    await users.search.fill(search);
    await expect(users.row(person.name)).toBeVisible();
  }
  await users.search.fill("Ëx");
  await expect(users.row(person.name)).toHaveCount(0);
});
