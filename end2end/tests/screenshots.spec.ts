import * as fs from "node:fs";
import * as path from "node:path";
import { OWNER, uniqueName } from "./fixtures/accounts";
import { gotoHydrated } from "./fixtures/hydration";
import { InviteModal } from "./fixtures/invite_modal";
import { TAB_PATHS } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

/**
 * Screenshots of the Users tab, the Invite Users dialog and a team's page, light and dark, on a
 * phone and on a desktop, for a person to look at: written to end2end/screenshots/ and attached to
 * the test's report. They are not compared with anything; the accessibility and layout checks are
 * the tests.
 */

const FOLDER = path.join(__dirname, "..", "screenshots");
const SIZES = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 800 } } as const;

for (const scheme of ["light", "dark"] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`screenshots, ${scheme}, ${size}`, async ({ page, ownerTeams, ownerApi }, testInfo) => {
      fs.mkdirSync(FOLDER, { recursive: true });
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      const project = await ownerApi.createOk(uniqueName("Shot Project"));
      const ownerId = await ownerTeams.accountId(OWNER.email);
      const team = await ownerTeams.createOk(uniqueName("Shot Team"), [{ project_id: project.id, role: "analyst" }], [ownerId]);
      await new SignInPage(page).signIn(OWNER);

      const shoot = async (name: string) => {
        const file = path.join(FOLDER, `${name}-${scheme}-${size}.png`);
        const body = await page.screenshot({ path: file, fullPage: true });
        expect(body.length).toBeGreaterThan(0);
        await testInfo.attach(`${name}, ${scheme}, ${size}`, { body, contentType: "image/png" });
      };

      await gotoHydrated(page, TAB_PATHS.Users);
      await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
      await shoot("users");

      const invite = new InviteModal(page);
      await invite.openFromUsersTab();
      await shoot("invite-dialog");
      await invite.close();

      await gotoHydrated(page, `/settings/teams/${team.id}`);
      await expect(page.getByRole("heading", { level: 2, name: team.name, exact: true })).toBeVisible();
      await shoot("team");
    });
  }
}
