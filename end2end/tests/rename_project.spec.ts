import { expect, test } from "@playwright/test";
import { OWNER, uniqueName } from "./fixtures/accounts";
import { ProjectsPage } from "./fixtures/projects_page";
import { SignInPage } from "./fixtures/sign_in_page";

test.describe("renaming a project", () => {
  let projects: ProjectsPage;

  test.beforeEach(async ({ page }) => {
    await new SignInPage(page).signIn(OWNER);
    projects = new ProjectsPage(page);
    await projects.goto();
  });

  test("the new name replaces the old one", async () => {
    const before = uniqueName("Project");
    const after = `${before} renamed`;
    await projects.create(before);

    await projects.rename(before, after);
    await expect(projects.row(before)).toHaveCount(0);

    await projects.reload();
    await expect(projects.row(after)).toHaveCount(1);
    await expect(projects.row(before)).toHaveCount(0);
  });

  test("Cancel keeps the old name", async () => {
    const name = uniqueName("Project");
    await projects.create(name);

    const editedRow = await projects.startRename(name, `${name} abandoned`);
    await editedRow.getByRole("button", { name: "Cancel", exact: true }).click();
    await expect(projects.renameInput(name)).toHaveCount(0);
    await expect(projects.row(name)).toHaveCount(1);

    await projects.reload();
    await expect(projects.row(name)).toHaveCount(1);
    await expect(projects.row(`${name} abandoned`)).toHaveCount(0);
  });
});
