import { addPerson, ORG_NAME, OWNER, uniqueSuffix } from "./fixtures/accounts";
import { AcceptInvitePage, linkPath } from "./fixtures/invitations";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

test("someone signed in who opens another person's link is told so and signs out before joining", async ({ page, ownerInvitations }) => {
  const admin = addPerson("admin");
  const email = `guest-${uniqueSuffix()}@e2e.test`;
  await ownerInvitations.inviteOk(email);
  const link = await ownerInvitations.link(email);

  await new SignInPage(page).signIn(admin);
  const accept = new AcceptInvitePage(page);
  await accept.goto(linkPath(link));
  await expect(page.getByText(`This invitation is for ${email}, but you are signed in as ${admin.name} (${admin.email}).`)).toBeVisible();
  // No join form while someone else is signed in.
  await expect(page.getByLabel("Your name", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Join ${ORG_NAME}` })).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out and continue" }).click();
  await expect(page.getByLabel("Your name", { exact: true })).toBeVisible();
  await accept.joinAsNewPerson(ORG_NAME, "Gina Guest", "guest-password-1");
  await expect(new SettingsPage(page).accountButton("Gina Guest")).toBeVisible();
});

test("a used link opened by the person who used it says they are in already", async ({ page, ownerInvitations }) => {
  const email = `used-${uniqueSuffix()}@e2e.test`;
  await ownerInvitations.inviteOk(email);
  const link = await ownerInvitations.link(email);
  const accept = new AcceptInvitePage(page);
  await accept.goto(linkPath(link));
  await accept.joinAsNewPerson(ORG_NAME, "Uma Used", "used-password-1");

  await accept.goto(linkPath(link));
  await expect(accept.closedHeading).toBeVisible();
  await expect(page.getByText(`You accepted this invitation already: you are a member of ${ORG_NAME}.`)).toBeVisible();
  await expect(page.getByText(`You are signed in as Uma Used (${email}).`)).toBeVisible();
});

test("a link replaced by Copy link says it was replaced", async ({ browser, baseURL, ownerInvitations }) => {
  const email = `replaced-${uniqueSuffix()}@e2e.test`;
  await ownerInvitations.inviteOk(email);
  const first = await ownerInvitations.link(email);
  await ownerInvitations.link(email);

  const fresh = await browser.newContext({ baseURL });
  try {
    const accept = new AcceptInvitePage(await fresh.newPage());
    await accept.goto(linkPath(first));
    await expect(accept.closedHeading).toBeVisible();
    await expect(accept.page.getByText(/^This link was replaced by a newer one/)).toBeVisible();
    await expect(accept.page.getByText(`or ask ${OWNER.name} for a new one`, { exact: false })).toBeVisible();
    await expect(accept.page.getByText(/copied all of it/)).toHaveCount(0);
  } finally {
    await fresh.close();
  }
});
