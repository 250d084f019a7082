import { addPerson, OWNER } from "./fixtures/accounts";
import { AuditLogPage } from "./fixtures/audit_log_page";
import { reloadHydrated } from "./fixtures/hydration";
import { PersonPage } from "./fixtures/person_page";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test.describe("the audit log", () => {
  test("an Owner finds a role change by person and by kind, and the filters survive a reload", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    await new PersonPage(page).changeRole("Admin");

    const settings = new SettingsPage(page);
    await settings.tab("Audit log").click();
    await settings.expectTab("Audit log");
    const log = new AuditLogPage(page);
    const change = log.rows(OWNER.name, "Changed organization role", person.name, "Member → Admin");
    await expect(change).toHaveCount(1);

    await log.filterByPerson(person.name);
    await expect(change).toHaveCount(1);
    // Done to them by the server command that added them, too; nobody else's events.
    await expect(log.rows("Server operator", "Added a person", person.name)).toHaveCount(1);
    await expect(log.table.getByRole("row")).toHaveCount(3);

    await log.filterByKind("Role changes");
    await expect(page).toHaveURL(/[?&]person=\d+/);
    await expect(change).toHaveCount(1);
    await expect(log.table.getByRole("row")).toHaveCount(2);
    await expect(log.exportCsv).toHaveAttribute("href", /\/export\/audit\.csv\?org=\d+&person=\d+&kind=role_change$/);

    await reloadHydrated(page);
    await expect(log.personFilter(person.name)).toBeVisible();
    await expect(log.kindFilter).toHaveValue("role_change");
    await expect(change).toHaveCount(1);
    await expect(log.table.getByRole("row")).toHaveCount(2);

    const csv = await page.request.get((await log.exportCsv.getAttribute("href")) ?? "");
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("Changed organization role");
    expect(lines[1]).toContain("Member → Admin");

    await log.clearPerson.click();
    await expect(page).not.toHaveURL(/person=/);
    await expect(log.personSearch).toBeVisible();
    await expect(log.kindFilter).toHaveValue("role_change");
  });

  test("a Member sees no Audit log tab and is refused at its address", async ({ page }) => {
    const member = addPerson("member");
    await new SignInPage(page).signIn(member);
    const settings = new SettingsPage(page);
    await expect(settings.tab("Users")).toBeVisible();
    await expect(settings.tab("Audit log")).toHaveCount(0);

    const log = new AuditLogPage(page);
    await log.goto();
    await expect(log.refusal).toBeVisible();
    await expect(log.table).toHaveCount(0);
    await expect(log.exportCsv).toHaveCount(0);
    const csv = await page.request.get("/export/audit.csv");
    expect(csv.status()).toBe(403);
  });
});
