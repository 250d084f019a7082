import { OWNER, uniqueName, uniqueSuffix } from "./fixtures/accounts";
import { InviteModal } from "./fixtures/invite_modal";
import { SignInPage } from "./fixtures/sign_in_page";
import { expect, test } from "./fixtures/test";

test.describe("the invite dialog's email rows", () => {
  test.beforeEach(async ({ page }) => {
    await new SignInPage(page).signIn(OWNER);
    await new InviteModal(page).openFromUsersTab();
  });

  test("an email typed on Invite to Project is still there after switching tabs and back", async ({ page }) => {
    const modal = new InviteModal(page);
    const email = `kept-${uniqueSuffix()}@e2e.test`;
    await modal.email().fill(email);
    await modal.chooseProjectRole("Analyst");
    await modal.selectTab("Invite to Teams");
    await expect(modal.email()).toHaveValue("");
    await modal.selectTab("Bulk Invite");
    await modal.selectTab("Invite to Project");
    await expect(modal.email()).toHaveValue(email);
    await expect(modal.dialog.getByRole("combobox", { name: "Project role", exact: true }).locator("option:checked")).toHaveText("Analyst");
  });

  test("an empty submit says to enter an email once", async ({ page }) => {
    const modal = new InviteModal(page);
    await modal.sendButton.click();
    await expect(modal.error("Enter an email address.")).toBeVisible();
    await expect(modal.messages("Enter an email address.")).toHaveCount(1);
  });

  test("a malformed email with no project ticked shows both errors", async ({ page }) => {
    const modal = new InviteModal(page);
    await modal.email().fill("not-an-email");
    await modal.sendButton.click();
    await expect(modal.error("“not-an-email” is not a valid email address.")).toBeVisible();
    await expect(modal.groupError("Projects", "Choose at least one project.")).toBeVisible();
    await expect(modal.email()).toHaveAttribute("aria-invalid", "true");
  });

  test("an address typed again with its accent as a separate mark, in capitals, is the same address", async ({ page }) => {
    const modal = new InviteModal(page);
    const suffix = uniqueSuffix();
    // "é" as one character, then as "E" and a combining acute accent: one address once normalised.
    await modal.fillEmails([`jos\u00e9-${suffix}@e2e.test`, `JOSE\u0301-${suffix}@e2e.test`]);
    const sent: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/invite")) sent.push(request.url());
    });
    await modal.sendButton.click();
    // Pointed out by the browser's own check, before anything is sent.
    await expect(modal.error("Duplicate of row 1.")).toBeVisible();
    await expect(modal.email(2)).toHaveAttribute("aria-invalid", "true");
    await expect(modal.email(1)).not.toHaveAttribute("aria-invalid", "true");
    expect(sent).toEqual([]);
  });

  test("an added row can be removed, and the rows are numbered again", async ({ page }) => {
    const modal = new InviteModal(page);
    await modal.fillEmails(["first@e2e.test", "second@e2e.test", "third@e2e.test"]);
    await modal.removeEmail(2).click();
    await expect(modal.emailRows).toHaveCount(2);
    await expect(modal.email(1)).toHaveValue("first@e2e.test");
    await expect(modal.email(2)).toHaveValue("third@e2e.test");
    // The focus stays in the rows, on the row that took the removed one's place.
    await expect(modal.email(2)).toBeFocused();
    await modal.removeEmail(1).click();
    // The last row has no Remove button; it is labelled just "Email" again.
    await expect(modal.email()).toHaveValue("third@e2e.test");
    await expect(modal.dialog.getByRole("button", { name: /^Remove email/ })).toHaveCount(0);
  });

  test("a pasted list becomes one row per address, comma-separated or one per line", async ({ page, ownerApi }) => {
    const project = await ownerApi.createOk(uniqueName("Project"));
    const suffix = uniqueSuffix();
    const [a1, a2, a3] = [`a1-${suffix}@e2e.test`, `a2-${suffix}@e2e.test`, `a3-${suffix}@e2e.test`];
    const modal = new InviteModal(page);
    // Opened again, so that its list holds the project made after it first opened.
    await modal.close();
    await modal.openFromUsersTab();
    await modal.paste(modal.email(), `${a1}, ${a2}`);
    await expect(modal.emailRows).toHaveCount(2);
    await expect(modal.email(1)).toHaveValue(a1);
    await expect(modal.email(2)).toHaveValue(a2);

    await modal.dialog.getByRole("button", { name: "Add another user", exact: true }).click();
    await modal.paste(modal.email(3), `${a3}\n${a1}\n`);
    await expect(modal.emailRows).toHaveCount(4);
    await expect(modal.email(3)).toHaveValue(a3);
    await expect(modal.email(4)).toHaveValue(a1);

    // The repeated address is pointed out before anything is sent; without it the three go.
    await modal.check(project.name);
    await modal.sendButton.click();
    await expect(modal.error("Duplicate of row 1.")).toBeVisible();
    await expect(modal.email(4)).toHaveAttribute("aria-invalid", "true");
    await modal.removeEmail(4).click();
    await modal.sendAndExpect(3);
  });
});
