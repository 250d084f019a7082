import { addPerson, OWNER, uniqueName } from "./fixtures/accounts";
import { reloadHydrated } from "./fixtures/hydration";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamPage } from "./fixtures/team_page";
import { TeamsPage } from "./fixtures/teams_page";
import { expect, test } from "./fixtures/test";

test.describe("the Create Team flow keeps its steps in the address", () => {
  test("a reload at step 2 or 3 keeps the name and the projects with their roles", async ({ page, ownerApi }) => {
    const web = await ownerApi.createOk(uniqueName("Web"));
    const app = await ownerApi.createOk(uniqueName("App"));
    const person = addPerson("member");
    const teamName = uniqueName("Team");
    await new SignInPage(page).signIn(OWNER);
    const teams = new TeamsPage(page);
    await teams.goto();
    await teams.openCreate();
    await teams.chooseName(teamName);
    await teams.chooseProject(web.name, "Analyst");
    await teams.chooseProject(app.name, "Owner");
    await expect(page).toHaveURL(/step=2/);

    // Leaving with unsaved choices asks first; staying keeps everything.
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.type());
      void dialog.accept();
    });
    await reloadHydrated(page);
    expect(asked).toEqual(["beforeunload"]);
    await expect(teams.flow.getByRole("checkbox", { name: web.name, exact: true })).toBeChecked();
    await expect(teams.flow.getByRole("combobox", { name: `Role for ${web.name}`, exact: true }).locator("option:checked")).toHaveText("Analyst");
    await expect(teams.flow.getByRole("combobox", { name: `Role for ${app.name}`, exact: true }).locator("option:checked")).toHaveText("Owner");

    await teams.next.click();
    await expect(page).toHaveURL(/step=3/);
    page.once("dialog", (dialog) => void dialog.accept());
    await reloadHydrated(page);
    await expect(teams.searchPeople).toBeVisible();
    await teams.choosePerson(person.name);
    await teams.createTeam.click();

    const team = new TeamPage(page);
    await team.expectTeam(teamName);
    await expect(team.roleFor(web.name).locator("option:checked")).toHaveText("Analyst");
    await expect(team.roleFor(app.name).locator("option:checked")).toHaveText("Owner");
    await expect(team.memberRow(person.name)).toBeVisible();
  });

  test("the browser's Back button goes to the previous step, with the choices kept", async ({ page, ownerApi }) => {
    const web = await ownerApi.createOk(uniqueName("Web"));
    const teamName = uniqueName("Team");
    await new SignInPage(page).signIn(OWNER);
    const teams = new TeamsPage(page);
    await teams.goto();
    await teams.openCreate();
    await teams.chooseName(teamName);
    await teams.chooseProject(web.name, "Admin");
    await teams.next.click();
    await expect(teams.searchPeople).toBeVisible();

    await page.goBack();
    await expect(page).toHaveURL(/step=2/);
    await expect(teams.flow.getByRole("checkbox", { name: web.name, exact: true })).toBeChecked();
    await expect(teams.flow.getByRole("combobox", { name: `Role for ${web.name}`, exact: true }).locator("option:checked")).toHaveText("Admin");

    await page.goBack();
    await expect(teams.nameInput).toHaveValue(teamName);
    await page.goForward();
    await expect(teams.flow.getByRole("checkbox", { name: web.name, exact: true })).toBeChecked();
  });
});
