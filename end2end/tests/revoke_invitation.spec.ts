import { OWNER, uniqueSuffix } from "./fixtures/accounts";
import { AcceptInvitePage, InvitationsPage, expireInvitation } from "./fixtures/invitations";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

test("a revoked invitation's link is refused with the reason", async ({ page, browser, baseURL, ownerInvitations }) => {
  const email = `revoked-${uniqueSuffix()}@e2e.test`;
  await ownerInvitations.inviteOk(email);

  await new SignInPage(page).signIn(OWNER);
  const invitations = new InvitationsPage(page);
  await invitations.goto();
  const link = await invitations.copyLink(email);
  await invitations.revoke(email);
  await expect(page.getByRole("status").filter({ hasText: `Invitation for ${email} revoked.` })).toBeVisible();
  await expect(invitations.row(email)).toHaveCount(0);

  const fresh = await browser.newContext({ baseURL });
  try {
    const accept = new AcceptInvitePage(await fresh.newPage());
    await accept.goto(new URL(link).pathname);
    await expect(accept.closedHeading).toBeVisible();
    await expect(accept.page.getByText("This invitation to E2E Org was withdrawn.")).toBeVisible();
  } finally {
    await fresh.close();
  }
});

test("a new link replaces the old one: the old one is refused, the new one opens", async ({ browser, baseURL, ownerInvitations }) => {
  const email = `resent-${uniqueSuffix()}@e2e.test`;
  await ownerInvitations.inviteOk(email);
  const first = await ownerInvitations.link(email);
  const second = await ownerInvitations.link(email);

  const fresh = await browser.newContext({ baseURL });
  try {
    const accept = new AcceptInvitePage(await fresh.newPage());
    await accept.goto(new URL(first).pathname);
    await expect(accept.closedHeading).toBeVisible();
    await accept.goto(new URL(second).pathname);
    await expect(accept.page.getByRole("heading", { name: "Join E2E Org", exact: true })).toBeVisible();
    await expect(accept.page.getByText(email, { exact: true })).toBeVisible();
  } finally {
    await fresh.close();
  }
});

test("an expired invitation's link is refused with the date it expired", async ({ browser, baseURL, ownerInvitations }) => {
  const email = `expired-${uniqueSuffix()}@e2e.test`;
  await ownerInvitations.inviteOk(email);
  const link = await ownerInvitations.link(email);
  expireInvitation(email);

  const fresh = await browser.newContext({ baseURL });
  try {
    const accept = new AcceptInvitePage(await fresh.newPage());
    await accept.goto(new URL(link).pathname);
    await expect(accept.closedHeading).toBeVisible();
    await expect(accept.page.getByText(/^This invitation expired on .+\. Ask the person who invited you to send it again\.$/)).toBeVisible();
    await expect(accept.page.getByRole("button", { name: "Join E2E Org" })).toHaveCount(0);
  } finally {
    await fresh.close();
  }
});

test("Revoke asks first, and Cancel keeps the invitation", async ({ page, ownerInvitations }) => {
  const email = `kept-${uniqueSuffix()}@e2e.test`;
  await ownerInvitations.inviteOk(email);
  await new SignInPage(page).signIn(OWNER);
  const invitations = new InvitationsPage(page);
  await invitations.goto();
  await invitations.button("Revoke", email).click();
  const dialog = page.getByRole("dialog", { name: `Revoke the invitation for ${email}?`, exact: true });
  await expect(dialog.getByRole("button", { name: "Cancel", exact: true })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(invitations.row(email)).toHaveCount(1);

  // Making a new link asks too; Escape keeps the link that was sent.
  await invitations.button("Copy link for", email).click();
  const newLink = page.getByRole("dialog", { name: `Make a new link for ${email}?`, exact: true });
  await expect(newLink).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(newLink).toHaveCount(0);
  await expect(page.getByRole("textbox", { name: `Invitation link for ${email}`, exact: true })).toHaveCount(0);
});

test("each action's message comes from that action: Revoke after Resend says revoked", async ({ page, ownerInvitations }) => {
  const s = uniqueSuffix();
  const [first, second] = [`resend-then-a-${s}@e2e.test`, `resend-then-b-${s}@e2e.test`];
  await ownerInvitations.inviteOk(first);
  await ownerInvitations.inviteOk(second);

  await new SignInPage(page).signIn(OWNER);
  const invitations = new InvitationsPage(page);
  await invitations.goto();
  await invitations.button("Resend", first).click();
  await expect(invitations.status(`Invitation sent again to ${first}, with a new link.`)).toBeVisible();
  // The new link shows in full in its row.
  await expect(page.getByRole("textbox", { name: `Invitation link for ${first}`, exact: true })).toHaveValue(/\/invite\/[0-9a-f]{64}$/);
  await expect(invitations.row(first)).toContainText("New link mailed. The previous link no longer works.");

  await invitations.revoke(second);
  await expect(invitations.row(second)).toHaveCount(0);
  await expect(invitations.status(`Invitation for ${second} revoked.`)).toBeVisible();
  // The revocation is said once, and nothing says the revoked invitation was sent again.
  await expect(invitations.status(`Invitation for ${second} revoked.`)).toHaveCount(1);
  await expect(invitations.status(`Invitation sent again to ${second}`)).toHaveCount(0);
  await expect(invitations.row(first)).toHaveCount(1);
});
