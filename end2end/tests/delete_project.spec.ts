import { expect, test } from "@playwright/test";
import { OWNER, uniqueName } from "./fixtures/accounts";
import { ProjectsPage } from "./fixtures/projects_page";
import { SignInPage } from "./fixtures/sign_in_page";

test.describe("deleting a project", () => {
  let projects: ProjectsPage;
  let name: string;

  test.beforeEach(async ({ page }) => {
    await new SignInPage(page).signIn(OWNER);
    projects = new ProjectsPage(page);
    await projects.goto();
    name = uniqueName("Project");
    await projects.create(name);
  });

  test("the confirmation names the project, and Cancel keeps it", async () => {
    const dialog = await projects.openDeleteDialog(name);
    await expect(dialog).toHaveAccessibleName(`Delete project \u201c${name}\u201d?`);
    await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(projects.row(name)).toHaveCount(1);

    await projects.reload();
    await expect(projects.row(name)).toHaveCount(1);
  });

  test("confirming removes the project", async () => {
    await projects.delete(name);

    await projects.reload();
    await expect(projects.row(name)).toHaveCount(0);
  });
});
