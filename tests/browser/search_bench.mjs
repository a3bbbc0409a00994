// Measures search in headless Chromium on a built site: for each query, the bytes of index
// files fetched (as served, and gzip-compressed as a static host would send them), the
// time from the last keystroke to the results, the number of results and, when a query
// names what a result must say, whether one of the top 5 says it (recall).
//
// Usage: node search_bench.mjs SITE_DIR BASE_PATH ENGINE [QUERIES_JSON]
//   ENGINE   guide (the theme's search box) or pagefind (Pagefind's pagefind.js API, on an
//            index written into SITE_DIR/pagefind/ by the pagefind command)
//   QUERIES  a JSON file of [{ "q": "...", "holds": ["regex", ...] }]; default: the reader
//            queries of search.mjs
// Each query runs in a new browser context after one search for a word no page holds, which
// loads what every query needs (the index's entry file; Pagefind's script and WebAssembly);
// its bytes count everything that context fetched after the page (the index, the script
// and WebAssembly of Pagefind, the pages a result is quoted from), and its times are the
// query's own: to the results listed, and to every result quoted.

import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

import { QUERIES } from "./search.mjs";
import { serve } from "./serve.mjs";

const [site, base = "/guide/", engine = "guide", queriesFile] = process.argv.slice(2);
if (!site) {
  console.error("usage: node search_bench.mjs SITE_DIR BASE_PATH guide|pagefind [QUERIES_JSON]");
  process.exit(2);
}
const queries = queriesFile
  ? JSON.parse(readFileSync(queriesFile, "utf8")).map((q) => ({ q: q.q, holds: (q.holds || []).map((r) => new RegExp(r, "i")) }))
  : QUERIES;

const server = await serve(site, base);
const siteUrl = server.origin + base;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--proxy-server=http://127.0.0.1:9"] });
const fetched = [];
let page = null;

// A new browser context (empty cache) on the home page, search ready to be used.
async function fresh() {
  if (page) await page.context().close();
  page = await (await browser.newContext()).newPage();
  page.on("requestfinished", async (request) => {
    const response = await request.response();
    const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
    // What the search fetches (the page's own stylesheet and icon are not its cost).
    if (["fetch", "xhr"].includes(request.resourceType()) || request.url().includes("/pagefind/")) {
      fetched.push({ url: request.url(), raw: body.length, gzip: gzipSync(body).length });
    }
  });
  await page.goto(siteUrl, { waitUntil: "load" });
  fetched.length = 0;
  if (engine === "pagefind") {
    await page.evaluate(async (base) => {
      window.pf = await import(base + "pagefind/pagefind.js");
      await window.pf.options({ baseUrl: base });
    }, base);
  }
}

async function run(q) {
  if (engine === "pagefind") {
    return page.evaluate(async (q) => {
      const t0 = performance.now();
      const search = await window.pf.search(q);
      const data = await Promise.all(search.results.slice(0, 8).map((r) => r.data()));
      const ms = performance.now() - t0;
      return { ms, quoted: ms, n: search.results.length, urls: data.map((d) => new URL(d.url, location.href).href) };
    }, q);
  }
  await page.fill("#search-input", "");
  await page.focus("#search-input");
  await page.keyboard.type(q.slice(0, -1));
  await page.waitForTimeout(300);
  // Timed in the page: from the last key to the status announcing this query's count.
  await page.evaluate((q) => {
    window.searchTime = undefined;
    const status = document.querySelector("#search-status");
    const t0 = performance.now();
    window.searchStart = t0;
    const observer = new MutationObserver(() => {
      if (status.textContent.includes(`“${q}”`)) {
        window.searchTime = performance.now() - t0;
        observer.disconnect();
      }
    });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
  }, q);
  await page.keyboard.press(q.slice(-1) === " " ? "Space" : q.slice(-1));
  const time = await (await page.waitForFunction(() => window.searchTime, null, { timeout: 10000 })).jsonValue();
  // Then until every result shown has its quote, fetched from its page.
  const quoted = await (
    await page.waitForFunction(
      () => {
        const list = document.querySelector("#search-results");
        return (list.hidden || list.dataset.quoted === "yes") && performance.now() - window.searchStart;
      },
      null,
      { timeout: 10000, polling: 5 }
    )
  ).jsonValue();
  const urls = await page.$$eval("#search-results li a:not(.search-all)", (as) => as.map((a) => a.href));
  const n = Number(((await page.$eval("#search-status", (e) => e.textContent)).match(/^\d+/) || ["0"])[0]);
  return { ms: time, quoted, n, urls };
}

async function holds(url, patterns) {
  const html = await (await fetch(url.split("#")[0])).text();
  const text = html.slice(html.indexOf("<main"), html.lastIndexOf("</main>")).replace(/<[^>]+>/g, " ");
  return patterns.every((re) => re.test(text));
}

const sum = (key) => fetched.reduce((s, f) => s + f[key], 0);
let found = 0;
let judged = 0;
const rows = [];
for (const { q, holds: patterns } of queries) {
  // Each query in a new context: a first search (of a word no page has) loads what every
  // search needs, then the query is timed; the bytes are all the context fetched since.
  await fresh();
  await run("qqqq");
  const r = await run(q);
  await page.waitForTimeout(50);
  let hit = "";
  if (patterns.length) {
    judged++;
    let rank = 0;
    for (const [i, url] of r.urls.slice(0, 5).entries()) {
      if (await holds(url, patterns)) {
        rank = i + 1;
        break;
      }
    }
    if (rank) found++;
    hit = rank ? ` top-5 hit at ${rank}` : " MISS";
  }
  if (process.env.SHOW_FILES) for (const f of fetched) console.log("  " + f.url + " " + f.raw);
  rows.push({ raw: sum("raw"), gzip: sum("gzip"), ms: r.ms, quoted: r.quoted });
  console.log(
    `"${q}": ${sum("raw")} bytes (${sum("gzip")} gzip) in ${fetched.length} files, ` +
      `results in ${r.ms.toFixed(1)} ms, quoted in ${r.quoted.toFixed(1)} ms, ${r.n} results${hit}`
  );
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);
console.log(
  `${engine}: ${queries.length} queries; bytes per query median ${median(rows.map((r) => r.raw))} max ${max(rows.map((r) => r.raw))} ` +
    `(gzip median ${median(rows.map((r) => r.gzip))} max ${max(rows.map((r) => r.gzip))}); ` +
    `results in median ${median(rows.map((r) => r.ms)).toFixed(1)} ms max ${max(rows.map((r) => r.ms)).toFixed(1)} ms, ` +
    `quoted in median ${median(rows.map((r) => r.quoted)).toFixed(1)} ms max ${max(rows.map((r) => r.quoted)).toFixed(1)} ms` +
    (judged ? `; recall ${found}/${judged}` : "")
);
await browser.close();
server.close();
