// First start: the Get Started walkthrough opens by itself on a fresh profile, shows its five steps
// with their images, and a step's button opens its panel on the sample. Runs first, before the
// layout is reset (which would close the walkthrough), and resets the layout itself at the end.
import assert from 'node:assert/strict';

/** Keep the walkthrough the first start opened: ui.e2e.mjs skips its layout reset for this module. */
export const keepLayout = true;

const STEPS = ['Predict the next token', 'See what attends to what', 'Do arithmetic with words', 'Explore the embedding space', 'Train a tiny language model'];

export default async function ({ wb, page, step }) {
  await step('walkthrough: opens on first start with five steps; a step opens the Next Token panel on the sample', async () => {
    const gs = page.locator('.gettingStartedContainer');
    // Model Lens activates (and opens its walkthrough, once) when a plain-text file or one of its commands is first
    // used; VS Code sometimes creates a plain-text model while restoring the window and sometimes not. When it has
    // not, do what a person does first on samples/: open a text file.
    if (!(await gs.isVisible().catch(() => false))) {
      await page.waitForTimeout(5000);
      if (!(await gs.isVisible().catch(() => false))) await wb.openFile('moby-dick.txt', 'Call me Ishmael');
    }
    await gs.waitFor({ state: 'visible', timeout: 60000 });
    await page.locator('.gettingStartedContainer :text("Get Started with Model Lens")').first().waitFor({ timeout: 30000 });
    for (const title of STEPS) assert.ok(await gs.locator(`.getting-started-step :text("${title}")`).count(), `step “${title}” shown`);
    // the first step is expanded with its image
    await gs.locator('.getting-started-media img').first().waitFor({ state: 'visible', timeout: 15000 });
    await wb.screenshot('walkthrough');
    // the first step opens expanded; its button is the command link of its description
    // (exact name: the step itself is a button whose name holds its whole text)
    const button = gs.getByRole('button', { name: 'Predict Next Token on a sample', exact: true }).first();
    if (!(await button.isVisible().catch(() => false))) await gs.locator('.getting-started-step', { hasText: STEPS[0] }).first().click();
    await button.click();
    const f = await wb.webviewFrame(['Predict next token', 'Entropy'], 60000);
    await f.waitForSelector('#chart svg.bars .bar', { timeout: 30000 });
    // the panel predicts from the sample line the step selected
    assert.match(await f.locator('#context').innerText(), /s␣p␣l␣e␣e␣n|spleen/);
    await wb.screenshot('walkthrough-next-token');
  });
  await wb.resetLayout();
}
