import { OWNER, ORG_NAME, uniqueName } from "./fixtures/accounts";
import { gotoHydrated } from "./fixtures/hydration";
import { TAB_PATHS, type TabName } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

/** Each page says in the browser's tab (and to a screen reader) which page it is. */

const TABS: TabName[] = ["Users", "Teams", "Projects", "Invitations", "Audit log", "Provisioning", "General"];

test("each settings page has a title of its own", async ({ page, ownerTeams, ownerApi }) => {
  const ownerId = await ownerTeams.accountId(OWNER.email);
  const team = await ownerTeams.createOk(uniqueName("Titled Team"), [], [ownerId]);
  const project = await ownerApi.createOk(uniqueName("Titled Project"));
  await new SignInPage(page).signIn(OWNER);
  await expect(page).toHaveTitle(`Users · ${ORG_NAME} · Roster`);

  for (const tab of TABS) {
    await gotoHydrated(page, TAB_PATHS[tab]);
    await expect(page).toHaveTitle(`${tab} · ${ORG_NAME} · Roster`);
  }
  // Moving between tabs in the page changes the title too.
  await page.getByRole("tablist").getByRole("tab", { name: "Teams", exact: true }).click();
  await expect(page).toHaveTitle(`Teams · ${ORG_NAME} · Roster`);

  await gotoHydrated(page, `/settings/users/${ownerId}`);
  await expect(page).toHaveTitle(`${OWNER.name} · Users · ${ORG_NAME} · Roster`);
  await gotoHydrated(page, `/settings/teams/${team.id}`);
  await expect(page).toHaveTitle(`${team.name} · Teams · ${ORG_NAME} · Roster`);
  await gotoHydrated(page, `/settings/projects/${project.id}`);
  await expect(page).toHaveTitle(`${project.name} · Projects · ${ORG_NAME} · Roster`);
});

test("the first Tab shows a link that skips to the tab's content", async ({ page }) => {
  await new SignInPage(page).signIn(OWNER);
  const skip = page.getByRole("link", { name: "Skip to content", exact: true });
  await expect(skip).not.toBeInViewport();
  await page.keyboard.press("Tab");
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("tabpanel")).toBeFocused();
  // The next Tab goes on inside the panel, past the navigation bar and the tabs.
  await page.keyboard.press("Tab");
  const inPanel = await page.evaluate(() => document.getElementById("settings-panel")?.contains(document.activeElement));
  expect(inPanel).toBe(true);
});
