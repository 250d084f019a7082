import { addPerson, OWNER, uniqueName, uniqueSuffix } from "./fixtures/accounts";
import { InviteModal } from "./fixtures/invite_modal";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test("a bulk role change says what changed, and Undo gives everyone their role back", async ({ page }) => {
  const first = addPerson("member");
  const second = addPerson("member");
  await new SignInPage(page).signIn(OWNER);
  const users = new UsersPage(page);
  // Newest first: the two people just added are on the first page.
  await users.goto("?role=member&sort=joined&dir=desc");
  await users.select(first.name);
  await users.select(second.name);
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await expect(bar).toContainText("2 selected");
  await bar.getByLabel("New role").selectOption({ label: "Billing Admin" });
  await bar.getByRole("button", { name: "Change role" }).click();
  const said = page.getByRole("status").locator(".toast").filter({ hasText: "2 people are now Billing Admins." });
  await expect(said).toBeVisible();
  // The list shows Members only: the two left it.
  await expect(users.row(first.name)).toHaveCount(0);
  await expect(users.row(second.name)).toHaveCount(0);

  // Undo gives both their role back, on the server: they are Members again.
  await said.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "2 people have their roles back." })).toBeVisible();
  await expect(users.row(first.name)).toBeVisible();
  await users.goto(`?q=${encodeURIComponent(second.email)}`);
  await expect(users.row(second.name).getByRole("cell", { name: "Member", exact: true })).toBeVisible();
});

test("bulk results count only real changes, in the words of the action", async ({ page, ownerTeams }) => {
  const inTeam = addPerson("member");
  const newcomer = addPerson("member");
  const team = await ownerTeams.createOk(uniqueName("Data Team"), [], [await ownerTeams.accountId(inTeam.email)]);
  await new SignInPage(page).signIn(OWNER);
  const users = new UsersPage(page);
  await users.goto("?role=member&sort=joined&dir=desc");
  await users.select(inTeam.name);
  await users.select(newcomer.name);
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await bar.getByLabel("Team to add to").selectOption({ label: team.name });
  await bar.getByRole("button", { name: "Add to team" }).click();
  await expect(
    page.getByRole("status").locator(".toast").filter({ hasText: `1 person added to ${team.name}. 1 person was in ${team.name} already.` }),
  ).toBeVisible();

  // The same two, removed: counted as removals.
  await users.goto("?role=member&sort=joined&dir=desc");
  await users.select(inTeam.name);
  await users.select(newcomer.name);
  await bar.getByRole("button", { name: "Remove from organization" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove people" }).click();
  const removed = page.getByRole("status").locator(".toast").filter({ hasText: "2 people removed from the organization." });
  await expect(removed).toBeVisible();
  await expect(removed.getByRole("button", { name: "Undo" })).toHaveCount(0);
  await expect(users.row(inTeam.name)).toHaveCount(0);
});

test("the pending invitation count follows an invitation sent from the modal", async ({ page, ownerApi }) => {
  const project = await ownerApi.createOk(uniqueName("Invited to"));
  await new SignInPage(page).signIn(OWNER);
  const users = new UsersPage(page);
  const pending = page.locator("a.pending-link");
  const count = async () => Number((((await pending.count()) ? await pending.textContent() : "0") ?? "0").match(/\d+/)?.[0] ?? 0);
  await expect(users.table).toBeVisible();
  const before = await count();
  const modal = new InviteModal(page);
  await modal.openFromUsersTab();
  await modal.fillEmails([`pending-${uniqueSuffix()}@e2e.test`]);
  await modal.check(project.name);
  await modal.sendAndExpect(1);
  await modal.close();
  // Other tests invite at the same time: the count grows by at least this one, without a reload.
  await expect.poll(count).toBeGreaterThan(before);
});
