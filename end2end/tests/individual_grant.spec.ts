import { addPerson, OWNER, uniqueName } from "./fixtures/accounts";
import { PersonPage } from "./fixtures/person_page";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";
import { UsersPage } from "./fixtures/users_page";

test("adding and removing an individual grant changes what Granted by says", async ({ page, ownerApi }) => {
  const project = await ownerApi.createOk(uniqueName("Grant project"));
  const person = addPerson("member");
  await new SignInPage(page).signIn(OWNER);
  await new UsersPage(page).openPerson(person);
  const personPage = new PersonPage(page);
  await expect(personPage.accessRow(project.name)).toHaveCount(0);

  await personPage.grant(project.name, "Analyst");
  const row = personPage.accessRow(project.name);
  await expect(row).toContainText("Individual · Analyst");
  await expect(row.getByRole("cell", { name: "Analyst", exact: true })).toBeVisible();

  await row.getByLabel(`Individual role on ${project.name}`).selectOption({ label: "Admin" });
  await expect(row).toContainText("Individual · Admin");

  await row.getByRole("button", { name: `Remove individual grant on ${project.name}` }).click();
  await expect(personPage.accessRow(project.name)).toHaveCount(0);
  await page.reload();
  await expect(personPage.accessRow(project.name)).toHaveCount(0);
});
