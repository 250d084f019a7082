import { addPerson, OWNER, uniqueName } from "./fixtures/accounts";
import { ProjectPeoplePage } from "./fixtures/project_people_page";
import { reloadHydrated } from "./fixtures/hydration";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

test("giving all users a role on a project asks first, says how many it reaches, then says it is done, with an Undo", async ({ page, ownerApi }) => {
  const project = await ownerApi.createOk(uniqueName("Everyone"));
  // At least the Owner and two more, whatever else runs.
  addPerson("member");
  addPerson("billing_admin");
  await new SignInPage(page).signIn(OWNER);
  const people = new ProjectPeoplePage(page, project.name);
  await people.open();

  await people.allUsersGet.selectOption({ label: "Consumer" });
  const dialog = page.getByRole("dialog", { name: `Give everyone Consumer on “${project.name}”?` });
  await expect(dialog).toContainText(/All \d+ people in the organization will reach/);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(people.allUsersGet).toHaveValue("");
  await reloadHydrated(page);
  await expect(page.locator('[data-ready="true"]')).toHaveCount(1);
  await expect(people.allUsersGet.locator("option:checked")).toHaveText("No access");
  await expect(people.everyoneElse).toHaveCount(0);

  await people.allUsersGet.selectOption({ label: "Consumer" });
  await dialog.getByRole("button", { name: "Give everyone access" }).click();
  const given = page.getByRole("status").locator(".toast").filter({ hasText: `now get Consumer on “${project.name}”.` });
  await expect(given).toHaveText(/^All \d+ people in the organization now get Consumer/);
  await expect(people.everyoneElse).toContainText("Consumer (All users)");

  // Undo gives back what all users got before: nothing.
  await given.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `All users no longer get access to “${project.name}”.` })).toBeVisible();
  await expect(people.everyoneElse).toHaveCount(0);
  await expect(people.allUsersGet.locator("option:checked")).toHaveText("No access");
  await reloadHydrated(page);
  await expect(page.locator('[data-ready="true"]')).toHaveCount(1);
  await expect(people.allUsersGet.locator("option:checked")).toHaveText("No access");

  await people.allUsersGet.selectOption({ label: "Consumer" });
  await dialog.getByRole("button", { name: "Give everyone access" }).click();
  await expect(people.everyoneElse).toContainText("Consumer (All users)");

  await people.allUsersGet.selectOption({ label: "No access" });
  const stop = page.getByRole("dialog", { name: `Stop giving everyone access to “${project.name}”?` });
  await expect(stop).toContainText(/\d+ people reach/);
  await stop.getByRole("button", { name: "Stop giving access" }).click();
  await expect(page.getByRole("status").filter({ hasText: `All users no longer get access to “${project.name}”.` })).toBeVisible();
  await expect(people.everyoneElse).toHaveCount(0);
});
