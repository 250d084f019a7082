import { addPerson, type OrgRole } from "./fixtures/accounts";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

// The tabs follow the rules the server applies to what is behind them: the Invitations tab for
// those who may invite, the Audit log for those who may read it; General for everyone (read-only
// but for Owners).
const EXPECTED: [OrgRole, string[]][] = [
  ["member", ["Users", "Teams", "Projects", "General"]],
  ["billing_admin", ["Users", "Teams", "Projects", "General"]],
  ["admin", ["Users", "Teams", "Projects", "Invitations", "Audit log", "General"]],
];

for (const [role, tabs] of EXPECTED) {
  test(`a ${role.replace("_", " ")} sees the tabs ${tabs.join(", ")}`, async ({ page }) => {
    await new SignInPage(page).signIn(addPerson(role));
    const settings = new SettingsPage(page);
    await expect(settings.tablist.getByRole("tab")).toHaveText(tabs);
    await settings.pressOnTab("Users", "End");
    await expect(settings.tab(tabs[tabs.length - 1] as "Users")).toBeFocused();
  });
}
