import { addPerson, ORG_NAME, uniqueName } from "./fixtures/accounts";
import { waitForPageLoad } from "./fixtures/hydration";
import { AcceptInvitePage, InvitationsPage } from "./fixtures/invitations";
import { InviteModal } from "./fixtures/invite_modal";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

// A person of the end-to-end organization (not its Owner, whom other specs sign in as) founds a
// second organization, so that nobody else's last-used organization changes.
test("a second organization: created from the switcher, joined by an existing person, switched between, renamed and deleted", async ({ page, browser, baseURL }) => {
  // Four sign-ins or password checks (argon2id each) and two browsers.
  test.setTimeout(120_000);
  const founder = addPerson("member");
  const colleague = addPerson("admin");
  const name = uniqueName("Side Org");
  const slug = name.toLowerCase().replaceAll(" ", "-");
  const project = uniqueName("Reports");

  await new SignInPage(page).signIn(founder);
  const settings = new SettingsPage(page);
  await settings.orgName(ORG_NAME).click();
  await page.getByRole("menuitem", { name: "+ New organization", exact: true }).click();
  await page.getByLabel("Organization name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create organization", exact: true }).click();
  await waitForPageLoad(page, new RegExp(`/orgs/${slug}/settings/users$`));
  await expect(settings.orgName(name)).toBeVisible();
  await expect(settings.tablist.getByRole("tab")).toHaveText(["Users", "Teams", "Projects", "Invitations", "Audit log", "Provisioning", "General"]);

  // A project, then the colleague from the first organization is invited to it as a Member.
  await settings.tab("Projects").click();
  await page.getByLabel("Project name", { exact: true }).fill(project);
  await page.getByRole("button", { name: "Create project", exact: true }).click();
  await expect(page.getByRole("table", { name: "Projects" }).getByText(project, { exact: true })).toBeVisible();
  await settings.tab("Users").click();
  const modal = new InviteModal(page);
  await modal.openFromUsersTab();
  await modal.fillEmails([colleague.email]);
  await modal.chooseOrgRole("Member");
  await modal.chooseProjectRole("Analyst");
  await modal.check(project);
  await modal.sendAndExpect(1);
  await modal.close();
  await settings.tab("Invitations").click();
  const link = await new InvitationsPage(page).copyLink(colleague.email);

  // The colleague accepts with the password of the account they have, and keeps both.
  const theirs = await browser.newContext({ baseURL });
  try {
    const guest = await theirs.newPage();
    const accept = new AcceptInvitePage(guest);
    await accept.goto(new URL(link).pathname);
    await accept.joinWithAccount(name, colleague.password);
    const mine = new SettingsPage(guest);
    await expect(mine.orgName(name)).toBeVisible();
    // A Member there: the read-only tabs, and a General tab that only tells.
    await expect(mine.tablist.getByRole("tab")).toHaveText(["Users", "Teams", "Projects", "General"]);
    await mine.tab("General").click();
    await expect(guest.getByText("Only Owners can change these settings.", { exact: false })).toBeVisible();
    await expect(guest.getByRole("button", { name: "Save name", exact: true })).toHaveCount(0);

    // The switcher lists both, with the role in each, and keeps the tab.
    await mine.tab("Teams").click();
    await mine.orgName(name).click();
    const first = guest.getByRole("menuitem").filter({ hasText: ORG_NAME });
    await expect(first).toContainText("Admin");
    await expect(guest.getByRole("menuitem").filter({ hasText: name })).toContainText("Member");
    await first.click();
    await waitForPageLoad(guest, /\/orgs\/e2e-org\/settings\/teams$/);
    await expect(mine.orgName(ORG_NAME)).toBeVisible();
    await expect(mine.tab("Invitations")).toBeVisible();
    await mine.orgName(ORG_NAME).click();
    await guest.getByRole("menuitem").filter({ hasText: name }).click();
    await waitForPageLoad(guest, new RegExp(`/orgs/${slug}/settings/teams$`));
    await expect(mine.tab("Invitations")).toHaveCount(0);

    // The founder renames the organization: the navigation bar follows.
    await settings.tab("General").click();
    const renamed = uniqueName("Renamed Org");
    await page.getByLabel("Organization name", { exact: true }).fill(renamed);
    await page.getByRole("button", { name: "Save name", exact: true }).click();
    await expect(settings.orgName(renamed)).toBeVisible();

    // Deleting asks for the name, then leads to the founder's other organization.
    await page.getByLabel("Type the organization's name to confirm", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Delete organization", exact: true }).click();
    await expect(page.getByText(`Type the organization's name, “${renamed}”, exactly as it is written.`)).toBeVisible();
    await page.getByLabel("Type the organization's name to confirm", { exact: true }).fill(renamed);
    await page.getByRole("button", { name: "Delete organization", exact: true }).click();
    await waitForPageLoad(page, /\/orgs\/e2e-org\/settings\/users$/);
    await settings.orgName(ORG_NAME).click();
    await expect(page.getByRole("menuitem").filter({ hasText: renamed })).toHaveCount(0);

    // For the colleague, it is gone as well.
    await guest.goto(`/orgs/${slug}/settings/users`);
    await expect(guest.getByRole("heading", { name: "Page not found", exact: true })).toBeVisible();
  } finally {
    await theirs.close();
  }
});
