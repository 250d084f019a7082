import { OWNER, uniqueName, uniqueSuffix } from "./fixtures/accounts";
import { InviteModal } from "./fixtures/invite_modal";
import { SignInPage } from "./fixtures/sign_in_page";
import { addTeam } from "./fixtures/teams";
import { expect, test } from "./fixtures/test";

/** Signs in as the Owner and opens the Bulk Invite tab. */
async function bulkTab(page: import("@playwright/test").Page): Promise<InviteModal> {
  await new SignInPage(page).signIn(OWNER);
  const modal = new InviteModal(page);
  await modal.openFromAccountMenu(OWNER.name);
  await modal.selectTab("Bulk Invite");
  return modal;
}

/** The message above the preview about the file as a whole. */
function fileError(modal: InviteModal) {
  return modal.dialog.getByRole("alert").filter({ hasText: /\S/ });
}

test("misspelled columns are named at the top with the column that was meant, and nothing can be sent", async ({ page, ownerApi }) => {
  const project = await ownerApi.createOk(uniqueName("Project"));
  const team = addTeam("Team");
  const email = `columns-${uniqueSuffix()}@e2e.test`;
  const modal = await bulkTab(page);

  await modal.csvText.fill(["email,org_role,project,project_role,team", `${email},Member,${project.name},Analyst,${team}`].join("\n"));
  await modal.previewButton.click();
  await expect(fileError(modal)).toContainText("Unknown column “project” — did you mean “projects”?");
  await expect(fileError(modal)).toContainText("Unknown column “team” — did you mean “teams”?");
  await expect(fileError(modal)).toContainText("Missing columns “projects” and “teams”.");
  await expect(modal.previewTable).toHaveCount(0);
  await expect(modal.sendButton).toBeDisabled();

  // Header names as a spreadsheet writes them: any case, spaces for underscores.
  await modal.csvText.fill(["Email,Org Role,Projects,Project Role,Teams", `${email},Member,${project.name},Analyst,${team}`].join("\n"));
  await modal.previewButton.click();
  await expect(modal.previewRow(email)).toContainText("Ready");
  await expect(modal.previewRow(email)).toContainText(`Projects: ${project.name} (Analyst)`);
  await expect(modal.previewRow(email)).toContainText(`Teams: ${team}`);
  await expect(fileError(modal)).toHaveCount(0);
  await modal.sendAndExpect(1);
});

test("a file saved as Latin-1, or separated by semicolons, is told so plainly", async ({ page }) => {
  const modal = await bulkTab(page);
  const s = uniqueSuffix();

  // "rené" in Latin-1: the é is one byte that is not UTF-8.
  const latin1 = Buffer.concat([Buffer.from("email,org_role\r\nren"), Buffer.from([0xe9]), Buffer.from(`-${s}@example.com,member\r\n`)]);
  await modal.csvFile.setInputFiles({ name: "latin1.csv", mimeType: "text/csv", buffer: latin1 });
  await expect(modal.csvText).toHaveValue(/example\.com/);
  await modal.previewButton.click();
  await expect(fileError(modal)).toContainText("The file is not UTF-8 text: line 2 reads “ren");
  await expect(fileError(modal)).toContainText("save it as “CSV UTF-8”");
  await expect(modal.previewTable).toHaveCount(0);

  await modal.csvText.fill(`email;org_role;projects;project_role;teams\nsemi-${s}@example.com;member;;;\n`);
  await modal.previewButton.click();
  await expect(fileError(modal)).toContainText("The columns are separated by semicolons (“;”), but Roster reads commas.");
  await expect(modal.sendButton).toBeDisabled();
});

test("every row's status reads in full inside the dialog, without scrolling sideways", async ({ page }) => {
  const modal = await bulkTab(page);
  const s = uniqueSuffix();
  const long = `a-rather-long-address-for-a-person-${s}@a-rather-long-domain-name-of-an-example.com`;
  const missing = `A Project Whose Name Is Long Enough To Wrap Twice ${s}`;
  await modal.csvText.fill(
    ["email,org_role,projects,project_role,teams", `${long},Billing Admin,"${missing};Another Project ${s}",Consumer,Some Team ${s}`].join("\n"),
  );
  await modal.previewButton.click();
  const row = modal.previewRow(long);
  await expect(row).toContainText(`There is no project “${missing}”.`);

  const status = row.getByRole("cell").last();
  const dialog = await modal.dialog.boundingBox();
  const cell = await status.boundingBox();
  expect(dialog && cell).toBeTruthy();
  expect(cell!.x).toBeGreaterThanOrEqual(dialog!.x);
  expect(cell!.x + cell!.width).toBeLessThanOrEqual(dialog!.x + dialog!.width);
  // Nothing in the dialog is wider than the dialog, and no box inside it scrolls sideways.
  const overflowing = await modal.dialog.evaluate((root) => {
    const boxes = [root, ...Array.from(root.querySelectorAll("*"))] as HTMLElement[];
    return boxes.filter((box) => box.scrollWidth > box.clientWidth + 1 && ["auto", "scroll"].includes(getComputedStyle(box).overflowX)).map((box) => box.tagName + "." + box.className);
  });
  expect(overflowing).toEqual([]);
});
