import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { Browser, Locator, Page } from "@playwright/test";
import { addPerson, ORG_NAME, OWNER, uniqueName, uniqueSuffix, type Account } from "./fixtures/accounts";
import { linkPath } from "./fixtures/invitations";
import { EMPTY_PROJECT_NAME } from "./fixtures/projects_page";
import { SignInPage, WRONG_CREDENTIALS } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

/**
 * The main flows with JavaScript turned off: every page comes from the server whole, every form is
 * a real form, and what the server answers is a page — with the error at its field — never JSON.
 * The page objects wait for hydration, which never comes here, so the locators are written out.
 */

/** A browser context of its own with JavaScript off; the caller closes it. */
async function pageWithoutJavaScript(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  return context.newPage();
}

async function signIn(page: Page, account: Account): Promise<void> {
  const signInPage = new SignInPage(page);
  await signInPage.gotoUnhydrated();
  await signInPage.typeAndPressEnter(account.email, account.password);
  await page.waitForURL(/\/settings\/users$/);
}

/** Opens the signed-in person's menu (it opens while its button has the focus) and signs out. */
async function signOut(page: Page, name: string): Promise<void> {
  const banner = page.getByRole("banner");
  await banner.getByRole("button", { name, exact: true }).click();
  await banner.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await page.waitForURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in to Roster" })).toBeVisible();
}

/** Submits a form by clicking `button`, and waits for the page the server sends back. */
async function submitAndWait(page: Page, button: Locator, serverFunction: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/${serverFunction}`));
  await button.click();
  await answered;
  await page.waitForLoadState("load");
}

/** Expects the page to be a page, not a server function's JSON answer. */
async function expectNoJson(page: Page): Promise<void> {
  await expect(page.locator("body")).not.toContainText('{"', { useInnerText: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A second Roster on an empty database of its own, for first-run setup. */
async function freshRoster(): Promise<{ url: string; stop: () => void }> {
  const binary = process.env.ROSTER_BIN;
  if (!binary) throw new Error("Set ROSTER_BIN to the Roster server binary.");
  const dir = mkdtempSync(join(tmpdir(), "roster-no-js-"));
  const port = await freePort();
  const siteRoot = process.env.LEPTOS_SITE_ROOT ?? join(dirname(binary), "..", "site");
  const child: ChildProcess = spawn(binary, ["serve"], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${dir}/roster.db`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      ...(existsSync(siteRoot) ? { LEPTOS_SITE_ROOT: siteRoot } : {}),
    },
    stdio: "ignore",
  });
  const stop = () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 120; tries++) {
    try {
      await fetch(`${url}/setup`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      return { url, stop };
    } catch {
      await delay(500);
    }
  }
  stop();
  throw new Error(`the second Roster did not answer at ${url}`);
}

test.describe("without JavaScript", () => {
  test("first-run setup shows its errors at the fields, creates the organization, and signs out", async ({ browser }) => {
    const roster = await freshRoster();
    try {
      const page = await pageWithoutJavaScript(browser, roster.url);
      await page.goto("/");
      await expect(page).toHaveURL(/\/setup$/);
      const orgName = page.getByLabel("Organization name", { exact: true });
      const password = page.getByLabel("Password", { exact: true });
      const create = page.getByRole("button", { name: "Create organization", exact: true });

      await submitAndWait(page, create, "setup");
      await expect(page).toHaveURL(/\/setup\?/);
      await expect(orgName).toHaveAccessibleDescription("Enter the organization's name.");
      await expectNoJson(page);

      const owner = { name: "Nora No-Script", email: "nora@no-js.test", password: "nora-password-1" };
      await orgName.fill("No Script Org");
      await page.getByLabel("Your name", { exact: true }).fill(owner.name);
      await page.getByLabel("Email", { exact: true }).fill(owner.email);
      await password.fill("short");
      await submitAndWait(page, create, "setup");
      await expect(password).toHaveAccessibleDescription("Use at least 8 characters.");

      await orgName.fill("No Script Org");
      await page.getByLabel("Your name", { exact: true }).fill(owner.name);
      await page.getByLabel("Email", { exact: true }).fill(owner.email);
      await password.fill(owner.password);
      await create.click();
      await page.waitForURL(/\/settings\/users$/);
      await expect(page.getByRole("banner").getByRole("button", { name: "Organization: No Script Org", exact: true })).toBeVisible();
      const table = page.getByRole("table", { name: "Users" });
      await expect(table.getByRole("cell", { name: owner.email, exact: true })).toBeVisible();

      await signOut(page, owner.name);
      await page.close();
    } finally {
      roster.stop();
    }
  });

  test("signing in shows a wrong password at its field, and signing out ends the session", async ({ browser, baseURL }) => {
    const person = addPerson("member");
    const page = await pageWithoutJavaScript(browser, baseURL);
    const signInPage = new SignInPage(page);
    await signInPage.gotoUnhydrated();
    await signInPage.typeAndPressEnter(person.email, `${person.password}-wrong`);
    await page.waitForURL(/\/sign-in\?/);
    await expect(signInPage.password).toHaveAccessibleDescription(WRONG_CREDENTIALS);
    await expectNoJson(page);

    await signInPage.typeAndPressEnter(person.email, person.password);
    await page.waitForURL(/\/settings\/users$/);
    await expect(page.getByRole("heading", { level: 2, name: "Users", exact: true })).toBeVisible();

    await signOut(page, person.name);
    await page.goto("/settings/projects");
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.close();
  });

  test("the Users list searches, filters, sorts and pages through its address", async ({ browser, baseURL, ownerTeams }) => {
    // A team of 52 people holds two pages (50 a page) whatever other tests add meanwhile.
    test.setTimeout(120_000);
    const admin = addPerson("admin");
    const people = [admin, ...Array.from({ length: 51 }, () => addPerson("member"))];
    const ids = await Promise.all(people.map((p) => ownerTeams.accountId(p.email)));
    const team = await ownerTeams.createOk(uniqueName("No script"), [], ids);

    const page = await pageWithoutJavaScript(browser, baseURL);
    await signIn(page, OWNER);
    const table = page.getByRole("table", { name: "Users" });
    const count = page.locator("p.count");
    const apply = page.getByRole("button", { name: "Apply", exact: true });
    const pager = page.getByRole("navigation", { name: "Pages" });

    await page.getByRole("combobox", { name: "Team", exact: true }).selectOption({ label: team.name });
    await apply.click();
    await expect(page).toHaveURL(new RegExp(`[?&]team=${team.id}(&|$)`));
    await expect(count).toHaveText("52 people");
    await expect(pager).toContainText("Page 1 of 2");
    await expect(pager.getByRole("button", { name: "Previous page" })).toBeDisabled();

    await pager.getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/[?&]page=2(&|$)/);
    await expect(pager).toContainText("Page 2 of 2");
    await expect(table.locator("tbody tr")).toHaveCount(2);

    // Sorting starts again at page 1, in the team still.
    const emailHeader = table.getByRole("columnheader", { name: "Email" });
    await table.getByRole("button", { name: "Email" }).click();
    await expect(page).toHaveURL(/[?&]sort=email(&|$)/);
    await expect(page).not.toHaveURL(/[?&]page=/);
    await expect(emailHeader).toHaveAttribute("aria-sort", "ascending");
    await table.getByRole("button", { name: "Email" }).click();
    await expect(emailHeader).toHaveAttribute("aria-sort", "descending");
    const emails = await table.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(emails).toEqual([...emails].sort().reverse());
    await expect(page.getByRole("combobox", { name: "Team", exact: true })).toHaveValue(String(team.id));

    // The role filter and the search, applied with the team and the order kept.
    await page.getByLabel("Organization role", { exact: true }).selectOption({ label: "Admin" });
    await apply.click();
    await expect(page).toHaveURL(/[?&]role=admin(&|$)/);
    await expect(count).toHaveText("1 person");
    await expect(table.getByRole("link", { name: admin.name, exact: true })).toBeVisible();

    await page.getByLabel("Organization role", { exact: true }).selectOption({ label: "All roles" });
    await page.getByLabel("Search people").fill(people[1].email);
    await page.getByLabel("Search people").press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(people[1].email)}(&|$)`));
    await expect(count).toHaveText("1 person");
    await expect(table.getByRole("link", { name: people[1].name, exact: true })).toBeVisible();
    await expect(page.getByLabel("Search people")).toHaveValue(people[1].email);
    await page.close();
  });

  test("a role change is saved by the form, and a refusal is shown on the person's page", async ({ browser, baseURL, ownerContext }) => {
    const owner = addPerson("owner");
    const member = addPerson("member");
    const page = await pageWithoutJavaScript(browser, baseURL);
    await signIn(page, owner);
    const roleSelect = page.getByLabel("Organization role", { exact: true });
    const save = page.getByRole("button", { name: "Save role", exact: true });

    await page.goto(`/settings/users?q=${encodeURIComponent(member.email)}`);
    await page.getByRole("link", { name: member.name, exact: true }).click();
    await expect(page.getByRole("heading", { name: member.name, exact: true })).toBeVisible();
    await roleSelect.selectOption({ label: "Billing Admin" });
    await submitAndWait(page, save, "change_role");
    await expect(page).toHaveURL(/\/settings\/users\/\d+$/);
    await page.goto(`/settings/users?q=${encodeURIComponent(member.email)}`);
    await expect(page.getByRole("table", { name: "Users" }).getByRole("cell", { name: "Billing Admin", exact: true })).toBeVisible();

    // Their own role: no dialog can ask, so the form says what lowering it means; saving decides.
    await page.goto(`/settings/users?q=${encodeURIComponent(owner.email)}`);
    await page.getByRole("link", { name: owner.name, exact: true }).click();
    await expect(page.getByText("This is your own role: once you lower it, you cannot raise it again yourself.")).toBeVisible();
    await roleSelect.selectOption({ label: "Admin" });
    await submitAndWait(page, save, "change_role");
    await expect(page.locator("p.role-text")).toHaveText("Admin");
    await expect(roleSelect).toHaveCount(0);

    // Made Admin by someone else while this Admin's page was open: refused, and the page says why.
    const target = addPerson("member");
    await page.goto(`/settings/users?q=${encodeURIComponent(target.email)}`);
    await page.getByRole("link", { name: target.name, exact: true }).click();
    await expect(roleSelect).toBeVisible();
    const targetId = Number(/\/settings\/users\/(\d+)$/.exec(page.url())![1]);
    const raised = await ownerContext.request.post("/api/change_role", {
      form: { account_id: String(targetId), role: "admin" },
      headers: { Accept: "application/json" },
    });
    expect(raised.status(), await raised.text()).toBe(200);
    await roleSelect.selectOption({ label: "Billing Admin" });
    await submitAndWait(page, save, "change_role");
    await expect(page).toHaveURL(/__err=/);
    await expect(page.getByRole("alert").filter({ hasText: "You can only change or remove people whose role is below yours." })).toBeVisible();
    await expect(page.locator("p.role-text")).toHaveText("Admin");
    await expectNoJson(page);
    await page.close();
  });

  test("creating a project names an empty name at its field, then creates it", async ({ browser, baseURL }) => {
    const admin = addPerson("admin");
    const page = await pageWithoutJavaScript(browser, baseURL);
    await signIn(page, admin);
    await page.goto("/settings/projects");
    const name = page.getByRole("textbox", { name: "Project name", exact: true });
    const create = page.getByRole("button", { name: "Create project", exact: true });

    await submitAndWait(page, create, "create_project");
    await expect(page).toHaveURL(/\/settings\/projects\?/);
    await expect(name).toHaveAccessibleDescription(EMPTY_PROJECT_NAME);
    await expectNoJson(page);

    const project = uniqueName("No script project");
    await name.fill(project);
    await submitAndWait(page, create, "create_project");
    await expect(page).toHaveURL(/\/settings\/projects$/);
    // The list shows 50 projects a page: its search, a plain GET form, finds the new one.
    const search = page.getByRole("textbox", { name: "Search projects", exact: true });
    await search.fill(project);
    await search.press("Enter");
    await expect(page).toHaveURL(/\/settings\/projects\?q=/);
    await expect(page.getByRole("table", { name: "Projects" }).getByRole("cell", { name: project, exact: true })).toBeVisible();
    await page.close();
  });

  test("creating a team walks its steps by their forms, shows a taken name at its field, then creates it", async ({ browser, baseURL, ownerApi, ownerTeams }) => {
    const admin = addPerson("admin");
    const member = addPerson("member");
    const project = await ownerApi.createOk(uniqueName("No script team project"));
    const taken = await ownerTeams.createOk(uniqueName("Taken"));
    const page = await pageWithoutJavaScript(browser, baseURL);
    await signIn(page, admin);
    await page.goto("/settings/teams/new");
    const name = page.getByRole("textbox", { name: "Team name", exact: true });
    const next = page.getByRole("button", { name: "Next", exact: true });
    const back = page.getByRole("button", { name: "Back", exact: true });
    const tick = page.getByRole("checkbox", { name: project.name, exact: true });
    const chosen = page.getByRole("list", { name: "Chosen people" });

    // Next without a name stays on the name, saying why.
    await next.click();
    await expect(name).toHaveAccessibleDescription("Enter a team name.");

    const team = uniqueName("No script team");
    await name.fill(team);
    await next.click();
    await expect(page).toHaveURL(/[?&]step=2(&|$)/);
    await tick.check();
    await page.getByRole("combobox", { name: `Role for ${project.name}`, exact: true }).selectOption({ label: "Analyst" });
    await next.click();
    await expect(page).toHaveURL(/[?&]step=3(&|$)/);

    // The search is a GET form; each "Add" and "Remove" loads the step with the people changed.
    await page.getByLabel("Search people").fill(member.email);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    await page.getByRole("button", { name: `Add ${member.name}`, exact: true }).click();
    await expect(chosen).toContainText(member.name);
    await expect(page.getByRole("button", { name: `Add ${member.name}`, exact: true })).toHaveCount(0);

    // Back keeps what was chosen, on both steps.
    await back.click();
    await expect(page).toHaveURL(/[?&]step=2(&|$)/);
    await expect(tick).toBeChecked();
    await expect(page.getByRole("combobox", { name: `Role for ${project.name}`, exact: true })).toHaveValue("analyst");
    await next.click();
    await expect(chosen).toContainText(member.name);

    // A name taken meanwhile comes back at the name field, with everything else kept.
    const created = page.getByRole("button", { name: "Create team", exact: true });
    await page.goto(page.url().replace(/([?&])name=[^&]*/, `$1name=${encodeURIComponent(taken.name)}`));
    await submitAndWait(page, created, "create_team_form");
    await expect(page).toHaveURL(/__err=/);
    await expect(name).toHaveAccessibleDescription("A team with this name already exists.");
    await expectNoJson(page);

    await name.fill(team);
    await next.click();
    await expect(tick).toBeChecked();
    await next.click();
    await expect(chosen).toContainText(member.name);
    await submitAndWait(page, created, "create_team_form");
    await expect(page).toHaveURL(/\/settings\/teams\/\d+$/);
    const id = Number(/\/settings\/teams\/(\d+)$/.exec(page.url())![1]);
    const detail = await (await ownerTeams.get(id)).json();
    expect(detail.name).toBe(team);
    expect(detail.projects.map((p: { project_id: number; role: string }) => [p.project_id, p.role])).toEqual([[project.id, "analyst"]]);
    expect(detail.members.map((m: { email: string }) => m.email)).toEqual([member.email]);
    await page.close();
  });

  test("inviting to a project opens the form from the Users tab, names a bad address at its field, then sends", async ({ browser, baseURL, ownerApi }) => {
    const admin = addPerson("admin");
    const project = await ownerApi.createOk(uniqueName("No script invite project"));
    const page = await pageWithoutJavaScript(browser, baseURL);
    await signIn(page, admin);
    await page.getByRole("button", { name: "+ Invite Users", exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/users\?invite=project$/);
    const form = page.getByRole("region", { name: "Invite to Project" });
    const emails = form.getByRole("textbox", { name: "Emails", exact: true });
    const send = form.getByRole("button", { name: "Send invitations", exact: true });
    const invited = `no-js-invite-${uniqueSuffix()}@e2e.test`;

    await emails.fill(`${invited}, not-an-address`);
    await form.getByRole("checkbox", { name: project.name, exact: true }).check();
    await submitAndWait(page, send, "invite_to_project");
    await expect(page).toHaveURL(/__err=/);
    await expect(emails).toHaveAccessibleDescription(/not-an-address/);
    await expectNoJson(page);

    await emails.fill(invited);
    await form.getByRole("checkbox", { name: project.name, exact: true }).check();
    await form.getByRole("combobox", { name: "Project role", exact: true }).selectOption({ label: "Analyst" });
    await submitAndWait(page, send, "invite_to_project");
    await expect(page).toHaveURL(/\/settings\/users\?invite=project&invited=1$/);
    await expect(form.getByRole("status")).toHaveText("Invitation sent to 1 person.");

    await page.goto("/settings/invitations");
    const row = page.getByRole("row").filter({ hasText: invited });
    await expect(row).toContainText(`${project.name} (Analyst)`);
    await page.close();
  });

  test("accepting an invitation shows a short password at its field, then joins", async ({ browser, baseURL, ownerInvitations }) => {
    const email = `no-js-${uniqueSuffix()}@e2e.test`;
    await ownerInvitations.inviteOk(email);
    const path = linkPath(await ownerInvitations.link(email));
    const page = await pageWithoutJavaScript(browser, baseURL);
    await page.goto(path);
    const name = page.getByLabel("Your name", { exact: true });
    const password = page.getByLabel("Password", { exact: true });
    const join = page.getByRole("button", { name: `Join ${ORG_NAME}`, exact: true });

    await name.fill("Nico No-Script");
    await password.fill("short");
    await submitAndWait(page, join, "accept_invitation");
    await expect(page).toHaveURL(/\/invite\/[0-9a-f]+\?/);
    await expect(password).toHaveAccessibleDescription("Use at least 8 characters.");
    await expectNoJson(page);

    await name.fill("Nico No-Script");
    await password.fill("nico-password-1");
    await join.click();
    await page.waitForURL(/\/settings\/users$/);
    await expect(page.getByRole("banner").getByRole("button", { name: "Nico No-Script", exact: true })).toBeVisible();
    await page.close();
  });
});
