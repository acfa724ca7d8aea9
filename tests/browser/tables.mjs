// Measures a report's tables in headless Chromium as a reader sees them:
//   node tests/browser/tables.mjs PLAYWRIGHT_DIR FONTS WIDTHS FILE.html…
// PLAYWRIGHT_DIR is where playwright-core is installed, FONTS is the reports' font folder (the report names Noto Sans JP first; the machine may have no
// Japanese face, so the page gets the report's own), WIDTHS the window widths, comma-separated.
// With SHOTS set to a folder, also writes a PNG of every table (FILE.WIDTH.N.png).
// Prints one JSON line per file and width: {"file", "width", "tables": [{"index", "class",
// "width", "room", "columns": [px…], "broken": [{"column", "word", "lines"}…],
// "overflowing": [{"column", "text"}…], "names": [{"text", "lines"}…]}…], "page_overflow": px}
// (names: the lines each body row's first cell takes).
//
// A word is what may not be broken across lines: in English a run between spaces (a hyphen, a
// dash or a slash ends one too); in Japanese a word of the browser's dictionary segmenter (ミャンマー,
// 開業済み), with a number and the unit or era around it kept whole (平成30年5月, 21か所).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [playwright, fonts, widths, ...files] = process.argv.slice(2);
const require = createRequire(playwright + '/');
const { chromium } = require('playwright-core');

const fontCss = `
@font-face { font-family: "Noto Sans JP"; font-weight: 400; src: url("${pathToFileURL(join(fonts, 'NotoSansJP-Regular.ttf'))}"); }
@font-face { font-family: "Noto Sans JP"; font-weight: 700; src: url("${pathToFileURL(join(fonts, 'NotoSansJP-Bold.ttf'))}"); }
@font-face { font-family: "DejaVu Sans Mono"; src: url("${pathToFileURL(join(fonts, 'DejaVuSansMono.ttf'))}"); }`;

// Runs in the page: the measures of every table.
function measure() {
  const words = (text, lang) => {
    if (!lang.startsWith('ja')) {
      const out = [];
      const re = /[^\s\-\/–]+[\-\/–]?/g;
      let m;
      while ((m = re.exec(text))) out.push([m.index, m.index + m[0].length]);
      return out;
    }
    const seg = [...new Intl.Segmenter('ja', { granularity: 'word' }).segment(text)];
    const out = [];
    // A number joins what it counts or dates: 平成 30 年 5 月 is one word, so is 21 か所.
    const joins = (s) => /^[0-9０-９,.]+$|^(年度?|月|日|か所|か国|人|回|平成|令和|昭和|元|第)$/.test(s);
    for (const s of seg) {
      const span = [s.index, s.index + s.segment.length];
      const last = out[out.length - 1];
      if (last && last.join && joins(s.segment) && last.end === span[0]) {
        last.end = span[1];
        continue;
      }
      if (!s.isWordLike && !joins(s.segment)) continue;
      out.push({ start: span[0], end: span[1], join: joins(s.segment) });
    }
    return out.map((w) => [w.start, w.end]);
  };
  // How many lines a range of a text node takes.
  const lines = (node, a, b) => {
    const r = document.createRange();
    r.setStart(node, a);
    r.setEnd(node, b);
    const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
    return tops.size;
  };
  const out = [];
  document.querySelectorAll('table').forEach((t, index) => {
    const parent = t.parentElement;
    const ps = getComputedStyle(parent);
    const room = parent.clientWidth - parseFloat(ps.paddingLeft) - parseFloat(ps.paddingRight);
    const row = [...t.rows].find((r) => [...r.cells].every((c) => c.colSpan === 1)) || t.rows[0];
    const columns = [...row.cells].map((c) => Math.round(c.getBoundingClientRect().width * 10) / 10);
    const broken = [];
    const overflowing = [];
    for (const r of t.rows) {
      let col = 0;
      for (const c of r.cells) {
        if (c.scrollWidth > c.clientWidth + 1) overflowing.push({ column: col, text: c.textContent });
        const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const lang = n.parentElement.closest('[lang]')?.getAttribute('lang') || 'en';
          for (const [a, b] of words(n.data, lang)) {
            const k = lines(n, a, b);
            if (k > 1) broken.push({ column: col, word: n.data.slice(a, b), lines: k });
          }
        }
        col += c.colSpan;
      }
    }
    // How many lines each body row's first cell (a row's name) takes.
    const names = [...(t.tBodies[0]?.rows || [])].map((r) => {
      const c = r.cells[0];
      const range = document.createRange();
      range.selectNodeContents(c);
      const tops = new Set([...range.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
      return { text: c.textContent, lines: tops.size };
    });
    out.push({ index, class: t.className, width: Math.round(t.getBoundingClientRect().width * 10) / 10,
      room: Math.round(room * 10) / 10, columns, broken, overflowing, names });
  });
  return { tables: out, page_overflow: document.documentElement.scrollWidth - window.innerWidth };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run',
         '--allow-file-access-from-files'],
});
try {
  const page = await browser.newPage();
  for (const file of files) {
    for (const width of widths.split(',').map(Number)) {
      // A width under 800 is a print of the page (A4 is 680 px between its margins).
      await page.emulateMedia({ media: width < 800 ? 'print' : 'screen' });
      await page.setViewportSize({ width, height: 1000 });
      await page.goto(pathToFileURL(file).href);
      await page.addStyleTag({ content: fontCss });
      await page.evaluate(async () => {
        await Promise.all([...document.fonts].map((f) => f.load().catch(() => null)));
        await document.fonts.ready;
      });
      const m = await page.evaluate(measure);
      if (process.env.SHOTS) {
        const tables = await page.$$('table');
        for (const [i, t] of tables.entries()) {
          const base = file.split('/').pop();
          await t.screenshot({ path: join(process.env.SHOTS, `${base}.${width}.${i}.png`) });
        }
      }
      console.log(JSON.stringify({ file, width, ...m }));
    }
  }
} finally {
  await browser.close();
}
