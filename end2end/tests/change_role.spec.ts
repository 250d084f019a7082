import { addPerson, OWNER } from "./fixtures/accounts";
import { PersonPage } from "./fixtures/person_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test.describe("changing an organization role", () => {
  test("the Owner's change is kept after a reload", async ({ page }) => {
    const person = addPerson("member");
    await new SignInPage(page).signIn(OWNER);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    const personPage = new PersonPage(page);
    await personPage.changeRole("Billing Admin");
    await page.reload();
    await expect(personPage.roleSelect).toHaveValue("billing_admin");
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await expect(users.row(person.name).getByRole("cell", { name: "Billing Admin" })).toBeVisible();
  });

  test("an Admin is never offered Owner", async ({ page }) => {
    const admin = addPerson("admin");
    const person = addPerson("member");
    await new SignInPage(page).signIn(admin);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(person.email)}`);
    await users.open(person.name);
    const personPage = new PersonPage(page);
    const options = await personPage.roleSelect.locator("option").allTextContents();
    expect(options).toEqual(["Admin", "Billing Admin", "Member"]);
  });

  test("a Member sees no edit controls", async ({ page }) => {
    const member = addPerson("member");
    const other = addPerson("member");
    await new SignInPage(page).signIn(member);
    const users = new UsersPage(page);
    await users.goto(`?q=${encodeURIComponent(other.email)}`);
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await users.open(other.name);
    const personPage = new PersonPage(page);
    await expect(personPage.roleSelect).toHaveCount(0);
    await expect(personPage.remove).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Grant access" })).toHaveCount(0);
  });
});
