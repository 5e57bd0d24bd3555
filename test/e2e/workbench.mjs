// A person's view of VS Code in the browser: open files, select text, use the command palette and
// the editor context menu, find text inside webviews, take screenshots. Used by test/e2e/*.e2e.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness/codeServer.mjs';

export const RESULTS = path.join(ROOT, 'test-results');

export class Workbench {
  constructor(page) {
    this.page = page;
  }

  line(text) {
    return this.page.locator('.monaco-editor .view-line', { hasText: text }).first();
  }

  async waitReady(fileInExplorer) {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await this.page.waitForSelector(`.explorer-folders-view .monaco-list-row[aria-label*="${fileInExplorer}"]`, { timeout: 60000 });
  }

  /** Move keyboard focus back to the workbench: a focused webview swallows Ctrl+P and F1. */
  async focusWorkbench() {
    await this.page.keyboard.press('Escape');
    const title = this.page.locator('.part.sidebar .composite.title .title-label').first();
    if (await title.isVisible().catch(() => false)) await title.click();
    else await this.page.locator('.part.statusbar').first().click({ position: { x: 5, y: 5 } });
  }

  async openFile(name, firstLineText) {
    // a top-level file: click it in the Explorer, as a person would
    const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`).first();
    if (!name.includes('/') && (await row.isVisible().catch(() => false))) {
      await row.click();
      await this.line(firstLineText).waitFor({ timeout: 30000 });
      return;
    }
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+P');
    await this.page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await this.page.keyboard.type(name);
    await this.page.waitForSelector('.quick-input-list .monaco-list-row', { state: 'visible' });
    await this.page.keyboard.press('Enter');
    await this.line(firstLineText).waitFor({ timeout: 30000 });
  }

  /** Select the whole visible line containing `text` (Home, Shift+End). */
  async selectLine(text) {
    await this.line(text).click();
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Shift+End');
  }

  async openPalette(query) {
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    await this.page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await this.page.keyboard.type(query);
  }

  async runCommand(title) {
    await this.openPalette(title);
    await this.page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${title}")`, { state: 'visible' });
    await this.page.keyboard.press('Enter');
  }

  /** Right-click the line containing `lineText` and choose `item` (menus show titles without category). */
  async contextMenu(lineText, item) {
    const box = await this.line(lineText).locator('span').first().boundingBox();
    await this.page.mouse.click(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2, { button: 'right' });
    const it = this.page.locator(`.monaco-menu .action-item:has-text("${item}")`).first();
    await it.waitFor({ state: 'visible', timeout: 10000 });
    // an immediate click right after the menu opens is ignored by VS Code: hover, pause, then click
    await it.hover();
    await this.page.waitForTimeout(250);
    await it.click();
  }

  /** The webview frame whose text contains every needle (webviews are nested iframes). */
  async webviewFrame(needles, timeoutMs = 30000) {
    const list = Array.isArray(needles) ? needles : [needles];
    const until = Date.now() + timeoutMs;
    let seen = '';
    while (Date.now() < until) {
      for (const f of this.page.frames()) {
        try {
          const t = await f.evaluate(() => (document.body ? document.body.innerText : ''));
          if (list.every((n) => t.includes(n))) return f;
          if (t.length > seen.length && list.some((n) => t.includes(n))) seen = t;
        } catch {}
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no webview containing ${JSON.stringify(list)}; closest text: ${seen.slice(0, 400)}`);
  }

  async screenshot(name) {
    fs.mkdirSync(RESULTS, { recursive: true });
    const p = path.join(RESULTS, `${name}.png`);
    await this.page.screenshot({ path: p });
    return p;
  }
}
