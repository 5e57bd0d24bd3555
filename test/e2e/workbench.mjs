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

  /** One editor group, no open editors: each feature's steps start from the same layout. */
  async resetLayout() {
    for (const title of ['View: Close All Editor Groups', 'View: Close Panel']) {
      await this.openPalette(title);
      const row = this.page.locator(`.quick-input-list .monaco-list-row:has-text("${title}")`).first();
      if (await row.isVisible({ timeout: 3000 }).catch(() => false)) {
        await row.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
        await this.page.keyboard.press('Enter');
      } else await this.page.keyboard.press('Escape');
      await this.page.waitForTimeout(300);
    }
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

  /**
   * Palette → Open Pretrained Model… → type `dir` into the (simple) folder dialog → the "opened NAME (N parameters,
   * L layers)" toast → Use for Predictions. Resolves to the toast's text.
   */
  async openModelFolder(dir, name) {
    const page = this.page;
    await this.runCommand('Open Pretrained Model');
    const input = page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible' });
    await page.waitForTimeout(500);
    await input.fill(`${dir}/`);
    await page.waitForTimeout(1000);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
    // the first Enter may only move the dialog into the folder; the second chooses it
    if (await input.isVisible().catch(() => false)) await page.keyboard.press('Enter');
    const toast = page.locator(`.notification-toast:has-text("opened ${name} (")`).first();
    const use = toast.locator('.monaco-button:has-text("Use for Predictions")').first();
    await use.waitFor({ state: 'visible', timeout: 90000 });
    const text = await toast.innerText();
    await use.click();
    return text;
  }

  /**
   * Right-click the line containing `lineText` and choose `item` (menus show titles without category).
   * Resolves to the time (Date.now()) the item was chosen, for latency measurements that leave out the
   * harness's own pauses.
   */
  async contextMenu(lineText, item) {
    const box = await this.line(lineText).locator('span').first().boundingBox();
    await this.page.mouse.click(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2, { button: 'right' });
    const it = this.page.locator(`.monaco-menu .action-item:has-text("${item}")`).first();
    // the most used entries sit at the top level; the rest are in the "Model Lens" submenu
    const top = this.page.locator('.monaco-menu .action-item').filter({ hasText: /^Model Lens$/ }).first();
    await Promise.race([it.waitFor({ state: 'visible', timeout: 10000 }), top.waitFor({ state: 'visible', timeout: 10000 })]).catch(() => {});
    if (!(await it.isVisible().catch(() => false))) {
      // submenu: open it and choose with the keyboard (mouse clicks right after it opens are ignored)
      await top.hover();
      await this.page.waitForTimeout(400);
      await this.page.keyboard.press('ArrowRight');
      const items = this.page.locator('.monaco-submenu .action-item:not(.disabled) .action-label');
      await items.first().waitFor({ state: 'visible', timeout: 10000 });
      const labels = (await items.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
      if (!labels.some((l) => l === item || l.startsWith(item))) throw new Error(`"${item}" not in the Model Lens submenu: ${labels.join(' | ')}`);
      // move down until the focused entry is the one we want (the first press may only focus the menu)
      const focused = this.page.locator('.monaco-submenu .action-item.focused .action-label').first();
      for (let i = 0; i <= labels.length + 1; i++) {
        const t = (await focused.innerText({ timeout: 300 }).catch(() => '')).trim();
        if (t === item || (t && t.startsWith(item))) break;
        await this.page.keyboard.press('ArrowDown');
        await this.page.waitForTimeout(60);
      }
      await this.page.waitForTimeout(150);
      const chosenAt = Date.now();
      await this.page.keyboard.press('Enter');
      return chosenAt;
    }
    await it.waitFor({ state: 'visible', timeout: 10000 });
    // an immediate click right after the menu opens is ignored by VS Code: hover, pause, then click
    await it.hover();
    await this.page.waitForTimeout(250);
    const chosenAt = Date.now();
    await it.click();
    return chosenAt;
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

  /** Records a latency a person would feel (ms) in test-results/ui-timings.json; `npm run bench` reports it. */
  recordTiming(name, ms) {
    fs.mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, 'ui-timings.json');
    let all = {};
    try {
      all = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {}
    all[name] = { ms, at: new Date().toISOString() };
    fs.writeFileSync(file, JSON.stringify(all, null, 2));
  }

  /**
   * When the webview in `frame` last drew the data the host sent (Date.now() scale): panels stamp
   * document.body.dataset.drawnAt = performance.timeOrigin + performance.now() after drawing it.
   */
  async drawnAt(frame) {
    const v = await frame.evaluate(() => document.body.dataset.drawnAt);
    if (!v) throw new Error('the webview did not stamp data-drawn-at');
    return Number(v);
  }

  async screenshot(name) {
    fs.mkdirSync(RESULTS, { recursive: true });
    const p = path.join(RESULTS, `${name}.png`);
    await this.page.screenshot({ path: p });
    return p;
  }
}
