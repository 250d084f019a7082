import { expect, test } from "@playwright/test";
import { OWNER, uniqueName } from "./fixtures/accounts";
import { DUPLICATE_PROJECT, EMPTY_PROJECT_NAME, ProjectsPage } from "./fixtures/projects_page";
import { SignInPage } from "./fixtures/sign_in_page";

test.describe("creating a project", () => {
  let projects: ProjectsPage;

  test.beforeEach(async ({ page }) => {
    await new SignInPage(page).signIn(OWNER);
    projects = new ProjectsPage(page);
    await projects.goto();
  });

  test("a new project is listed and kept", async () => {
    const name = uniqueName("Project");
    await projects.create(name);
    await expect(projects.row(name)).toHaveCount(1);

    await projects.reload();
    await expect(projects.row(name)).toHaveCount(1);
  });

  test("a name already taken, in any case, is refused", async () => {
    const name = uniqueName("Project");
    await projects.create(name);

    const shouted = name.toUpperCase();
    await projects.submitCreate(shouted);
    await expect(projects.error(DUPLICATE_PROJECT)).toBeVisible();

    await projects.reload();
    await expect(projects.row(name)).toHaveCount(1);
    await expect(projects.row(shouted)).toHaveCount(0);
  });

  test("an empty name is refused", async () => {
    await projects.submitCreate("");
    await expect(projects.error(EMPTY_PROJECT_NAME)).toBeVisible();
  });
});
