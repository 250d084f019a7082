import { OWNER, uniqueName, uniqueSuffix } from "./fixtures/accounts";
import { InvitationsPage } from "./fixtures/invitations";
import { InviteModal } from "./fixtures/invite_modal";
import { SignInPage } from "./fixtures/sign_in_page";
import { addTeam } from "./fixtures/teams";
import { expect, test } from "./fixtures/test";

test("a CSV with a bad row is previewed with the row's error, fixed, then sent", async ({ page, ownerApi }) => {
  const project = await ownerApi.createOk(uniqueName("Project"));
  const team = addTeam("Team");
  const s = uniqueSuffix();
  const emails = [`bulk-a-${s}@e2e.test`, `bulk-b-${s}@e2e.test`, `bulk-c-${s}@e2e.test`];
  const file = (thirdProject: string) =>
    [
      "email,org_role,projects,project_role,teams",
      `${emails[0]},Member,"${project.name}",Analyst,`,
      `${emails[1]},admin,,,${team}`,
      `${emails[2]},member,${thirdProject},consumer,`,
    ].join("\r\n");

  await new SignInPage(page).signIn(OWNER);
  const modal = new InviteModal(page);
  await modal.openFromAccountMenu(OWNER.name);
  await modal.selectTab("Bulk Invite");
  await expect(modal.dialog.getByRole("link", { name: "Download CSV template", exact: true })).toHaveAttribute(
    "href",
    /^data:text\/csv/,
  );

  await modal.csvFile.setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(file("No Such Project")) });
  await expect(modal.csvText).toHaveValue(/bulk-c-/);
  await modal.previewButton.click();
  await expect(modal.previewRow(emails[2])).toContainText("There is no project “No Such Project”.");
  await expect(modal.previewRow(emails[0])).toContainText("Ready");
  await expect(modal.sendButton).toBeDisabled();

  await modal.csvText.fill(file(project.name));
  await modal.previewButton.click();
  await expect(modal.previewRow(emails[2])).toContainText("Ready");
  await modal.sendAndExpect(3);
  await modal.close();

  const invitations = new InvitationsPage(page);
  await invitations.goto();
  for (const email of emails) {
    await expect(invitations.row(email)).toHaveCount(1);
  }
  await expect(invitations.row(emails[1])).toContainText(`Team ${team}`);
});
