import { addPerson, OWNER } from "./fixtures/accounts";
import { AuditLogPage } from "./fixtures/audit_log_page";
import { PersonPage } from "./fixtures/person_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { addTeam } from "./fixtures/teams";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test.describe("notifications", () => {
  test("a role change is said, and Undo restores the old role; the audit log shows both changes", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    const personPage = new PersonPage(page);
    await personPage.changeRole("Admin");

    const said = page.getByRole("status").filter({ hasText: `${person.name} is now an Admin.` });
    await expect(said).toBeVisible();
    await said.getByRole("button", { name: "Undo", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `${person.name} is a Member again.` })).toBeVisible();
    await expect(personPage.roleSelect).toHaveValue("member");
    await page.reload();
    await expect(personPage.roleSelect).toHaveValue("member");

    const log = new AuditLogPage(page);
    await log.goto();
    await expect(log.rows(OWNER.name, "Changed organization role", person.name, "Member → Admin")).toHaveCount(1);
    await expect(log.rows(OWNER.name, "Changed organization role", person.name, "Admin → Member")).toHaveCount(1);
  });

  test("a notification goes away by itself, and Dismiss takes it away at once", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    const personPage = new PersonPage(page);

    await personPage.changeRole("Billing Admin");
    const first = page.locator(".toast").filter({ hasText: `${person.name} is now a Billing Admin.` });
    await expect(first).toBeVisible();
    await first.getByRole("button", { name: "Dismiss", exact: true }).click();
    await expect(first).toHaveCount(0);

    await personPage.changeRole("Member");
    const second = page.locator(".toast").filter({ hasText: `${person.name} is now a Member.` });
    await expect(second).toBeVisible();
    // Gone after its time on screen (ten seconds for one with Undo) without anything done.
    await page.mouse.move(0, 0);
    await expect(second).toHaveCount(0, { timeout: 20_000 });
  });

  test("joining a team is said and undone; an Undo of a team left puts the person back", async ({ page }) => {
    const person = addPerson("member");
    const team = addTeam("Notified");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    const personPage = new PersonPage(page);

    await personPage.addToTeam(team);
    const joined = page.getByRole("status").locator(".toast").filter({ hasText: `${person.name} is now in ${team}.` });
    await expect(joined).toBeVisible();
    await joined.getByRole("button", { name: "Undo", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `${person.name} is out of ${team} again.` })).toBeVisible();
    await expect(personPage.teamLink(team)).toHaveCount(0);

    await personPage.addToTeam(team);
    await personPage.removeFromTeam(person.name, team);
    const left = page.locator(".toast").filter({ hasText: `${person.name} is no longer in ${team}.` });
    await left.getByRole("button", { name: "Undo", exact: true }).click();
    await expect(personPage.teamLink(team)).toBeVisible();
  });

  test("removing a person is said on the Users tab the page returns to", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    const personPage = new PersonPage(page);
    await personPage.remove.click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove person", exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/users$/);
    const said = page.getByRole("status").filter({ hasText: `${person.name} was removed from E2E Org.` });
    await expect(said).toBeVisible();
    await expect(said.getByRole("button", { name: "Undo" })).toHaveCount(0);
  });
});
