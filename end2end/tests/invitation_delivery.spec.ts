import { OWNER, uniqueSuffix } from "./fixtures/accounts";
import { InvitationsPage } from "./fixtures/invitations";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

// The end-to-end server mails through a test relay (.ci/mail-relay) that refuses the first
// message to every address at refused-once.test with a 550 reply, and takes the rest.
test("a message the relay refused shows as failed with its reason, and Retry sends it", async ({ page, ownerInvitations }) => {
  const email = `refused-${uniqueSuffix()}@refused-once.test`;
  await ownerInvitations.inviteOk(email);
  // Delivery runs after the invitation is written: wait until it has been tried.
  await expect
    .poll(async () => (await ownerInvitations.find(email))?.delivery?.status, { timeout: 15_000 })
    .toBe("failed");

  await new SignInPage(page).signIn(OWNER);
  const invitations = new InvitationsPage(page);
  await invitations.goto();
  const row = invitations.row(email);
  await expect(row.getByRole("cell", { name: /^Failed: .*550.*Mailbox unavailable/ })).toBeVisible();

  await invitations.button("Retry mail to", email).click();
  await expect(invitations.status(`Invitation mailed to ${email}.`)).toBeVisible();
  await expect(row.getByRole("cell", { name: "Sent", exact: true })).toBeVisible();
  await expect(invitations.button("Retry mail to", email)).toHaveCount(0);
});

test("a message the relay took shows as sent, with no Retry", async ({ page, ownerInvitations }) => {
  const email = `taken-${uniqueSuffix()}@e2e.test`;
  await ownerInvitations.inviteOk(email);
  await expect
    .poll(async () => (await ownerInvitations.find(email))?.delivery?.status, { timeout: 15_000 })
    .toBe("sent");

  await new SignInPage(page).signIn(OWNER);
  const invitations = new InvitationsPage(page);
  await invitations.goto();
  await expect(invitations.row(email).getByRole("cell", { name: "Sent", exact: true })).toBeVisible();
  await expect(invitations.button("Retry mail to", email)).toHaveCount(0);
});
