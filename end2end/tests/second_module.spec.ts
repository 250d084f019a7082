import type { Route } from "@playwright/test";
import { addPerson, OWNER } from "./fixtures/accounts";
import { gotoHydrated } from "./fixtures/hydration";
import { InviteModal } from "./fixtures/invite_modal";
import { SettingsPage } from "./fixtures/settings_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { TeamsPage } from "./fixtures/teams_page";
import { UsersPage } from "./fixtures/users_page";

/** The modules the build splits off: the Users tab's, and the one of every other page. */
const SPLIT_MODULE = /\/pkg\/split_[^/]*\.wasm$/;
const USERS_MODULE = /\/pkg\/split_users_view_[^/]*\.wasm$/;
const SECOND_MODULE = /\/pkg\/split_elsewhere_view_[^/]*\.wasm$/;

test("the sign-in page hydrates without the other modules, then asks for the Users tab's, then for the rest", async ({ page }) => {
  const asked: string[] = [];
  const held: Route[] = [];
  let released = false;
  await page.route(SPLIT_MODULE, (route) => {
    asked.push(route.request().url());
    if (released) return route.continue();
    held.push(route);
  });
  await gotoHydrated(page, "/sign-in");
  await expect(page.locator('head link[href*="/pkg/split_"]')).toHaveCount(0);
  await expect.poll(() => asked.length).toBeGreaterThan(0);
  // The other pages' module waits for the Users tab's: only that one has been asked for.
  expect(asked.every((url) => USERS_MODULE.test(url)), asked.join(", ")).toBe(true);
  released = true;
  for (const route of held.splice(0)) await route.continue();
  await expect.poll(() => asked.some((url) => SECOND_MODULE.test(url))).toBe(true);
  await new SignInPage(page).signIn(OWNER);
  await new SettingsPage(page).expectTab("Users");
});

test("sign-in and the Users tab work without the module of the other pages, which the next tab then loads", async ({ page }) => {
  const person = addPerson("member");
  // Every request for the second module is held until the test lets it go.
  const held: Route[] = [];
  let released = false;
  await page.route(SECOND_MODULE, (route) => (released ? route.continue() : void held.push(route)));

  await new SignInPage(page).signIn(OWNER);
  const users = new UsersPage(page);
  await users.goto();
  // Hydrated without it: the search moves the address and the server's answer is shown.
  await users.searchFor(person.email);
  await expect(users.count).toHaveText("1 person");
  await expect(users.row(person.name)).toBeVisible();

  // The page asked for it once hydrated, to have it ready for the next tab.
  await expect.poll(() => held.length).toBeGreaterThan(0);
  // Until it arrives, the router stays on the Users tab.
  await new SettingsPage(page).tab("Teams").click();
  const teams = new TeamsPage(page);
  await expect(users.row(person.name)).toBeVisible();
  await expect(teams.heading).toHaveCount(0);

  released = true;
  for (const route of held.splice(0)) await route.continue();
  await expect(page).toHaveURL(/\/settings\/teams$/);
  await expect(teams.heading).toBeVisible();
  await expect(teams.createButton).toBeVisible();
});

test("the Invite Users modal comes with that module: asked for before it arrives, it opens when it does", async ({ page }) => {
  const held: Route[] = [];
  let released = false;
  await page.route(SECOND_MODULE, (route) => (released ? route.continue() : void held.push(route)));

  await new SignInPage(page).signIn(OWNER);
  await new UsersPage(page).goto();
  await expect.poll(() => held.length).toBeGreaterThan(0);
  const modal = new InviteModal(page);
  await page.getByRole("button", { name: "+ Invite Users", exact: true }).click();
  await expect(modal.dialog).toHaveCount(0);

  released = true;
  for (const route of held.splice(0)) await route.continue();
  await expect(modal.dialog).toBeVisible();
  await expect(modal.tab("Invite to Project")).toHaveAttribute("aria-selected", "true");
  await expect(page.locator("#project-email-0")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(modal.dialog).toHaveCount(0);
  await expect(page.getByRole("button", { name: "+ Invite Users", exact: true })).toBeFocused();
});

test("a page loaded directly names in its head the module its view is in, so it comes with the first", async ({ page }) => {
  await new SignInPage(page).signIn(OWNER);
  const preloads = (module: string) => page.locator(`head link[rel="preload"][href*="/pkg/split_${module}_"][href$=".wasm"]`);
  await expect(preloads("users_view")).toHaveCount(1);
  await expect(preloads("elsewhere_view")).toHaveCount(0);
  await gotoHydrated(page, "/settings/teams");
  await expect(preloads("elsewhere_view")).toHaveCount(1);
  await expect(preloads("users_view")).toHaveCount(0);
  await expect(new TeamsPage(page).heading).toBeVisible();
});
