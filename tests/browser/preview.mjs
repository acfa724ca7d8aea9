// Drives `tenkai report preview` in headless Chromium as an author would: loads the page, edits a
// heading in the template, breaks the template, fixes it, and measures how long each takes to show.
//   node tests/browser/preview.mjs URL TEMPLATE
// Prints one JSON line: {"edited_ms": …, "error_ms": …, "fixed_ms": …, "error": "…"}. Each step
// fails if not seen within PREVIEW_DEADLINE_MS (default 2000): the test gives a generous deadline
// and checks what is shown; benches/preview.py keeps the 2 s and reports the times.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';

const require = createRequire(process.env.PLAYWRIGHT_DIR + '/');
const { chromium } = require('playwright-core');
const [url, template] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  // The Japanese HTML's frame, found again after every reload.
  const frame = () => page.frames().find((f) => f.url().endsWith('/view/ja.html'));
  const text = async (selector) => {
    const f = frame();
    if (!f) return '';
    try { return (await f.textContent(selector, { timeout: 100 })) || ''; } catch { return ''; }
  };
  // Waits until `check` is true, up to the deadline; the time it took.
  const deadline = Number(process.env.PREVIEW_DEADLINE_MS || 2000);
  const within = async (what, check) => {
    const start = Date.now();
    while (Date.now() - start < deadline) {
      if (await check()) return Date.now() - start;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`not seen within ${deadline} ms: ${what}`);
  };
  await within('the first render', async () => (await text('h2#summary')).includes('概況'));
  const original = readFileSync(template, 'utf8');

  let start = Date.now();
  writeFileSync(template, original.replace('t("概況", "Summary")', 't("概況（編集後）", "Summary, edited")'));
  await within('the edited heading', async () => (await text('h2#summary')).includes('概況（編集後）'));
  const edited_ms = Date.now() - start;

  start = Date.now();
  writeFileSync(template, original.replace('{{ open | num }}', '{{ open | num }'));
  await within('the error', async () => (await text('#render-error')).length > 0);
  const error_ms = Date.now() - start;
  const error = await text('pre');

  start = Date.now();
  writeFileSync(template, original);
  await within('the page again', async () => (await text('h2#summary')).trim() === '概況');
  const fixed_ms = Date.now() - start;

  console.log(JSON.stringify({ edited_ms, error_ms, fixed_ms, error }));
} finally {
  await browser.close();
}
