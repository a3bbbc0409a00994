// Checks of a guide in more than one language, for run.mjs: the switcher leads from a page
// to the same page in the other language (and back), each page names its language, and
// searching the Spanish edition finds Spanish pages, accents or not.

import { pageText, resultLinks, typeQuery } from "./search.mjs";

// Spanish queries as a reader types them, with what a page among the top 5 must say.
const SPANISH = [
  { q: "consejería", holds: [/consejer[ií]a/i] },
  { q: "consejeria", holds: [/consejer[ií]a/i] },
  { q: "trabajadores sociales", holds: [/trabajador(es)? social(es)?/i] },
  { q: "licencias", holds: [/licencia/i] },
  { q: "alta hospitalaria", holds: [/alta/i, /hospital/i] },
  { q: "MSW", holds: [/MSW|maestría en trabajo social/i] },
];

export async function languageChecks({ desk, siteUrl, pass, fail }) {
  const english = siteUrl + "differences/";
  await desk.goto(english, { waitUntil: "load" });
  const lang = await desk.$eval("html", (h) => h.lang);
  const link = desk.locator('nav.languages a[hreflang="es"]');
  if (lang !== "en" || (await link.count()) !== 1) {
    fail(`languages: ${english} should be lang="en" with a link to its Spanish page (lang=${lang})`);
    return;
  }
  await link.click();
  await desk.waitForLoadState("load");
  const spanish = desk.url();
  const [esLang, title, current] = await Promise.all([
    desk.$eval("html", (h) => h.lang),
    desk.$eval("h1", (h) => h.textContent.trim()),
    desk.$eval('nav.languages a[aria-current="page"]', (a) => a.textContent.trim()),
  ]);
  // The switcher's links are absolute: the built site names its published address, so
  // the local copy is reached through the same path under the sub-path.
  const path = new URL(spanish).pathname;
  if (path.endsWith("/es/differences/") && esLang === "es" && current === "Español" && /compar/i.test(title)) {
    pass(`languages: the switcher leads from ${new URL(english).pathname} to its Spanish page ${path} ("${title}")`);
  } else {
    fail(`languages: the switcher led to ${spanish} (lang=${esLang}, title "${title}", current "${current}")`);
  }

  // Search in Spanish, on the Spanish edition: results are Spanish pages.
  const esHome = siteUrl + "es/";
  await desk.goto(esHome, { waitUntil: "load" });
  let missed = 0;
  for (const { q, holds } of SPANISH) {
    await typeQuery(desk, q);
    const top = (await resultLinks(desk)).slice(0, 5);
    const foreign = top.filter((url) => !url.startsWith(esHome));
    if (foreign.length) fail(`languages: Spanish search "${q}" lists pages outside es/: ${foreign.join(", ")}`);
    let found = false;
    for (const url of top) {
      const text = await pageText(url);
      if (holds.every((re) => re.test(text))) {
        found = true;
        break;
      }
    }
    if (!found) {
      missed++;
      fail(`languages: Spanish search "${q}": no page among the top 5 says ${holds.join(" and ")}: ${top.join(", ") || "no results"}`);
    }
  }
  if (missed === 0) pass(`languages: each of ${SPANISH.length} Spanish queries (with and without accents) finds a Spanish page that holds it in its top 5`);
}
