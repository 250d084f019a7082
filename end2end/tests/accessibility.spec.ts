import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { addPerson, ORG_NAME, OWNER, uniqueName, uniqueSuffix } from "./fixtures/accounts";
import { gotoHydrated } from "./fixtures/hydration";
import { InvitationsPage } from "./fixtures/invitations";
import { InviteModal } from "./fixtures/invite_modal";
import { PersonPage } from "./fixtures/person_page";
import { ProjectsPage } from "./fixtures/projects_page";
import { TAB_PATHS, type TabName } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { TeamPage } from "./fixtures/team_page";
import { TeamsPage } from "./fixtures/teams_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

/**
 * Every page an Owner sees, and the sign-in page, checked with axe-core against WCAG 2.1 A and AA
 * in the light and the dark theme, on a desktop window and on a 360 px wide phone, where nothing
 * may widen the page past the window. The forms and confirmations that open on the Teams,
 * Projects, Users and Provisioning tabs are checked open, in a test of their own.
 */

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } } as const;
const TABS: TabName[] = ["Users", "Teams", "Projects", "Invitations", "Audit log", "Provisioning", "General"];

/** What is wrong with the page as it is shown now, one line each; empty when nothing is. */
async function problems(page: Page, what: string, narrow: boolean): Promise<string[]> {
  const found: string[] = [];
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  for (const v of result.violations) {
    const targets = v.nodes.map((n) => n.target.join(" ")).join(" | ");
    found.push(`${what}: ${v.id} (${v.impact}) — ${v.help} — ${targets}`);
  }
  if (narrow) {
    const [scrollWidth, innerWidth] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    if (scrollWidth > innerWidth) {
      found.push(`${what}: the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
    }
  }
  return found;
}

for (const scheme of ["light", "dark"] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`no WCAG 2.1 AA violations, ${scheme} theme, ${size} (${viewport.width}×${viewport.height})`, async ({
      page,
      ownerTeams,
    }) => {
      test.setTimeout(180_000);
      const narrow = viewport.width < 600;
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      const found: string[] = [];

      const signIn = new SignInPage(page);
      await signIn.goto();
      found.push(...(await problems(page, "Sign in", narrow)));

      const ownerId = await ownerTeams.accountId(OWNER.email);
      const person = addPerson("member");
      const member = { id: await ownerTeams.accountId(person.email) };
      const team = await ownerTeams.createOk(uniqueName("Axe Team"), [], [ownerId]);
      await signIn.signIn(OWNER);

      for (const tab of TABS) {
        await gotoHydrated(page, TAB_PATHS[tab]);
        await expect(page.getByRole("heading", { level: 2, name: tab, exact: true })).toBeVisible();
        found.push(...(await problems(page, tab, narrow)));
      }

      await gotoHydrated(page, `/settings/users/${ownerId}`);
      await expect(page.getByRole("heading", { level: 2, name: OWNER.name, exact: true })).toBeVisible();
      found.push(...(await problems(page, "A person's page", narrow)));

      // Each menu of the navigation bar, open.
      for (const menu of ["Settings", OWNER.name, `Organization: ${ORG_NAME}`]) {
        await page.getByRole("banner").getByRole("button", { name: menu, exact: true }).click();
        await expect(page.getByRole("menu", { name: menu })).toBeVisible();
        found.push(...(await problems(page, `The ${menu} menu`, narrow)));
        await page.keyboard.press("Escape");
      }

      // A notification with its Undo, after a role change on another person's page.
      await gotoHydrated(page, `/settings/users/${member.id}`);
      await new PersonPage(page).changeRole("Billing Admin");
      await expect(page.locator(".toast").getByRole("button", { name: "Undo", exact: true })).toBeVisible();
      found.push(...(await problems(page, "A notification", narrow)));

      await gotoHydrated(page, `/settings/teams/${team.id}`);
      await expect(page.getByRole("heading", { level: 2, name: team.name, exact: true })).toBeVisible();
      found.push(...(await problems(page, "A team's page", narrow)));

      // A confirmation dialog, open.
      await page.getByRole("button", { name: "Delete team", exact: true }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      found.push(...(await problems(page, "The Delete team confirmation", narrow)));
      await page.keyboard.press("Escape");

      await gotoHydrated(page, TAB_PATHS.Users);
      const invite = new InviteModal(page);
      await invite.openFromUsersTab();
      found.push(...(await problems(page, "The Invite Users dialog", narrow)));
      for (const tab of ["Invite to Teams", "Bulk Invite"] as const) {
        await invite.selectTab(tab);
        found.push(...(await problems(page, `The Invite Users dialog, ${tab}`, narrow)));
      }
      await invite.close();

      // The confirmations of the Invitations tab, open.
      const invited = `axe-${uniqueSuffix()}@e2e.test`;
      const sent = await page.request.post("/api/bulk_invite", {
        data: { csv: `email\n${invited}` },
        headers: { Accept: "application/json" },
      });
      expect(sent.status(), await sent.text()).toBe(200);
      const invitations = new InvitationsPage(page);
      await invitations.goto();
      const confirmations = [
        ["Revoke", `Revoke the invitation for ${invited}?`],
        ["Copy link for", `Make a new link for ${invited}?`],
      ] as const;
      for (const [action, title] of confirmations) {
        await invitations.button(action, invited).click();
        await expect(page.getByRole("dialog", { name: title, exact: true })).toBeVisible();
        found.push(...(await problems(page, `The ${action} confirmation`, narrow)));
        await page.keyboard.press("Escape");
        await expect(page.getByRole("dialog")).toHaveCount(0);
      }

      expect(found, found.join("\n")).toEqual([]);
    });
  }
}

for (const scheme of ["light", "dark"] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`no WCAG 2.1 AA violations in the forms and confirmations, ${scheme} theme, ${size} (${viewport.width}×${viewport.height})`, async ({
      page,
      ownerApi,
    }) => {
      test.setTimeout(180_000);
      const narrow = viewport.width < 600;
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      const found: string[] = [];
      const project = await ownerApi.createOk(uniqueName("Axe Project"));
      const person = addPerson("member");
      await new SignInPage(page).signIn(OWNER);

      // Each step of Create Team, the last with a person found and chosen.
      const teams = new TeamsPage(page);
      await teams.goto();
      await teams.openCreate();
      found.push(...(await problems(page, "Create Team, step 1", narrow)));
      const teamName = uniqueName("Axe Team");
      await teams.chooseName(teamName);
      await teams.chooseProject(project.name, "Analyst");
      found.push(...(await problems(page, "Create Team, step 2", narrow)));
      await teams.next.click();
      await teams.choosePerson(person.name);
      found.push(...(await problems(page, "Create Team, step 3", narrow)));
      await teams.createTeam.click();

      // The team's rename form, open.
      const team = new TeamPage(page);
      await team.expectTeam(teamName);
      await team.renameButton.click();
      await expect(page.getByRole("textbox", { name: "Team name", exact: true })).toBeVisible();
      found.push(...(await problems(page, "The Rename team form", narrow)));

      // A project's rename form and its delete confirmation, open.
      const projects = new ProjectsPage(page);
      await projects.goto(project.name);
      const renaming = await projects.startRename(project.name, `${project.name} renamed`);
      found.push(...(await problems(page, "The Rename project form", narrow)));
      await renaming.getByRole("button", { name: "Cancel", exact: true }).click();
      await projects.openDeleteDialog(project.name);
      found.push(...(await problems(page, "The Delete project confirmation", narrow)));
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog")).toHaveCount(0);

      // The Users tab's confirmation of removing the people selected.
      const users = new UsersPage(page);
      await users.goto(`?q=${encodeURIComponent(person.email)}`);
      await users.select(person.name);
      await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Remove from organization" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      found.push(...(await problems(page, "The bulk Remove confirmation", narrow)));
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog")).toHaveCount(0);

      // A new SCIM token, shown once, then its revocation's confirmation.
      await gotoHydrated(page, TAB_PATHS.Provisioning);
      const tokenName = uniqueName("Axe token");
      await page.getByLabel("Token name", { exact: true }).fill(tokenName);
      await page.getByRole("button", { name: "+ New SCIM token", exact: true }).click();
      await expect(page.getByRole("textbox", { name: "New SCIM token", exact: true })).toHaveValue(/^roster_scim_/);
      found.push(...(await problems(page, "A new SCIM token", narrow)));
      await page.getByRole("button", { name: `Revoke ${tokenName}`, exact: true }).click();
      const revoke = page.getByRole("dialog", { name: `Revoke SCIM token \u201c${tokenName}\u201d?`, exact: true });
      await expect(revoke).toBeVisible();
      found.push(...(await problems(page, "The Revoke SCIM token confirmation", narrow)));
      await revoke.getByRole("button", { name: "Revoke token", exact: true }).click();
      await expect(revoke).toHaveCount(0);

      expect(found, found.join("\n")).toEqual([]);
    });
  }
}
