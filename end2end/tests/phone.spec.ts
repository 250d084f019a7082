import type { Page } from "@playwright/test";
import { addPerson, OWNER, uniqueName, uniqueSuffix } from "./fixtures/accounts";
import { InvitationsPage } from "./fixtures/invitations";
import { InviteModal } from "./fixtures/invite_modal";
import { PersonPage } from "./fixtures/person_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

/** The flows people do most, on a phone-sized screen, where nothing may be wider than the window. */
test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

async function fitsTheScreen(page: Page, what: string): Promise<void> {
  const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scrollWidth, `${what} is wider than the ${innerWidth} px screen`).toBeLessThanOrEqual(innerWidth);
}

/** Whether `dialog` lies within the screen. */
async function dialogFits(page: Page, modal: InviteModal): Promise<void> {
  const box = await modal.dialog.boundingBox();
  expect(box, "the dialog is shown").not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test.describe("on a 360 px screen", () => {
  test("inviting a person to a project", async ({ page, ownerApi }) => {
    const project = await ownerApi.createOk(uniqueName("Phone Project"));
    const email = `phone-${uniqueSuffix()}@e2e.test`;
    await new SignInPage(page).signIn(OWNER);
    await fitsTheScreen(page, "the Users tab");

    const modal = new InviteModal(page);
    await modal.openFromUsersTab();
    await dialogFits(page, modal);
    await fitsTheScreen(page, "the Users tab with the invite dialog");
    await modal.fillEmails([email]);
    await modal.chooseProjectRole("Analyst");
    await modal.check(project.name);
    await modal.sendAndExpect(1);
    await modal.close();

    const invitations = new InvitationsPage(page);
    await invitations.goto();
    await fitsTheScreen(page, "the Invitations tab");
    await expect(invitations.row(email)).toContainText(`${project.name} (Analyst)`);
  });

  test("a role change, then Undo", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    await new UsersPage(page).openPerson(person);
    await fitsTheScreen(page, "the person's page");
    const personPage = new PersonPage(page);
    await personPage.changeRole("Admin");
    const said = page.locator(".toast").filter({ hasText: `${person.name} is now an Admin.` });
    await expect(said).toBeInViewport();
    await fitsTheScreen(page, "the person's page with a notification");
    await said.getByRole("button", { name: "Undo", exact: true }).tap();
    await expect(page.getByRole("status").filter({ hasText: `${person.name} is a Member again.` })).toBeVisible();
    await expect(personPage.roleSelect).toHaveValue("member");
  });
});
