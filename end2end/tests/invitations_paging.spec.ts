import { addOrganization, InvitationsPage } from "./fixtures/invitations";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

test("pending invitations are listed fifty a page, with the total and previous and next", async ({ page }) => {
  // An organization of its own, so that the count is exactly what this test sent.
  const org = addOrganization("Paging Org");
  await new SignInPage(page).signIn(org.owner);
  const emails = Array.from({ length: 55 }, (_, i) => `paged-${String(i).padStart(2, "0")}@${org.name.split(" ").pop()}.e2e.test`);
  const sent = await page.request.post("/api/bulk_invite", {
    data: { csv: ["email", ...emails].join("\n") },
    headers: { Accept: "application/json" },
  });
  expect(sent.status(), await sent.text()).toBe(200);
  expect((await sent.json()).sent).toBe(true);

  const invitations = new InvitationsPage(page);
  await invitations.goto();
  await expect(page.getByText("55 pending invitations", { exact: true })).toBeVisible();
  await expect(invitations.rows).toHaveCount(50);
  await expect(page.getByText("Page 1 of 2", { exact: true })).toBeVisible();
  await expect(invitations.previousPage).toBeDisabled();

  await invitations.nextPage.click();
  await expect(page).toHaveURL(/\/settings\/invitations\?page=2$/);
  await expect(page.getByText("Page 2 of 2", { exact: true })).toBeVisible();
  await expect(invitations.rows).toHaveCount(5);
  await expect(invitations.nextPage).toBeDisabled();
  // Newest first: the first five of the file are the oldest.
  for (const email of emails.slice(0, 5)) {
    await expect(invitations.row(email)).toHaveCount(1);
  }

  // Revoking on the last page keeps the page and its count up to date.
  await invitations.button("Revoke", emails[0]).click();
  await expect(invitations.status(`Invitation for ${emails[0]} revoked.`)).toBeVisible();
  await expect(invitations.rows).toHaveCount(4);
  await expect(page.getByText("54 pending invitations", { exact: true })).toBeVisible();

  await invitations.previousPage.click();
  await expect(page.getByText("Page 1 of 2", { exact: true })).toBeVisible();
  await expect(invitations.rows).toHaveCount(50);

  // A page past the end shows the last page.
  await invitations.goto("/settings/invitations?page=9");
  await expect(page.getByText("Page 2 of 2", { exact: true })).toBeVisible();
  await expect(invitations.rows).toHaveCount(4);
});
