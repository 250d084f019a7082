import { addPerson, uniqueName, type OrgRole } from "./fixtures/accounts";
import { ProjectsApi, expectRefused } from "./fixtures/api";
import { ProjectsPage } from "./fixtures/projects_page";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

const READ_ONLY_ROLES: { role: OrgRole; label: string }[] = [
  { role: "member", label: "a Member" },
  { role: "billing_admin", label: "a Billing Admin" },
];

for (const { role, label } of READ_ONLY_ROLES) {
  test.describe(`${label} reads projects only`, () => {
    test("the Projects tab lists projects without any controls", async ({ page, ownerApi }) => {
      const project = await ownerApi.createOk(uniqueName("Project"));
      const person = addPerson(role);
      await new SignInPage(page).signIn(person);

      const settings = new SettingsPage(page);
      const settingsMenu = await settings.openSettingsMenu();
      await expect(settingsMenu.getByRole("menuitem", { name: "Organization settings", exact: true })).toBeVisible();
      await expect(settingsMenu.getByRole("menuitem", { name: "Invite Users", exact: true })).toHaveCount(0);
      await page.keyboard.press("Escape");
      await expect(settings.openMenu).toHaveCount(0);

      const accountMenu = await settings.openAccountMenu(person.name);
      await expect(accountMenu.getByRole("menuitem", { name: "Sign out", exact: true })).toBeVisible();
      await expect(accountMenu.getByRole("menuitem", { name: "Invite Users", exact: true })).toHaveCount(0);

      const projects = new ProjectsPage(page);
      await projects.goto(project.name);
      await expect(projects.row(project.name)).toHaveCount(1);
      await expect(projects.nameInput).toHaveCount(0);
      await expect(projects.createButton).toHaveCount(0);
      await expect(projects.renameButton(project.name)).toHaveCount(0);
      await expect(projects.deleteButton(project.name)).toHaveCount(0);
      // The column headers sort; no row has a control.
      await expect(projects.table.locator("tbody").getByRole("button")).toHaveCount(0);
    });

    test("the server refuses their changes and writes nothing", async ({ page, ownerApi }) => {
      const project = await ownerApi.createOk(uniqueName("Project"));
      const person = addPerson(role);
      await new SignInPage(page).signIn(person);
      const api = new ProjectsApi(page.request);

      const refused = uniqueName("Project");
      await expectRefused(await api.create(refused), 403);
      await expectRefused(await api.rename(project.id, `${project.name} renamed`), 403);
      await expectRefused(await api.delete(project.id), 403);

      expect(await ownerApi.find(refused)).toBeUndefined();
      expect(await ownerApi.find(project.name)).toEqual(project);
    });
  });
}

test("without a session the server refuses to create a project", async ({ playwright, baseURL, ownerApi }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const name = uniqueName("Project");
  try {
    await expectRefused(await new ProjectsApi(anonymous).create(name), 401);
  } finally {
    await anonymous.dispose();
  }
  expect(await ownerApi.find(name)).toBeUndefined();
});

test.describe("an Admin", () => {
  test("creates and renames projects but is not offered Delete", async ({ page }) => {
    const admin = addPerson("admin");
    await new SignInPage(page).signIn(admin);

    const settings = new SettingsPage(page);
    const menu = await settings.openSettingsMenu();
    await expect(menu.getByRole("menuitem", { name: "Invite Users", exact: true })).toBeVisible();
    await page.keyboard.press("Escape");

    const projects = new ProjectsPage(page);
    await projects.goto();
    const name = uniqueName("Project");
    const renamed = `${name} renamed`;
    await projects.create(name);
    await expect(projects.deleteButton(name)).toHaveCount(0);
    await projects.rename(name, renamed);

    await projects.reload();
    await expect(projects.row(renamed)).toHaveCount(1);
    await expect(projects.row(name)).toHaveCount(0);
    await expect(projects.renameButton(renamed)).toBeVisible();
    await expect(projects.deleteButton(renamed)).toHaveCount(0);
  });

  test("the server refuses an Admin's delete", async ({ page, ownerApi }) => {
    const project = await ownerApi.createOk(uniqueName("Project"));
    const admin = addPerson("admin");
    await new SignInPage(page).signIn(admin);

    await expectRefused(await new ProjectsApi(page.request).delete(project.id), 403);
    expect(await ownerApi.find(project.name)).toEqual(project);

    const projects = new ProjectsPage(page);
    await projects.goto(project.name);
    await expect(projects.row(project.name)).toHaveCount(1);
    await expect(projects.deleteButton(project.name)).toHaveCount(0);
  });
});
