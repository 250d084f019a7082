import { OWNER, uniqueSuffix } from "./fixtures/accounts";
import { backdateInvitations, InvitationsPage } from "./fixtures/invitations";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

test("pending invitations are listed fifty a page, with the total and previous and next", async ({ page, ownerContext }) => {
  // 55 invitations, dated a month back so that they list after everyone else's (other tests look
  // for their own invitations on the first page).
  const s = uniqueSuffix();
  const emails = Array.from({ length: 55 }, (_, i) => `paged-${String(i).padStart(2, "0")}-${s}@e2e.test`);
  const sent = await ownerContext.request.post("/api/bulk_invite", {
    data: { csv: ["email", ...emails].join("\n") },
    headers: { Accept: "application/json" },
  });
  expect(sent.status(), await sent.text()).toBe(200);
  expect((await sent.json()).sent).toBe(true);
  expect(backdateInvitations(`-${s}@e2e.test`, 30)).toBe(55);

  await new SignInPage(page).signIn(OWNER);
  const invitations = new InvitationsPage(page);
  await invitations.goto();
  const total = Number((await page.getByText(/^\d+ pending invitations$/).textContent())!.split(" ")[0]);
  expect(total).toBeGreaterThanOrEqual(55);
  const pages = Math.ceil(total / 50);
  await expect(invitations.rows).toHaveCount(50);
  await expect(invitations.pageNumber).toHaveText(`Page 1 of ${pages}`);
  await expect(invitations.previousPage).toBeDisabled();

  await invitations.nextPage.click();
  await expect(page).toHaveURL(/\/settings\/invitations\?page=2$/);
  await expect(invitations.pageNumber).toHaveText(/^Page 2 of \d+$/);
  await expect(invitations.previousPage).toBeEnabled();
  await invitations.previousPage.click();
  await expect(page).toHaveURL(/\/settings\/invitations\?page=1$/);
  await expect(invitations.rows).toHaveCount(50);

  // A page past the end shows the last page, where the oldest invitation is.
  await invitations.goto("/settings/invitations?page=999");
  await expect(invitations.pageNumber).toHaveText(/^Page (\d+) of \1$/);
  await expect(invitations.nextPage).toBeDisabled();
  await expect(invitations.row(emails[0])).toHaveCount(1);

  // Revoking there keeps the page, its rows and the total up to date.
  await invitations.revoke(emails[0]);
  await expect(invitations.status(`Invitation for ${emails[0]} revoked.`)).toBeVisible();
  await expect(invitations.row(emails[0])).toHaveCount(0);
  await expect(invitations.row(emails[1])).toHaveCount(1);
});
