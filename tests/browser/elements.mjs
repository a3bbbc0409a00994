// Browser tests of the teaching elements on one chapter that uses them (highlighted code and
// math), on its own page and on the print page, in the system's headless Chromium:
//   - axe-core finds no WCAG 2.0/2.1 A or AA violation nor best-practice problem, in the light
//     and dark colour schemes, at 1280 px and on a 390 px phone;
//   - on the phone the page never scrolls sideways, while a long line of code scrolls inside
//     its box, which the keyboard reaches with Tab and scrolls with the arrow keys;
//   - highlighted tokens are coloured unlike plain text, in both schemes;
//   - formulas are laid out as MathML (a fraction's numerator above its denominator);
//   - on paper (print media) a long line of code wraps instead of being cut off;
//   - every HTML file of the site is valid (the Nu Html Checker).
//
// Usage: node elements.mjs SITE_DIR BASE_PATH CHAPTER_PATH
//   e.g. node elements.mjs public /my-guide/ code-and-math/

import { spawn } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";

import { chromium } from "playwright-core";

import { serve } from "./serve.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VNU_JAR = require("vnu-jar");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

const [siteArg, baseArg, chapter] = process.argv.slice(2);
if (!siteArg || !baseArg || !chapter) {
  console.error("usage: node elements.mjs SITE_DIR BASE_PATH CHAPTER_PATH");
  process.exit(2);
}
const SITE = resolve(siteArg);
const BASE = ("/" + baseArg + "/").replace(/\/+/g, "/");

const failures = [];
const fail = (what) => (failures.push(what), console.log("FAIL " + what));
const pass = (what) => console.log("ok   " + what);
const check = (ok, what, why) => (ok ? pass(what) : fail(`${what}: ${why}`));

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

function validate(files) {
  return new Promise((done) => {
    const java = spawn(process.env.JAVA || "java", ["-jar", VNU_JAR, "--errors-only", "--format", "json", ...files], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let report = "";
    java.stderr.on("data", (chunk) => (report += chunk));
    java.on("error", (e) => done([`could not run java: ${e.message}`]));
    java.on("close", () => {
      try {
        done(
          (JSON.parse(report).messages || [])
            .filter((m) => m.type === "error" || m.subType === "fatal")
            .map((m) => `${relative(SITE, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`)
        );
      } catch {
        done([`the checker's report could not be read: ${report.slice(0, 500)}`]);
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
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

async function main() {
  const files = htmlFiles(SITE);
  const validation = validate(files);
  const server = await serve(SITE, BASE);
  const siteUrl = server.origin + BASE;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--proxy-server=http://127.0.0.1:9"],
  });
  try {
    const urls = [siteUrl + chapter, siteUrl + "print/"];
    for (const scheme of ["light", "dark"]) {
      for (const [width, phone] of [[1280, false], [390, true]]) {
        const context = await browser.newContext({
          viewport: { width, height: 900 },
          isMobile: phone,
          hasTouch: phone,
          colorScheme: scheme,
        });
        const page = await context.newPage();
        for (const url of urls) {
          const response = await page.goto(url, { waitUntil: "load" });
          if (!response || response.status() !== 200) {
            fail(`${url}: HTTP ${response && response.status()}`);
            continue;
          }
          const where = `${url.slice(siteUrl.length)} (${scheme}, ${width} px)`;
          const counts = await page.evaluate(() => ({
            code: document.querySelectorAll(".code-block").length,
            math: document.querySelectorAll("math").length,
          }));
          if (counts.code === 0 || counts.math === 0) {
            fail(`${where}: expected code and math, found ${JSON.stringify(counts)}`);
          }
          const problems = await axe(page);
          check(problems.length === 0, `axe on ${where}`, problems.join("; "));
          if (phone) {
            const sizes = await page.evaluate(() => ({
              page: document.documentElement.scrollWidth,
              boxes: [...document.querySelectorAll(".code-block")].some((b) => b.scrollWidth > b.clientWidth),
            }));
            check(sizes.page <= 390, `${where}: the page does not scroll sideways`, `it is ${sizes.page} px wide`);
            check(sizes.boxes, `${where}: a long line of code scrolls inside its box`, "no box is wider than its content");
          }
        }
        // Tokens are coloured unlike the text around them.
        await page.goto(siteUrl + chapter, { waitUntil: "load" });
        const colours = await page.evaluate(() => {
          const text = getComputedStyle(document.querySelector(".code-block code")).color;
          const keyword = document.querySelector(".code-block .hl-keyword");
          return { text, keyword: keyword && getComputedStyle(keyword).color };
        });
        check(
          colours.keyword && colours.keyword !== colours.text,
          `keywords are coloured (${scheme})`,
          JSON.stringify(colours)
        );
        await context.close();
      }
    }

    // The keyboard reaches a code box that scrolls, and scrolls it.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await page.goto(siteUrl + chapter, { waitUntil: "load" });
    let scrolled = null;
    for (let i = 0; i < 60 && scrolled === null; i++) {
      await page.keyboard.press("Tab");
      const box = await page.evaluate(() => {
        const e = document.activeElement;
        return e && e.classList.contains("code-block") && e.scrollWidth > e.clientWidth;
      });
      if (box) {
        await page.keyboard.press("ArrowRight");
        await page.keyboard.press("ArrowRight");
        await page.waitForTimeout(300);
        scrolled = await page.evaluate(() => document.activeElement.scrollLeft);
      }
    }
    check(scrolled > 0, "Tab reaches a code box that overflows and the arrow keys scroll it", `scrollLeft ${scrolled}`);

    // MathML is laid out, not shown as a row of letters.
    const fraction = await page.evaluate(() => {
      const f = document.querySelector("math mfrac");
      if (!f) return null;
      const [top, bottom] = [...f.children].map((c) => c.getBoundingClientRect());
      return { numeratorBottom: top.bottom, denominatorTop: bottom.top, width: f.getBoundingClientRect().width };
    });
    check(
      fraction && fraction.width > 0 && fraction.numeratorBottom <= fraction.denominatorTop + 1,
      "a fraction is drawn with its numerator above its denominator (MathML)",
      JSON.stringify(fraction)
    );

    // On paper long lines wrap rather than being cut off.
    await page.emulateMedia({ media: "print" });
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll(".code-block")].filter((b) => b.scrollWidth > b.clientWidth + 1).length
    );
    check(cut === 0, "in print, every line of code wraps inside its box", `${cut} box(es) cut off`);
    await phone.close();
  } finally {
    await browser.close();
    await server.close();
  }
  const htmlErrors = await validation;
  check(htmlErrors.length === 0, `HTML: ${files.length} files valid (Nu Html Checker)`, htmlErrors.join("; "));
  console.log(failures.length === 0 ? "element browser tests passed" : `element browser tests: ${failures.length} problem(s)`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
