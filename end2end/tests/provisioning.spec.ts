import { addPerson, OWNER, uniqueName, uniqueSuffix } from "./fixtures/accounts";
import { gotoHydrated } from "./fixtures/hydration";
import { ScimClient } from "./fixtures/scim";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamsPage } from "./fixtures/teams_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

const DEACTIVATED =
  "This account is not an active member of any organization. If you were deactivated, ask an Owner or Admin of your organization to reactivate you.";

/** Creates a SCIM token on the Provisioning tab as the signed-in Owner and returns it. */
async function newToken(page: import("@playwright/test").Page, name: string): Promise<string> {
  await gotoHydrated(page, "/settings/provisioning");
  await expect(page.getByRole("heading", { name: "Provisioning", exact: true })).toBeVisible();
  await page.getByLabel("Token name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "+ New SCIM token", exact: true }).click();
  const shown = page.getByRole("textbox", { name: "New SCIM token", exact: true });
  await expect(shown).toHaveValue(/^roster_scim_[0-9a-f]{64}$/);
  // The page reads its settings again after the token is made: wait until it lists the new token,
  // as a person would, so that what is done next is not drawn over by that answer.
  await expect(page.getByRole("table", { name: "SCIM tokens" }).getByRole("row").filter({ hasText: name })).toBeVisible();
  return shown.inputValue();
}

test.describe("provisioning by an identity provider", () => {
  // The default role is the organization's: the tests that provision people run one after another.
  test.describe.configure({ mode: "serial" });

  test("an Owner creates a SCIM token, sees it once, copies it and finds it listed", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await new SignInPage(page).signIn(OWNER);
    const name = uniqueName("Okta");
    const token = await newToken(page, name);
    await expect(page.getByRole("textbox", { name: "SCIM base URL", exact: true })).toHaveValue(/\/scim\/v2$/);
    await page.getByRole("button", { name: "Copy the new SCIM token", exact: true }).click();
    await expect(page.getByRole("button", { name: "Copy the new SCIM token", exact: true })).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    const row = page.getByRole("table", { name: "SCIM tokens" }).getByRole("row").filter({ hasText: name });
    await expect(row).toContainText(OWNER.name);
    await expect(row).toContainText("Never");

    // After a reload the token itself is gone for good; only its row stays.
    await gotoHydrated(page, "/settings/provisioning");
    await expect(page.getByRole("textbox", { name: "New SCIM token", exact: true })).toHaveCount(0);
    await expect(page.getByText(token)).toHaveCount(0);
    await expect(row).toBeVisible();
  });

  test("a person and a group created over SCIM appear in the Users and Teams tabs", async ({ page, request }) => {
    await new SignInPage(page).signIn(OWNER);
    const scim = new ScimClient(request, await newToken(page, uniqueName("Entra")));
    const suffix = uniqueSuffix();
    const email = `grace-${suffix}@scim.test`;
    const id = await scim.createUser(email, "Grace", `Hopper ${suffix}`);
    const group = `Compilers ${suffix}`;
    await scim.createGroup(group, [id]);

    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(email)}`);
    const row = users.row(`Grace Hopper ${suffix}`);
    await expect(row).toContainText(email);
    await expect(row).toContainText("Member");
    await expect(row).toContainText("Active");
    await expect(row).toContainText(group);

    const teams = new TeamsPage(page);
    await teams.goto(group);
    await teams.row(group).getByRole("link", { name: group, exact: true }).click();
    await expect(page.getByText("Members are managed by your identity provider.", { exact: false })).toBeVisible();
    await expect(page.getByRole("button", { name: "Unlink from identity provider", exact: true })).toBeVisible();
  });

  test("a person deactivated over SCIM cannot sign in, and their status shows and filters", async ({ page, browser, request }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const scim = new ScimClient(request, await newToken(page, uniqueName("Okta")));
    await scim.setActive(await scim.idOf(person.email), false);

    const theirs = await browser.newContext();
    const signIn = new SignInPage(await theirs.newPage());
    await signIn.goto();
    await signIn.submitCredentials(person.email, person.password);
    await expect(signIn.error(DEACTIVATED)).toBeVisible();
    await theirs.close();

    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await expect(users.row(person.name)).toContainText("Deactivated");
    await users.statusFilter.selectOption({ label: "Active" });
    await expect(page).toHaveURL(/[?&]status=active/);
    await expect(users.noOneMatches).toBeVisible();
    await users.statusFilter.selectOption({ label: "Deactivated" });
    await expect(page).toHaveURL(/[?&]status=deactivated/);
    await expect(users.row(person.name)).toBeVisible();
  });

  test("an Admin has no Provisioning tab, and the server refuses them the page's data", async ({ page }) => {
    const admin = addPerson("admin");
    await new SignInPage(page).signIn(admin);
    const settings = new SettingsPage(page);
    await expect(settings.tablist.getByRole("tab", { name: "Provisioning" })).toHaveCount(0);
    await gotoHydrated(page, "/settings/provisioning");
    await expect(page.getByRole("alert").filter({ hasText: "Only Owners can do this." })).toBeVisible();
    const refused = await page.request.post("/api/create_scim_token", {
      form: { name: "sneaky" },
      headers: { Accept: "application/json" },
    });
    expect(refused.status()).toBe(403);
  });
  test("the default role for provisioned people is saved and given to the next one", async ({ page, request }) => {
    await new SignInPage(page).signIn(OWNER);
    const scim = new ScimClient(request, await newToken(page, uniqueName("Okta")));
    const role = page.getByLabel("Default role for provisioned people", { exact: true });
    await role.selectOption({ label: "Billing Admin" });
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "People your identity provider adds now join as a Billing Admin." })).toBeVisible();
    await gotoHydrated(page, "/settings/provisioning");
    await expect(role).toHaveValue("billing_admin");

    const suffix = uniqueSuffix();
    const email = `bill-${suffix}@scim.test`;
    await scim.createUser(email, "Bill", `Payer ${suffix}`);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(email)}`);
    await expect(users.row(`Bill Payer ${suffix}`)).toContainText("Billing Admin");

    // Back to the default for the other tests.
    await gotoHydrated(page, "/settings/provisioning");
    await role.selectOption({ label: "Member" });
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "People your identity provider adds now join as a Member." })).toBeVisible();
  });

});
