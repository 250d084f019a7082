import { ORG_NAME, OWNER, uniqueSuffix } from "./fixtures/accounts";
import { AcceptInvitePage } from "./fixtures/invitations";
import { InviteModal } from "./fixtures/invite_modal";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { addTeam } from "./fixtures/teams";
import { expect, test } from "./fixtures/test";

test("invite someone to a team; once they accept they are its member", async ({ page, browser, baseURL, ownerInvitations }) => {
  // Three people sign in (argon2id each time) and two browsers load the app.
  test.setTimeout(60_000);
  const team = addTeam("Team");
  const suffix = uniqueSuffix();
  const newcomer = { name: `Tess Team ${suffix}`, email: `tess-${suffix}@e2e.test`, password: "tess-password-1" };

  await new SignInPage(page).signIn(OWNER);
  const modal = new InviteModal(page);
  await modal.openFromSettingsMenu();
  await modal.selectTab("Invite to Teams");
  await modal.fillEmails([newcomer.email]);
  await modal.chooseOrgRole("Billing Admin");
  // With no team ticked nothing is sent, and the teams say why (as Invite to Project does).
  await modal.sendButton.click();
  await expect(modal.groupError("Teams", "Choose at least one team.")).toBeVisible();
  await expect(modal.dialog.getByRole("status")).toHaveCount(0);
  expect(await ownerInvitations.find(newcomer.email)).toBeUndefined();
  await modal.check(team);
  await modal.sendAndExpect(1);
  await modal.close();

  const pending = await ownerInvitations.find(newcomer.email);
  expect(pending?.teams).toEqual([team]);
  expect(pending?.org_role).toBe("billing_admin");
  const link = await ownerInvitations.link(newcomer.email);

  const fresh = await browser.newContext({ baseURL });
  try {
    const guest = await fresh.newPage();
    const accept = new AcceptInvitePage(guest);
    await accept.goto(new URL(link).pathname);
    await accept.joinAsNewPerson(ORG_NAME, newcomer.name, newcomer.password);
    await expect(new SettingsPage(guest).accountButton(newcomer.name)).toBeVisible();
  } finally {
    await fresh.close();
  }

  const settings = new SettingsPage(page);
  await settings.goto("Teams");
  const row = page.getByRole("table", { name: "Teams" }).getByRole("row").filter({ has: page.getByRole("cell", { name: team, exact: true }) });
  await expect(row.getByRole("cell").nth(1)).toHaveText("1");
});
