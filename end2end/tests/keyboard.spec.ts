import { addPerson, OWNER, uniqueName, uniqueSuffix } from "./fixtures/accounts";
import { InvitationsPage } from "./fixtures/invitations";
import { InviteModal } from "./fixtures/invite_modal";
import { tabTo } from "./fixtures/keyboard";
import { PersonPage } from "./fixtures/person_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

/** The flows people do most, with the keyboard alone: every step is a key press. */
test.describe("with the keyboard alone", () => {
  test("a menu opens on its first item and is moved through with arrows, Home, End and letters; Escape gives the focus back", async ({ page }) => {
    await new SignInPage(page).signIn(OWNER);
    const banner = page.getByRole("banner");
    const button = banner.getByRole("button", { name: OWNER.name, exact: true });
    const menu = page.getByRole("menu", { name: OWNER.name });
    const item = (name: string) => menu.getByRole("menuitem", { name, exact: true });

    await tabTo(page, button);
    await page.keyboard.press("Enter");
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await expect(item("Invite Users")).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(item("Leave organization")).toBeFocused();
    await page.keyboard.press("End");
    await expect(item("Sign out")).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(item("Invite Users")).toBeFocused();
    await page.keyboard.press("ArrowUp");
    await expect(item("Sign out")).toBeFocused();
    await page.keyboard.press("Home");
    await expect(item("Invite Users")).toBeFocused();
    await page.keyboard.press("l");
    await expect(item("Leave organization")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(button).toBeFocused();

    // Up Arrow on the button opens the menu on its last item.
    await page.keyboard.press("ArrowUp");
    await expect(item("Sign out")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(button).toBeFocused();
  });

  test("a confirmation keeps the focus inside it", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    await new UsersPage(page).openPerson(person);
    const personPage = new PersonPage(page);
    await tabTo(page, personPage.remove);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: `Remove ${person.name} from E2E Org?` });
    const cancel = dialog.getByRole("button", { name: "Cancel", exact: true });
    const confirm = dialog.getByRole("button", { name: "Remove person", exact: true });
    await expect(cancel).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(confirm).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(cancel).toBeFocused();
    await page.keyboard.press("Shift+Tab");
    await expect(confirm).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  });

  test("a role change, then Undo", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await tabTo(page, users.row(person.name).getByRole("link", { name: person.name, exact: true }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: person.name, exact: true })).toBeVisible();
    const personPage = new PersonPage(page);

    await tabTo(page, personPage.roleSelect);
    await page.keyboard.type("Admin");
    await expect(personPage.roleSelect).toHaveValue("admin");
    await tabTo(page, personPage.saveRole);
    await page.keyboard.press("Enter");
    const said = page.locator(".toast").filter({ hasText: `${person.name} is now an Admin.` });
    await expect(said).toBeVisible();

    await tabTo(page, said.getByRole("button", { name: "Undo", exact: true }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: `${person.name} is a Member again.` })).toBeVisible();
    await expect(personPage.roleSelect).toHaveValue("member");
  });

  test("inviting a person to a project", async ({ page, ownerApi }) => {
    const project = await ownerApi.createOk(uniqueName("Keys Project"));
    const email = `keys-${uniqueSuffix()}@e2e.test`;
    await new SignInPage(page).signIn(OWNER);
    const modal = new InviteModal(page);

    await tabTo(page, page.getByRole("button", { name: "+ Invite Users", exact: true }));
    await page.keyboard.press("Enter");
    await expect(modal.dialog).toBeVisible();
    await expect(modal.email()).toBeFocused();
    await page.keyboard.type(email);
    await tabTo(page, modal.dialog.getByRole("combobox", { name: "Project role", exact: true }));
    await page.keyboard.type("Analyst");
    await tabTo(page, modal.dialog.getByRole("checkbox", { name: project.name, exact: true }));
    await page.keyboard.press("Space");
    await expect(modal.dialog.getByRole("checkbox", { name: project.name, exact: true })).toBeChecked();
    await tabTo(page, modal.sendButton);
    await page.keyboard.press("Enter");
    await expect(modal.dialog.getByRole("status").filter({ hasText: "Invitation sent to 1 person." })).toBeVisible();
    // The link is shown in full, once, for the person who invited to pass on.
    await expect(modal.dialog.getByRole("textbox", { name: `Invitation link for ${email}`, exact: true })).toHaveValue(/\/invite\/[0-9a-f]{64}$/);
    await page.keyboard.press("Escape");
    await expect(modal.dialog).toHaveCount(0);

    const invitations = new InvitationsPage(page);
    await invitations.goto();
    await expect(invitations.row(email)).toContainText(`${project.name} (Analyst)`);
  });
});
