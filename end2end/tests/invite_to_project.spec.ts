import { ORG_NAME, OWNER, uniqueName, uniqueSuffix } from "./fixtures/accounts";
import { AcceptInvitePage, InvitationsPage } from "./fixtures/invitations";
import { InviteModal } from "./fixtures/invite_modal";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

test("invite two people to a project; one accepts in a fresh browser and is signed in", async ({ page, browser, baseURL, ownerApi, ownerInvitations }) => {
  // Three people sign in (argon2id each time) and two browsers load the app.
  test.setTimeout(60_000);
  const project = await ownerApi.createOk(uniqueName("Project"));
  const suffix = uniqueSuffix();
  const newcomer = { name: `Nina New ${suffix}`, email: `nina-${suffix}@e2e.test`, password: "nina-password-1" };
  const other = `omar-${suffix}@e2e.test`;

  await new SignInPage(page).signIn(OWNER);
  const modal = new InviteModal(page);
  await modal.openFromUsersTab();
  await modal.fillEmails([newcomer.email, other]);
  await modal.chooseOrgRole("Member");
  await modal.chooseProjectRole("Analyst");
  // With no project ticked nothing is sent, and the projects say why.
  await modal.sendButton.click();
  await expect(modal.dialog.getByRole("group", { name: "Projects" }).getByText("Choose at least one project.", { exact: true })).toBeVisible();
  await modal.check(project.name);
  await modal.sendAndExpect(2);

  // The same emails again (the project stays ticked) are refused next to each row.
  await modal.fillEmails([newcomer.email]);
  await modal.sendButton.click();
  await expect(modal.error(`${newcomer.email} is already invited (the invitation is pending).`)).toBeVisible();
  await modal.close();

  const invitations = new InvitationsPage(page);
  await invitations.goto();
  await expect(invitations.row(newcomer.email)).toContainText(`${project.name} (Analyst)`);
  const link = await invitations.copyLink(newcomer.email);

  const fresh = await browser.newContext({ baseURL });
  try {
    const guest = await fresh.newPage();
    const accept = new AcceptInvitePage(guest);
    await accept.goto(new URL(link).pathname);
    await expect(guest.getByText(newcomer.email, { exact: true })).toBeVisible();
    await accept.joinAsNewPerson(ORG_NAME, newcomer.name, newcomer.password);
    await expect(new SettingsPage(guest).accountButton(newcomer.name)).toBeVisible();

    // Signed out, the new person signs in with the password they chose.
    await fresh.clearCookies();
    await new SignInPage(guest).signIn(newcomer);
    await expect(new SettingsPage(guest).accountButton(newcomer.name)).toBeVisible();
  } finally {
    await fresh.close();
  }

  expect(await ownerInvitations.isMember(newcomer.email)).toBe(true);
  await page.goto("/settings/users");
  await expect(new SettingsPage(page).userRow(newcomer.email)).toHaveCount(1);
  await invitations.goto();
  await expect(invitations.row(newcomer.email)).toHaveCount(0);
  await expect(invitations.row(other)).toHaveCount(1);
});
