import { addPerson, OWNER, uniqueSuffix } from "./fixtures/accounts";
import { InviteModal } from "./fixtures/invite_modal";
import { ProjectsPage } from "./fixtures/projects_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";
import type { Locator, Page } from "@playwright/test";

/** Expects `inner` to lie within `outer`, left to right (to the pixel). */
async function expectInside(inner: Locator, outer: Locator): Promise<void> {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  expect(a && b, "both are shown").toBeTruthy();
  expect(a!.x).toBeGreaterThanOrEqual(b!.x - 1);
  expect(a!.x + a!.width).toBeLessThanOrEqual(b!.x + b!.width + 1);
}

/** Expects the page not to scroll sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll).toBeLessThanOrEqual(client);
}

test.describe("a 100-character project name without spaces", () => {
  test.use({ viewport: { width: 1024, height: 800 } });

  test("keeps Rename and Delete in the card, the page, the grant select and the invite list in their width", async ({ page, ownerApi }) => {
    const name = `P${uniqueSuffix()}`.padEnd(100, "x");
    await ownerApi.createOk(name);
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);

    const projects = new ProjectsPage(page);
    await projects.goto(name);
    const card = page.locator("section.panel");
    await expect(projects.row(name)).toBeVisible();
    await expectInside(projects.renameButton(name), card);
    await expectInside(projects.deleteButton(name), card);
    await expectNoSidewaysScroll(page);

    const users = new UsersPage(page);
    await users.openPerson(person);
    const grantSelect = page.getByLabel("Project", { exact: true });
    await expect(grantSelect).toBeVisible();
    await expectInside(grantSelect, page.locator("section.panel").filter({ has: grantSelect }));
    await expectNoSidewaysScroll(page);

    const modal = new InviteModal(page);
    await users.goto();
    await modal.openFromUsersTab();
    const choice = modal.dialog.getByRole("checkbox", { name, exact: true });
    await choice.scrollIntoViewIfNeeded();
    await expectInside(modal.dialog.locator("label.check").filter({ hasText: name }), modal.dialog.getByRole("group", { name: "Projects" }));
    await expectInside(modal.dialog.getByRole("group", { name: "Projects" }), modal.dialog);
  });
});

test("messages count as a person writes, and a team's link stands apart from its Remove", async ({ page, ownerTeams }) => {
  const person = addPerson("member");
  const team = await ownerTeams.createOk(`Crew ${uniqueSuffix()}`, [], [await ownerTeams.accountId(person.email)]);
  await new SignInPage(page).signIn(OWNER);
  const users = new UsersPage(page);
  await users.openPerson(person);

  const link = page.getByRole("list").getByRole("link", { name: team.name, exact: true });
  const remove = page.getByRole("button", { name: `Remove ${person.name} from ${team.name}`, exact: true });
  const [a, b] = [await link.boundingBox(), await remove.boundingBox()];
  expect(b!.x - (a!.x + a!.width), "space between the link and Remove").toBeGreaterThanOrEqual(8);
  // A quiet text button, not a large red one.
  expect(await remove.evaluate((e) => getComputedStyle(e).backgroundColor)).toMatch(/rgba\(0, 0, 0, 0\)|transparent/);

  await page.getByRole("button", { name: "Remove from organization", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`${person.name} loses their organization role, no individual grants, 1 team membership and every session in this organization.`);
  await expect(dialog).not.toContainText("(s)");
});

test("an Admin is told the ceiling in plain words, and one good row reads as one", async ({ page }) => {
  const admin = addPerson("admin");
  const s = uniqueSuffix();
  await new SignInPage(page).signIn(admin);
  const modal = new InviteModal(page);
  await modal.openFromUsersTab();
  await modal.selectTab("Bulk Invite");
  await modal.csvText.fill(["email,org_role,projects,project_role,teams", `boss-${s}@e2e.test,owner,,,`].join("\n"));
  await modal.previewButton.click();
  await expect(modal.previewRow(`boss-${s}@e2e.test`)).toContainText("You can give roles up to Admin, and no higher.");

  await modal.csvText.fill(["email,org_role,projects,project_role,teams", `one-${s}@e2e.test,member,,,`].join("\n"));
  await modal.previewButton.click();
  await expect(modal.dialog).toContainText("The row is ready to send.");
  await expect(modal.dialog).not.toContainText("All 1 rows");
});
