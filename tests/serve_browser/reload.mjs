// Opens a page served by `guide serve` in headless Chromium, then shows that it
//  1. reloads by itself after its chapter is edited, at the same scroll position, and
//  2. takes a stylesheet change without reloading.
// Usage: node reload.mjs URL CHAPTER_FILE STYLESHEET_FILE
// Prints one line per check; exits non-zero on the first failure.

import { appendFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [url, chapter, stylesheet] = process.argv.slice(2);
if (!stylesheet) {
  console.error("usage: node reload.mjs URL CHAPTER_FILE STYLESHEET_FILE");
  process.exit(2);
}
const patience = 30_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
try {
  const page = await browser.newPage({ viewport: { width: 800, height: 300 } });
  // The reload channel is open once its response has started.
  const live = page.waitForResponse((r) => r.url().includes("/__guide/events"), { timeout: patience });
  await page.goto(url);
  await live;
  // Scroll half way down the page.
  const target = await page.evaluate(() => {
    const y = Math.floor((document.documentElement.scrollHeight - window.innerHeight) / 2);
    window.scrollTo(0, y);
    return window.scrollY;
  });
  if (target < 100) throw new Error(`the page is too short to scroll (${target})`);
  // A mark that only this page load has: a reload loses it.
  await page.evaluate(() => {
    window.guideTestMark = "before";
  });

  appendFileSync(chapter, "\n\nThis sentence arrived while the page was open.\n");
  await page.waitForFunction(
    () => document.body.innerText.includes("This sentence arrived while the page was open."),
    null,
    { timeout: patience },
  );
  const mark = await page.evaluate(() => window.guideTestMark);
  if (mark !== undefined) throw new Error("the new text appeared without a reload");
  console.log("reloaded by itself after the edit");

  // The scroll position comes back.
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, target, { timeout: patience });
  console.log("kept the scroll position");

  await page.evaluate(() => {
    window.guideTestMark = "still here";
  });
  const before = await page.evaluate(() => getComputedStyle(document.body).outlineStyle);
  appendFileSync(stylesheet, "\nbody { outline: 3px dotted rgb(1, 2, 3); }\n");
  await page.waitForFunction(() => getComputedStyle(document.body).outlineStyle === "dotted", null, { timeout: patience });
  const kept = await page.evaluate(() => window.guideTestMark);
  if (kept !== "still here") throw new Error("the stylesheet change reloaded the page");
  console.log(`swapped the stylesheet without a reload (outline ${before} -> dotted)`);
} finally {
  await browser.close();
}
