import { addPerson, OWNER, uniqueName } from "./fixtures/accounts";
import { gotoHydrated } from "./fixtures/hydration";
import { PersonPage } from "./fixtures/person_page";
import { ScimClient } from "./fixtures/scim";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamPage } from "./fixtures/team_page";
import { TeamsPage } from "./fixtures/teams_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

/** Creates a SCIM token on the Provisioning tab as the signed-in Owner and returns it. */
async function newToken(page: import("@playwright/test").Page, name: string): Promise<string> {
  await gotoHydrated(page, "/settings/provisioning");
  await page.getByLabel("Token name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "+ New SCIM token", exact: true }).click();
  const shown = page.getByRole("textbox", { name: "New SCIM token", exact: true });
  await expect(shown).toHaveValue(/^roster_scim_/);
  return shown.inputValue();
}

test.describe("provisioning settings and status by hand", () => {
  test("an Owner deactivates a person from their page and reactivates them", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    await new UsersPage(page).openPerson(person);
    await new PersonPage(page).page.getByRole("button", { name: "Deactivate", exact: true }).click();
    const facts = page.locator("dl.facts");
    await expect(facts).toContainText("Deactivated");
    await page.getByRole("button", { name: "Reactivate", exact: true }).click();
    await expect(facts).toContainText("Active");
    await expect(facts).not.toContainText("Deactivated");

    // Reactivated, they sign in again.
    const theirs = await page.context().browser()!.newContext();
    await new SignInPage(await theirs.newPage()).signIn(person);
    await theirs.close();
  });

  test("revoking a token asks first, and the revoked token no longer provisions", async ({ page, request }) => {
    await new SignInPage(page).signIn(OWNER);
    const name = uniqueName("Old IdP");
    const token = await newToken(page, name);
    const row = page.getByRole("table", { name: "SCIM tokens" }).getByRole("row").filter({ hasText: name });
    await row.getByRole("button", { name: `Revoke ${name}`, exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Revoke SCIM token “${name}”?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Revoke token", exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toHaveCount(0);
    const refused = await request.get("/scim/v2/Users", { headers: { Authorization: `Bearer ${token}` } });
    expect(refused.status()).toBe(401);
  });

  test("an Owner unlinks a team from the identity provider and can then change its members", async ({ page, request }) => {
    await new SignInPage(page).signIn(OWNER);
    const scim = new ScimClient(request, await newToken(page, uniqueName("Entra")));
    const group = uniqueName("Linked");
    await scim.createGroup(group, []);
    const teams = new TeamsPage(page);
    await teams.goto(group);
    await teams.row(group).getByRole("link", { name: group, exact: true }).click();
    const team = new TeamPage(page);
    await expect(page.getByText("Members are managed by your identity provider.", { exact: false })).toBeVisible();
    await expect(team.searchPeople).toHaveCount(0);
    await page.getByRole("button", { name: "Unlink from identity provider", exact: true }).click();
    await expect(page.getByText("Members are managed by your identity provider.", { exact: false })).toHaveCount(0);
    await expect(team.searchPeople).toBeVisible();
  });
});
