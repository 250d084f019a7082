import { addPerson, uniqueName, uniqueSuffix } from "./fixtures/accounts";
import { InvitationsPage } from "./fixtures/invitations";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

// A person of the end-to-end organization founds an organization of their own and invites a
// thousand people to it in one bulk file, so that the totals are exact and nobody else's lists
// change.
test("the Invitations list pages through a thousand invitations, fifty a page", async ({ page }) => {
  // A sign-in (argon2id) and a 1,000-row bulk invitation.
  test.setTimeout(120_000);
  const founder = addPerson("member");
  await new SignInPage(page).signIn(founder);
  const json = { Accept: "application/json" };
  const created = await page.request.post("/api/create_organization", { form: { name: uniqueName("Thousand") }, headers: json });
  expect(created.status(), await created.text()).toBe(200);
  const slug: string = await created.json();
  const settings = await page.request.post("/api/get_org_settings", { form: {}, headers: json });
  expect(settings.status(), await settings.text()).toBe(200);
  const org = await settings.json();
  expect(org.slug, "the new organization is the founder's current one").toBe(slug);

  const s = uniqueSuffix();
  const emails = Array.from({ length: 1000 }, (_, i) => `paged-${String(i).padStart(4, "0")}-${s}@e2e.test`);
  const sent = await page.request.post("/api/bulk_invite", {
    data: { org: org.id, csv: ["email", ...emails].join("\n") },
    headers: json,
  });
  expect(sent.status(), await sent.text()).toBe(200);
  expect((await sent.json()).sent).toBe(true);

  const invitations = new InvitationsPage(page);
  const address = `/orgs/${slug}/settings/invitations`;
  await invitations.goto(address);
  await expect(page.getByText(/^1,?000 pending invitations$/)).toBeVisible();
  await expect(invitations.rows).toHaveCount(50);
  await expect(invitations.pageNumber).toHaveText("Page 1 of 20");
  await expect(invitations.previousPage).toBeDisabled();

  await invitations.nextPage.click();
  await expect(page).toHaveURL(new RegExp(`${address}\\?page=2$`));
  await expect(invitations.pageNumber).toHaveText("Page 2 of 20");
  await expect(invitations.rows).toHaveCount(50);
  await expect(invitations.previousPage).toBeEnabled();
  await invitations.previousPage.click();
  await expect(page).toHaveURL(new RegExp(`${address}\\?page=1$`));
  await expect(invitations.pageNumber).toHaveText("Page 1 of 20");

  // Every invitation is on exactly one page: the twentieth is full, and the last.
  await invitations.goto(`${address}?page=20`);
  await expect(invitations.pageNumber).toHaveText("Page 20 of 20");
  await expect(invitations.rows).toHaveCount(50);
  await expect(invitations.nextPage).toBeDisabled();

  // A page past the end shows the last page, where the oldest invitation is.
  await invitations.goto(`${address}?page=999`);
  await expect(invitations.pageNumber).toHaveText("Page 20 of 20");
  await expect(invitations.row(emails[0])).toHaveCount(1);

  // Revoking there keeps the page, its rows and the total up to date.
  await invitations.revoke(emails[0]);
  await expect(invitations.status(`Invitation for ${emails[0]} revoked.`)).toBeVisible();
  await expect(invitations.row(emails[0])).toHaveCount(0);
  await expect(page.getByText(/^999 pending invitations$/)).toBeVisible();
  await expect(invitations.rows).toHaveCount(49);
});
