import { expect, test } from "@playwright/test";
import { ORG_NAME, OWNER } from "./fixtures/accounts";
import { waitForPageLoad } from "./fixtures/hydration";
import { SettingsPage } from "./fixtures/settings_page";
import { SetupPage } from "./fixtures/setup_page";

// Runs once against the empty database, in order: the last steps depend on the organization that
// the previous one creates, and every other spec depends on this one.
test.describe.configure({ mode: "serial" });

test.describe("first run", () => {
  test("every page leads to setup while there is no organization", async ({ page }) => {
    const setup = new SetupPage(page);
    await setup.goto("/");
    await setup.goto("/settings/projects");
    await setup.goto("/sign-in");
  });

  test("an empty form shows field errors and creates nothing", async ({ page }) => {
    const setup = new SetupPage(page);
    await setup.goto();
    await setup.submitForm({});
    await expect(setup.error("Enter the organization's name.")).toBeVisible();
    await expect(page).toHaveURL(/\/setup$/);
  });

  test("a too-short password is refused under the password field", async ({ page }) => {
    const setup = new SetupPage(page);
    await setup.goto();
    await setup.submitForm({ orgName: ORG_NAME, owner: { ...OWNER, password: "short" } });
    await expect(setup.error("Use at least 8 characters.")).toBeVisible();
    await expect(page).toHaveURL(/\/setup$/);
  });

  test("filling the form creates the organization and signs the Owner in", async ({ page }) => {
    const setup = new SetupPage(page);
    await setup.goto();
    await setup.submitForm({ orgName: ORG_NAME, owner: OWNER });
    await waitForPageLoad(page, /\/settings\/users$/);

    const settings = new SettingsPage(page);
    await expect(settings.orgName(ORG_NAME)).toBeVisible();
    await expect(settings.accountButton(OWNER.name)).toBeVisible();
    for (const column of ["Name", "Email", "Organization role", "Date joined", "Last active"]) {
      await expect(settings.usersTable.getByRole("columnheader", { name: column, exact: true })).toBeVisible();
    }
    const ownerRow = settings.userRow(OWNER.email);
    await expect(ownerRow).toHaveCount(1);
    await expect(ownerRow.getByRole("cell", { name: OWNER.name, exact: true })).toBeVisible();
    await expect(ownerRow.getByRole("cell", { name: "Owner", exact: true })).toBeVisible();
  });

  test("setup is closed once the organization exists", async ({ page }) => {
    await page.goto("/setup");
    await expect(page).toHaveURL(/\/(sign-in|settings\/users)$/);
  });
});
