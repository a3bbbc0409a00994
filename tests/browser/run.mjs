// Browser tests of a built guide, served under a sub-path on 127.0.0.1 and loaded in the
// system's headless Chromium:
//   - axe-core finds no WCAG 2.0/2.1 A or AA violation, nor any of its best-practice rules
//     (unique landmarks, one main, heading order...), on any page, in the light and dark
//     colour schemes at 1280 px and on a 390 px phone;
//   - every link, asset and #anchor on every page resolves inside the sub-path, and nothing
//     is loaded from another host;
//   - no page scrolls sideways on a 390 px phone (the comparison page included), and no word
//     in a table breaks across lines there;
//   - searching "licens" finds the licensure chapter and the social worker role, from the
//     keyboard, and every result link resolves;
//   - search.mjs: each of a list of reader queries finds a page that holds it among its top
//     5 results; the count is announced; Escape, "/" and the search page (search/?q=, Back)
//     work; axe finds nothing with the results open (light, dark, 390 px);
//   - without JavaScript pages still read and the search box says search needs it;
//   - the print page holds every chapter, and the print stylesheet hides the navigation;
//   - pathway diagrams are named images that draw the steps their lists give, with readable
//     text in light, dark and print, full size on a phone;
//   - languages.mjs (a guide with a Spanish edition): the switcher leads to the same page in
//     Spanish, and Spanish queries, with or without accents, find Spanish pages;
//   - words.mjs: search.js cuts words (Chinese and Japanese into pairs of characters) as the
//     build does (cjk.mjs, run by ./run on the fixture guide in Japanese, searches it);
//   - every HTML file is valid (the Nu Html Checker, on the machine's Java).
//
// Usage: node run.mjs SITE_DIR [BASE_PATH]   (BASE_PATH defaults to /guide/)
// Environment: CHROMIUM (default /usr/bin/chromium), JAVA (default java).

import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve, sep } from "node:path";

import { chromium } from "playwright-core";

import { checkQuestions } from "./questions.mjs";
import { languageChecks } from "./languages.mjs";
import { searchChecks } from "./search.mjs";
import { serve } from "./serve.mjs";
import { wordChecks } from "./words.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VNU_JAR = require("vnu-jar");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

const [siteArg, baseArg = "/guide/"] = process.argv.slice(2);
if (!siteArg) {
  console.error("usage: node run.mjs SITE_DIR [BASE_PATH]");
  process.exit(2);
}
const SITE = resolve(siteArg);
const BASE = ("/" + baseArg + "/").replace(/\/+/g, "/");

const failures = [];
function fail(what) {
  failures.push(what);
  console.log("FAIL " + what);
}
function pass(what) {
  console.log("ok   " + what);
}

/** Every .html file of the site, relative, sorted. */
function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      out.push(...htmlFiles(path));
    } else if (name.endsWith(".html")) {
      out.push(path);
    }
  }
  return out.sort();
}

/** The target of a page left at an old URL (`aliases:`), which sends the browser on at once;
 * null for any other page. */
function redirectTarget(file) {
  const m = readFileSync(file, "utf8").match(/<meta http-equiv="refresh" content="0; url=([^"]*)">/);
  return m ? m[1] : null;
}

/** The URL path a file is served at: a/index.html -> a/. */
function pagePath(file) {
  const rel = relative(SITE, file).split(sep).join("/");
  return rel === "index.html" ? "" : rel.replace(/(^|\/)index\.html$/, "$1");
}

/** Runs the Nu Html Checker over the files; resolves to a list of error messages. */
function validate(files) {
  return new Promise((resolveErrors) => {
    const java = spawn(process.env.JAVA || "java", ["-jar", VNU_JAR, "--errors-only", "--format", "json", ...files], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let report = "";
    java.stderr.on("data", (chunk) => (report += chunk));
    java.on("error", (e) => resolveErrors([`could not run java: ${e.message}`]));
    java.on("close", () => {
      try {
        const messages = JSON.parse(report).messages || [];
        resolveErrors(
          messages
            .filter((m) => m.type === "error" || m.subType === "fatal")
            .map((m) => `${relative(SITE, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`)
        );
      } catch {
        resolveErrors([`the checker's report could not be read: ${report.slice(0, 500)}`]);
      }
    });
  });
}

async function axe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS
  );
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`
  );
}

/** Links, asset references and ids of the loaded page. */
function inventory(page) {
  return page.evaluate(() => ({
    links: [
      ...[...document.querySelectorAll("a[href], link[href], area[href]")].map((e) => e.href),
      ...[...document.querySelectorAll("script[src], img[src], source[src], iframe[src]")].map((e) => e.src),
    ],
    ids: [...document.querySelectorAll("[id]")].map((e) => e.id).concat(
      [...document.querySelectorAll("a[name]")].map((e) => e.name)
    ),
  }));
}

async function main() {
  const words = wordChecks();
  for (const p of words.problems) fail(p);
  if (words.problems.length === 0) pass(`search.js cuts the ${words.count} strings of cjk_words.json as the build does`);
  const files = htmlFiles(SITE);
  if (files.length === 0) {
    console.error(`no HTML files under ${SITE}`);
    process.exit(2);
  }
  const validation = validate(files);
  const server = await serve(SITE, BASE);
  const siteUrl = server.origin + BASE;
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Anything not on 127.0.0.1 (Chromium never proxies loopback) goes to a closed port.
      "--proxy-server=http://127.0.0.1:9",
    ],
  });
  const foreign = new Set();
  async function newContext(options) {
    const context = await browser.newContext(options);
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(server.origin + "/") || url.startsWith("data:")) {
        return route.continue();
      }
      foreign.add(url);
      return route.abort();
    });
    return context;
  }

  try {
    // Pages left at old URLs redirect at once, so they are not inspected as pages; each must
    // lead to a page of the site.
    const pages = files.filter((f) => !redirectTarget(f)).map(pagePath);
    const moved = files.filter((f) => redirectTarget(f));
    for (const file of moved) {
      const from = siteUrl + pagePath(file);
      const to = new URL(redirectTarget(file), from).href;
      if (!pages.some((p) => siteUrl + p === to)) fail(`${pagePath(file)} redirects to ${to}, which is no page of the site`);
    }
    if (moved.length > 0) pass(`${moved.length} old URLs redirect to pages of the site`);
    const idsByUrl = new Map();
    const linksByPage = new Map();

    // Accessibility and inventory: every page, light and dark, wide and phone-sized.
    const desktop = await newContext({ viewport: { width: 1280, height: 900 } });
    const phone = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const desk = await desktop.newPage();
    const mobile = await phone.newPage();
    let axeProblems = 0;
    let wide = 0;
    let tableWords = 0;
    let brokenWords = 0;
    for (const path of pages) {
      const url = siteUrl + path;
      const response = await desk.goto(url, { waitUntil: "load" });
      const expected = path === "404.html" ? 200 : 200;
      if (!response || response.status() !== expected) {
        fail(`${path || "(home)"}: HTTP ${response && response.status()}`);
        continue;
      }
      const { links, ids } = await inventory(desk);
      idsByUrl.set(url, new Set(ids));
      linksByPage.set(url, links);
      for (const scheme of ["light", "dark"]) {
        await desk.emulateMedia({ colorScheme: scheme });
        for (const v of await axe(desk)) {
          axeProblems++;
          fail(`axe ${scheme} 1280px ${path || "(home)"}: ${v}`);
        }
      }
      await desk.emulateMedia({ colorScheme: "light" });

      await mobile.goto(url, { waitUntil: "load" });
      // Measured against 390, not innerWidth: a mobile browser widens its layout viewport
      // to fit content that overflows.
      const widest = await mobile.evaluate(() => {
        const overflowing = [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > 390.5)
          .map((e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : ""));
        return { page: document.documentElement.scrollWidth, overflowing: overflowing.slice(0, 5) };
      });
      // A table keeps its words whole: one that does not fit scrolls in its own box.
      const broken = await mobile.evaluate(() => {
        const found = [];
        let words = 0;
        for (const cell of document.querySelectorAll(".table-wrap th, .table-wrap td")) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            for (const word of text.data.matchAll(/[^\s\-\u2010-\u2014\/]+/g)) {
              const range = document.createRange();
              range.setStart(text, word.index);
              range.setEnd(text, word.index + word[0].length);
              words++;
              if (range.getClientRects().length > 1) found.push(word[0]);
            }
          }
        }
        return { found, words };
      });
      if (broken.found.length > 0) {
        brokenWords += broken.found.length;
        fail(`${path || "(home)"} breaks words in a table at 390px: ${broken.found.slice(0, 5).join(", ")}`);
      }
      tableWords += broken.words;
      if (widest.page > 390) {
        wide++;
        fail(`${path || "(home)"} scrolls sideways at 390px: the page is ${widest.page}px wide (${widest.overflowing.join(", ")})`);
      }
      for (const v of await axe(mobile)) {
        axeProblems++;
        fail(`axe light 390px ${path || "(home)"}: ${v}`);
      }
    }
    if (axeProblems === 0) pass(`axe-core: no violation of WCAG 2.1 AA or best practice on ${pages.length} pages (light and dark at 1280px, light at 390px)`);
    if (wide === 0) pass(`no page scrolls sideways at 390px (${pages.length} pages, the comparison included)`);
    if (tableWords === 0) fail("no page has a table to check at 390px");
    else if (brokenWords === 0) pass(`no word in a table breaks across lines at 390px (${tableWords} words)`);
    if (!pages.includes("compare/")) fail("the site has no compare/ page");

    // Layout: on a phone a chapter opens on its own title, with the chapter list behind the
    // "Chapters" button, which the keyboard opens; wide screens show the list without it,
    // and at 1280 px "On this page" is a column beside the text that stays in view.
    {
      const chapter = siteUrl + "becoming/licensure/";
      await mobile.goto(chapter, { waitUntil: "load" });
      const navShown = () => mobile.evaluate(() => document.querySelector(".sidebar nav a").checkVisibility());
      const titleTop = await mobile.evaluate(() => document.querySelector("main h1").getBoundingClientRect().top);
      if (titleTop > 400) fail(`at 390px a chapter's title starts ${Math.round(titleTop)}px down`);
      else pass(`at 390px a chapter's title starts ${Math.round(titleTop)}px down, on the first screen`);
      if (await navShown()) fail("at 390px the chapter list shows before the Chapters button is pressed");
      // "On this page" is folded, so the chapter's text starts on the first screen, and a
      // tap opens it.
      const fold = await mobile.evaluate(() => {
        const first = document.querySelector(".chapter > .content > *").getBoundingClientRect();
        const link = () => document.querySelector(".chapter > .toc a").checkVisibility();
        const folded = !link();
        document.querySelector(".toc summary").click();
        return { textTop: first.top, folded, opens: link() };
      });
      if (!fold.folded) fail("at 390px 'On this page' is open before it is tapped");
      if (!fold.opens) fail("at 390px tapping 'On this page' does not show its links");
      if (fold.textTop > 844) fail(`at 390px a chapter's text starts ${Math.round(fold.textTop)}px down, below the first screen`);
      if (fold.folded && fold.opens && fold.textTop <= 844)
        pass(`at 390px 'On this page' is folded until tapped, and the text starts ${Math.round(fold.textTop)}px down`);
      await mobile.focus(".menu-button");
      await mobile.keyboard.press("Enter");
      if (!(await navShown())) fail("at 390px Enter on the Chapters button does not show the chapter list");
      else {
        const problems = await axe(mobile);
        for (const v of problems) fail(`axe 390px with the chapter list open: ${v}`);
        if (problems.length === 0) pass("at 390px the Chapters button opens the chapter list from the keyboard (axe-clean open)");
      }
      await desk.goto(chapter, { waitUntil: "load" });
      const wideLayout = await desk.evaluate(() => {
        const toc = document.querySelector(".chapter > .toc").getBoundingClientRect();
        const text = document.querySelector(".chapter > .content").getBoundingClientRect();
        const nav = document.querySelector(".sidebar nav a").checkVisibility()
          && document.querySelector(".chapter > .toc a").checkVisibility();
        window.scrollTo(0, document.body.scrollHeight);
        const later = document.querySelector(".chapter > .toc").getBoundingClientRect();
        return { nav, beside: toc.left >= text.right, inView: later.top >= 0 && later.top < innerHeight };
      });
      if (!wideLayout.nav) fail("at 1280px the chapter list or 'On this page' is not shown");
      if (!wideLayout.beside) fail("at 1280px 'On this page' is not beside the text");
      if (!wideLayout.inView) fail("at 1280px 'On this page' leaves the screen as the text scrolls");
      if (wideLayout.nav && wideLayout.beside && wideLayout.inView)
        pass("at 1280px the chapter list shows and 'On this page' stays in view beside the text");

      // The compare page's table keeps its header row in view as its box scrolls down, and
      // its first column as the box scrolls sideways; abbreviations never wrap.
      await desk.goto(siteUrl + "compare/", { waitUntil: "load" });
      const sticky = await desk.evaluate(() => {
        const box = document.querySelector("main .table-scroll");
        const head = box.querySelector("thead th:nth-child(2)");
        const first = box.querySelector("tbody th[scope=row]");
        box.scrollTop = box.scrollHeight;
        box.scrollLeft = box.scrollWidth;
        const inBox = (e) => Math.abs(e.getBoundingClientRect().top - box.getBoundingClientRect().top) < 2;
        const atLeft = (e) => Math.abs(e.getBoundingClientRect().left - box.getBoundingClientRect().left) < 2;
        const scrolled = box.scrollTop > 0;
        const rowHeads = [...box.querySelectorAll("tbody th[scope=row]")];
        const visibleRow = rowHeads.find((th) => th.getBoundingClientRect().top > box.getBoundingClientRect().top + 40);
        return { scrolled, head: inBox(head), column: atLeft(visibleRow || first) };
      });
      if (!sticky.scrolled) fail("the compare table's box does not scroll on its own at 1280px");
      else if (!sticky.head || !sticky.column)
        fail(`the compare table's header row (${sticky.head}) or first column (${sticky.column}) leaves view as it scrolls`);
      else pass("the compare table keeps its header row and first column in view as it scrolls");
      const abbrWraps = await desk.evaluate(() =>
        [...document.querySelectorAll("abbr")].filter((a) => getComputedStyle(a).whiteSpace !== "nowrap").length,
      );
      if (abbrWraps > 0) fail(`${abbrWraps} abbreviations may wrap inside`);
    }

    // Links and anchors: each one must reach a file inside the sub-path, and each #anchor an
    // id on its target page.
    const statusCache = new Map();
    async function status(url) {
      if (!statusCache.has(url)) {
        statusCache.set(url, fetch(url, { redirect: "follow" }).then((r) => ({ code: r.status, url: r.url }), () => ({ code: 0, url })));
      }
      return statusCache.get(url);
    }
    async function checkLink(from, link) {
      if (!link.startsWith(server.origin + "/")) {
        return null; // another site: never fetched
      }
      const target = new URL(link);
      if (!target.pathname.startsWith(BASE)) {
        return `${link} is outside the base path ${BASE}`;
      }
      const hash = decodeURIComponent(target.hash.slice(1));
      target.hash = "";
      const { code, url } = await status(target.href);
      if (code !== 200) {
        return `${link} answers HTTP ${code}`;
      }
      if (hash) {
        const ids = idsByUrl.get(url) || idsByUrl.get(target.href);
        if (!ids) return `${link}: the target is not a page of the site`;
        if (!ids.has(hash)) return `${link}: no element with id "${hash}"`;
      }
      return null;
    }
    let linkCount = 0;
    let brokenLinks = 0;
    for (const [page, links] of linksByPage) {
      for (const link of new Set(links)) {
        linkCount++;
        const problem = await checkLink(page, link);
        if (problem) {
          brokenLinks++;
          fail(`link on ${page.slice(siteUrl.length) || "(home)"}: ${problem}`);
        }
      }
    }
    if (brokenLinks === 0) pass(`links: ${linkCount} links and anchors on ${linksByPage.size} pages all resolve under ${BASE}`);

    // Search, from the keyboard, on the home page and on a page two folders down.
    for (const from of ["", "roles/social-worker/"]) {
      await desk.goto(siteUrl + from, { waitUntil: "load" });
      await desk.focus("#search-input");
      await desk.keyboard.type("licens");
      await desk.waitForSelector('#search-results[data-quoted="yes"] a', { timeout: 5000 }).catch(() => null);
      const results = await desk.$$eval("#search-results a", (as) => as.map((a) => a.href));
      const found = (path) => results.some((r) => r.split("#")[0] === siteUrl + path);
      if (found("becoming/licensure/") && found("roles/social-worker/")) {
        pass(`search "licens" from ${from || "the home page"}: ${results.length} results, the licensure chapter and the social worker role among them`);
      } else {
        fail(`search "licens" from ${from || "the home page"} did not find both the licensure chapter and the social worker role: ${results.join(", ")}`);
      }
      for (const r of results) {
        const problem = await checkLink(siteUrl + from, r);
        if (problem) fail(`search result: ${problem}`);
      }
      await desk.keyboard.press("ArrowDown");
      const focused = await desk.evaluate(() => document.activeElement && document.activeElement.href);
      if (focused !== results[0]) {
        fail(`Down arrow from the search box should focus the first result, focused ${focused}`);
      }
      await Promise.all([desk.waitForURL((u) => u.href === results[0], { timeout: 5000 }).catch(() => null), desk.keyboard.press("Enter")]);
      if (desk.url() !== results[0]) {
        fail(`Enter on the first result should open it; the browser is at ${desk.url()}`);
      } else {
        pass(`search from ${from || "the home page"}: Down arrow focuses the first result and Enter opens it`);
      }
    }

    // Self-check questions (questions.mjs).
    await checkQuestions({ newContext, siteUrl, axe, pass, fail });
    // Pathway diagrams (the `pathway` shortcode on the home page): each drawing is named, draws
    // the very steps its list gives, keeps its text readable against its boxes in light and
    // dark and in print, and fits a 390 px phone at full size; on the print page too.
    {
      const inspect = (p) =>
        p.$$eval(".pathway-route", (routes) => {
          const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
          const lum = ([r, g, b]) => {
            const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          const contrast = (a, b) => {
            const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((m, n) => n - m);
            return (x + 0.05) / (y + 0.05);
          };
          return routes.map((route) => {
            const svg = route.querySelector("svg");
            const name = (svg.getAttribute("aria-labelledby") || "")
              .split(" ")
              .map((id) => (document.getElementById(id) || {}).textContent || "")
              .join(" ")
              .trim();
            const boxes = [...svg.querySelectorAll("rect")];
            const texts = [...svg.querySelectorAll("text")];
            const labels = texts.map((t) => t.querySelector("tspan").textContent.replace(/^\d+\. /, ""));
            const items = [...route.querySelectorAll(".pathway-steps > li")];
            const listed = items.map((li) => li.querySelector(".pathway-label").textContent.replace(/:$/, ""));
            const open = texts.filter((t) => /Varies by state|Not specified by the sources/.test(t.textContent)).length;
            const openListed = items.filter((li) => /Varies by state|Not specified by the sources/.test(li.textContent)).length;
            const worst = Math.min(...texts.map((t, i) => contrast(getComputedStyle(t).fill, getComputedStyle(boxes[i]).fill)));
            const box = svg.getBoundingClientRect();
            return { role: svg.getAttribute("role"), name, labels, listed, open, openListed, worst, right: box.right, width: box.width, shown: getComputedStyle(svg).display !== "none" };
          });
        });
      const judge = (where, routes, phone) => {
        let problems = 0;
        const bad = (what) => {
          problems++;
          fail(`pathway on ${where}: ${what}`);
        };
        if (routes.length < 2) bad(`expected the two routes of the bundled guide, found ${routes.length}`);
        for (const r of routes) {
          if (r.role !== "img" || r.name.length < 20) bad(`a drawing is not a named image: ${JSON.stringify(r.name)}`);
          if (r.labels.join() !== r.listed.join()) bad(`the drawing's steps (${r.labels}) differ from its list (${r.listed})`);
          if (r.open !== r.openListed || r.open === 0) bad(`steps left open: ${r.open} drawn, ${r.openListed} listed`);
          if (!(r.worst >= 4.5)) bad(`text in a box has a contrast of ${r.worst.toFixed(2)}:1`);
          if (!r.shown) bad("a drawing is hidden");
          if (phone && (r.right > 390.5 || r.width < 300)) bad(`a drawing is ${r.width}px wide, ending at ${r.right}px, on a 390px phone`);
        }
        return problems;
      };
      let problems = 0;
      for (const scheme of ["light", "dark"]) {
        await desk.emulateMedia({ colorScheme: scheme });
        await desk.goto(siteUrl, { waitUntil: "load" });
        problems += judge(`the home page (${scheme})`, await inspect(desk), false);
      }
      await desk.emulateMedia({ colorScheme: "light" });
      await mobile.goto(siteUrl, { waitUntil: "load" });
      problems += judge("the home page (390px)", await inspect(mobile), true);
      await desk.goto(siteUrl + "print/", { waitUntil: "load" });
      await desk.emulateMedia({ media: "print" });
      problems += judge("print/ (printed)", await inspect(desk), false);
      await desk.emulateMedia({ media: "screen" });
      if (problems === 0) {
        pass("pathway diagrams: named drawings with the steps of their lists, open steps said in words, text at 4.5:1 or more in light, dark and print, full size on a 390px phone");
      }
    }
    await searchChecks({ desk, phone, siteUrl, pass, fail, axe, checkLink });
    if (existsSync(join(SITE, "es", "index.html"))) await languageChecks({ desk, siteUrl, pass, fail });

    // Without JavaScript.
    const noScript = await newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const plain = await noScript.newPage();
    await plain.goto(siteUrl + "becoming/licensure/", { waitUntil: "load" });
    const noJs = await plain.evaluate(() => ({
      text: (document.querySelector("main") || document.body).innerText.length,
      status: (document.querySelector(".search-status") || {}).textContent || "",
      disabled: (document.querySelector("#search-input") || {}).disabled,
    }));
    if (noJs.text > 500 && /needs JavaScript/i.test(noJs.status) && noJs.disabled) {
      pass("without JavaScript the page reads and the search box says search needs JavaScript");
    } else {
      fail(`without JavaScript: ${JSON.stringify(noJs)}`);
    }
    await noScript.close();

    // The print page holds every chapter of the sidebar, each with its text.
    await desk.goto(siteUrl, { waitUntil: "load" });
    const chapters = await desk.$$eval('nav[aria-label="Chapters"] a', (as) =>
      as.map((a) => ({ href: a.href, title: a.textContent.trim() }))
    );
    const printUrl = siteUrl + "print/";
    const printResponse = await desk.goto(printUrl, { waitUntil: "load" });
    if (!printResponse || printResponse.status() !== 200) {
      fail(`print/ answers HTTP ${printResponse && printResponse.status()}`);
    } else {
      const sections = await desk.$$eval("section[data-path]", (ss) =>
        ss.map((s) => ({ path: s.dataset.path, title: s.querySelector("h2").textContent.trim(), text: s.innerText }))
      );
      let missing = 0;
      for (const chapter of chapters) {
        const path = chapter.href.slice(siteUrl.length);
        const section = sections.find((s) => s.path === path);
        // The chapter's own first paragraph must be on the print page too.
        const chapterPage = await browser.newPage();
        await chapterPage.goto(chapter.href, { waitUntil: "load" });
        const firstParagraph = await chapterPage.$eval("main .content p", (p) => p.innerText.trim()).catch(() => "");
        await chapterPage.close();
        if (!section || section.title !== chapter.title || !section.text.includes(firstParagraph.slice(0, 80))) {
          missing++;
          fail(`the print page lacks the chapter "${chapter.title}" (${path})`);
        }
      }
      await desk.emulateMedia({ media: "print" });
      const hidden = await desk.evaluate(() =>
        [".sidebar", ".search", ".pager"].every((s) => [...document.querySelectorAll(s)].every((e) => getComputedStyle(e).display === "none"))
      );
      // On paper the first sheet lists the chapters and says where the unprinted pages are.
      const firstSheet = await desk.evaluate(() => {
        const toc = document.querySelector(".print-guide > .toc");
        const elsewhere = document.querySelector(".print-elsewhere");
        return !!toc && toc.checkVisibility() && !!elsewhere && elsewhere.checkVisibility();
      });
      await desk.emulateMedia({ media: "screen" });
      if (!hidden) fail("the print stylesheet does not hide the sidebar and search");
      if (!firstSheet) fail("the printed guide does not start with its chapter list and where the other pages are");
      else pass("the printed guide starts with its chapter list and where the role pages, comparison and glossary are");
      if (missing === 0 && chapters.length > 0 && hidden) {
        pass(`print page: all ${chapters.length} chapters of the sidebar, with their text; navigation hidden in print`);
      }
    }

    if (foreign.size > 0) {
      fail(`requests to other hosts: ${[...foreign].join(", ")}`);
    } else {
      pass("nothing was requested from another host");
    }
    console.log(`browser checks took ${Math.round((Date.now() - started) / 1000)}s`);
  } finally {
    await browser.close();
    await server.close();
  }

  const htmlErrors = await validation;
  for (const e of htmlErrors) fail(`HTML: ${e}`);
  if (htmlErrors.length === 0) pass(`HTML: ${files.length} files valid (Nu Html Checker)`);

  console.log(failures.length === 0 ? "browser tests passed" : `browser tests: ${failures.length} problem(s)`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
