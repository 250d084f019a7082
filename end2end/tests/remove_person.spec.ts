import { addPerson, OWNER } from "./fixtures/accounts";
import { PersonPage } from "./fixtures/person_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test("removing a person, after a confirmation that names them", async ({ page, browser }) => {
  const person = addPerson("member");
  // The person is signed in elsewhere; removal ends that session too.
  const theirs = await browser.newContext();
  const theirPage = await theirs.newPage();
  await new SignInPage(theirPage).signIn(person);

  await new SignInPage(page).signIn(OWNER);
  const users = new UsersPage(page);
  await users.goto(`?q=${encodeURIComponent(person.email)}`);
  await users.open(person.name);
  await new PersonPage(page).remove.click();
  const dialog = page.getByRole("dialog", { name: `Remove ${person.name} from E2E Org?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Remove person" }).click();
  await expect(page).toHaveURL(/\/settings\/users$/);
  await users.goto(`?q=${encodeURIComponent(person.email)}`);
  await expect(page.getByText("No one matches.")).toBeVisible();

  const refused = await theirs.request.post("/api/list_projects", { headers: { Accept: "application/json" } });
  expect(refused.status()).toBe(401);
  await theirs.close();
});
