// Browser tests of search in Chinese and Japanese, on the fixture guide tests/fixtures/cjk
// (in Japanese, with a page in Chinese), in the system's headless Chromium: a query of two
// or more characters from the middle of a sentence finds its page, characters in another
// order do not, a lone character finds (and marks) the pairs it starts, Latin letters next
// to Han are a word of their own, synonyms apply, and the excerpt marks what matched.
//
// Usage: node cjk.mjs SITE_DIR BASE_PATH   (the fixture built under BASE_PATH)

import { resolve } from "node:path";

import { chromium } from "playwright-core";

import { resultLinks, typeQuery } from "./search.mjs";
import { serve } from "./serve.mjs";
import { wordChecks } from "./words.mjs";

const [siteArg, baseArg] = process.argv.slice(2);
if (!siteArg || !baseArg) {
  console.error("usage: node cjk.mjs SITE_DIR BASE_PATH");
  process.exit(2);
}
const SITE = resolve(siteArg);
const BASE = ("/" + baseArg + "/").replace(/\/+/g, "/");

const failures = [];
const fail = (what) => (failures.push(what), console.log("FAIL " + what));
const pass = (what) => console.log("ok   " + what);

// Each query, the page that must come first (null: no result) and what its excerpt marks.
const QUERIES = [
  { q: "窓口", first: "madoguchi/", marks: ["窓口"] },
  { q: "相談窓口", first: "madoguchi/", marks: ["相談窓口"] },
  { q: "口窓", first: null },
  { q: "窓", first: "madoguchi/", marks: ["窓口"] },
  { q: "lcsw資格", first: "madoguchi/", marks: ["LCSW資格"] },
  { q: "社会福祉士", first: "shikaku/", marks: [] },
  { q: "国家試験", first: "shikaku/", marks: ["国家試験"] },
  { q: "社区服务", first: "zhongwen/", marks: ["社区服务"] },
];

async function main() {
  const { problems, count } = wordChecks();
  for (const p of problems) fail(p);
  if (problems.length === 0) pass(`search.js cuts the ${count} strings of cjk_words.json as the build does`);

  const server = await serve(SITE, BASE);
  const siteUrl = server.origin + BASE;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--proxy-server=http://127.0.0.1:9"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(siteUrl, { waitUntil: "load" });
    for (const { q, first, marks } of QUERIES) {
      await typeQuery(page, q);
      const links = (await resultLinks(page)).map((u) => u.slice(siteUrl.length).split("#")[0]);
      const shown = await page.$$eval("#search-results li:first-child .search-excerpt mark", (ms) => ms.map((m) => m.textContent));
      if (first === null) {
        if (links.length === 0) pass(`"${q}" finds nothing: the characters are on a page, but not in this order`);
        else fail(`"${q}" should find nothing, found ${links.join(", ")}`);
      } else if (links[0] !== first) {
        fail(`"${q}" should find ${first} first, found ${links.join(", ") || "nothing"}`);
      } else if (marks.some((m) => !shown.includes(m)) || (marks.length === 0) !== (shown.length === 0)) {
        fail(`"${q}" finds ${first}, but its excerpt marks ${JSON.stringify(shown)}, not ${JSON.stringify(marks)}`);
      } else {
        pass(`"${q}" finds ${first} first, its excerpt marking ${JSON.stringify(shown)}`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(failures.length === 0 ? "CJK search tests passed" : `CJK search tests: ${failures.length} problem(s)`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
