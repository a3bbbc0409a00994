// Search checks for run.mjs: reader queries typed into the box, the keyboard, the search
// page and its ?q=, and axe with the results open. Each query names what a page must say to
// answer it (`holds`, every pattern); the check reads the pages the top 5 results link to
// and passes when one of them says it.

// Queries as a reader types them: spelling variants, plurals, verb forms, abbreviations and
// their expansions, and words found only in the body of a chapter.
export const QUERIES = [
  { q: "discharge", holds: [/discharg/i] },
  { q: "counseling", holds: [/counsel/i] },
  { q: "counselling", holds: [/counsel/i] },
  { q: "supervised hours", holds: [/supervis/i, /hours/i] },
  { q: "programs", holds: [/programs?|programmes?/i] },
  { q: "advocating", holds: [/advoca/i] },
  { q: "LCSW", holds: [/LCSW|Licensed Clinical Social Worker/i] },
  { q: "licensed clinical social worker", holds: [/LCSW|Licensed Clinical Social Worker/i] },
  { q: "MSW", holds: [/MSW|Master of Social Work/i] },
  { q: "master of social work", holds: [/MSW|Master of Social Work/i] },
  { q: "NASW", holds: [/NASW|National Association of Social Workers/i] },
  { q: "license", holds: [/licen[cs]/i] },
  { q: "licences", holds: [/licen[cs]/i] },
  { q: "organizations", holds: [/organi[sz]ation/i] },
  { q: "organizing", holds: [/organi[sz]/i] },
  { q: "specializations", holds: [/speciali[sz]/i] },
  { q: "therapist", holds: [/therap/i] },
  { q: "hospitals", holds: [/hospital/i] },
  { q: "homelessness", holds: [/homeless/i] },
  { q: "eligible", holds: [/eligib/i] },
  { q: "caseloads", holds: [/caseload/i] },
  { q: "exams", holds: [/exam/i] },
  { q: "bachelors degree", holds: [/bachelor/i, /degree/i] },
  { q: "accredited programs", holds: [/accredit/i, /program/i] },
  { q: "supervision", holds: [/supervis/i] },
  { q: "housing", holds: [/housing/i] },
];

/** The hrefs of the results listed under the box (the "all results" link left out). */
export function resultLinks(page, selector = "#search-results li a:not(.search-all)") {
  return page.$$eval(selector, (as) => as.map((a) => a.href));
}

/** Types `q` into the empty box and waits until the status reports it. */
export async function typeQuery(page, q) {
  await page.fill("#search-input", "");
  await page.focus("#search-input");
  await page.keyboard.type(q);
  // Until the status reports the query and every result has its quote (and its link to the
  // nearest heading).
  await page
    .waitForFunction(
      (q) =>
        document.querySelector("#search-status").textContent.includes(`“${q}”`) &&
        (document.querySelector("#search-results").hidden || document.querySelector("#search-results").dataset.quoted === "yes"),
      q,
      { timeout: 5000 }
    )
    .catch(() => null);
}

/** The text of a page of the site, as a reader sees it (tags, scripts and styles dropped). */
export async function pageText(url) {
  const response = await fetch(url.split("#")[0]);
  const html = await response.text();
  const main = html.slice(html.indexOf("<main"), html.lastIndexOf("</main>"));
  return main
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ");
}

export async function searchChecks({ desk, phone, siteUrl, pass, fail, axe, checkLink }) {
  // Every request a search makes stays under the site's sub-path; the bytes of the index
  // fetched are counted per query (reported, not asserted).
  const requests = [];
  desk.on("requestfinished", async (request) => {
    const response = await request.response();
    const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
    requests.push({ url: request.url(), bytes: body.length });
  });

  await desk.goto(siteUrl, { waitUntil: "load" });
  const texts = new Map();
  let missed = 0;
  let bytes = 0;
  for (const { q, holds } of QUERIES) {
    requests.length = 0;
    await typeQuery(desk, q);
    const top = (await resultLinks(desk)).slice(0, 5);
    bytes = Math.max(bytes, requests.filter((r) => r.url.includes("/search/")).reduce((s, r) => s + r.bytes, 0));
    const outside = requests.filter((r) => !r.url.startsWith(siteUrl));
    if (outside.length) fail(`search "${q}" fetched outside the site: ${outside.map((r) => r.url).join(", ")}`);
    let rank = -1;
    for (const [n, url] of top.entries()) {
      if (!texts.has(url)) texts.set(url, await pageText(url));
      if (holds.every((re) => re.test(texts.get(url)))) {
        rank = n + 1;
        break;
      }
    }
    for (const url of top) {
      const problem = await checkLink(siteUrl, url);
      if (problem) fail(`search "${q}" result: ${problem}`);
    }
    if (rank < 0) {
      missed++;
      fail(`search "${q}": no page among the top 5 says ${holds.join(" and ")}: ${top.join(", ") || "no results"}`);
    }
  }
  if (missed === 0) {
    pass(`search: each of ${QUERIES.length} reader queries has a page that holds it in its top 5 (at most ${bytes} bytes of index fetched for one query)`);
  }

  // The count is announced: the status is a live region and says how many results.
  const live = await desk.$eval("#search-status", (e) => [e.getAttribute("role"), e.textContent]);
  if (live[0] === "status" && /^\d+ results? for /.test(live[1])) {
    pass(`search: the result count is announced in a live region ("${live[1]}")`);
  } else {
    fail(`search: the status should announce the number of results: ${JSON.stringify(live)}`);
  }

  // Axe with the results open, light and dark at 1280 px.
  await typeQuery(desk, "counseling");
  for (const scheme of ["light", "dark"]) {
    await desk.emulateMedia({ colorScheme: scheme });
    const violations = await axe(desk);
    for (const v of violations) fail(`axe ${scheme} 1280px with search results open: ${v}`);
    if (violations.length === 0) pass(`axe-core: no violation with search results open, ${scheme}, 1280px`);
  }
  await desk.emulateMedia({ colorScheme: "light" });

  // Escape clears the box and closes the results; "/" focuses the box from the page.
  await desk.focus("#search-input");
  await desk.keyboard.press("Escape");
  const cleared = await desk.evaluate(() => ({
    value: document.querySelector("#search-input").value,
    hidden: document.querySelector("#search-results").hidden,
  }));
  await desk.click("main h1");
  await desk.keyboard.press("/");
  const focused = await desk.evaluate(() => document.activeElement && document.activeElement.id);
  if (cleared.value === "" && cleared.hidden && focused === "search-input") {
    pass("search: Escape clears the box and closes the results, and / focuses the box");
  } else {
    fail(`search keys: after Escape ${JSON.stringify(cleared)}, after / the focus is on ${focused}`);
  }

  // Enter in the box opens the search page, whose ?q= can be linked and survives Back.
  await desk.keyboard.type("discharge");
  await Promise.all([desk.waitForURL(/\/search\/\?q=discharge$/, { timeout: 5000 }).catch(() => null), desk.keyboard.press("Enter")]);
  await desk.waitForSelector('.search-page-results[data-quoted="yes"] li a', { timeout: 5000 }).catch(() => null);
  const listed = await resultLinks(desk, ".search-page-results li a");
  const inBox = await desk.$eval("#search-input", (e) => e.value);
  if (!desk.url().startsWith(siteUrl + "search/?q=discharge") || listed.length === 0 || inBox !== "discharge") {
    fail(`search page: Enter should open search/?q=discharge with its results; at ${desk.url()}, ${listed.length} results, box "${inBox}"`);
  } else {
    await Promise.all([desk.waitForURL((u) => u.href === listed[0], { timeout: 5000 }).catch(() => null), desk.click(".search-page-results li a")]);
    await desk.goBack({ waitUntil: "load" });
    await desk.waitForSelector('.search-page-results[data-quoted="yes"] li a', { timeout: 5000 }).catch(() => null);
    const again = await resultLinks(desk, ".search-page-results li a");
    if (again.join() === listed.join()) {
      pass(`search page: Enter opens search/?q=discharge with ${listed.length} results, and Back after opening one shows them again`);
    } else {
      fail(`search page: after Back the results differ: ${again.join(", ")} instead of ${listed.join(", ")}`);
    }
    for (const scheme of ["light", "dark"]) {
      await desk.emulateMedia({ colorScheme: scheme });
      for (const v of await axe(desk)) fail(`axe ${scheme} 1280px on the search page with results: ${v}`);
    }
    await desk.emulateMedia({ colorScheme: "light" });
  }

  // On a phone, with the results open: axe, and no sideways scrolling.
  const mobile = await phone.newPage();
  await mobile.goto(siteUrl + "becoming/education/", { waitUntil: "load" });
  await typeQuery(mobile, "supervised hours");
  const shown = (await resultLinks(mobile)).length;
  const wide = await mobile.evaluate(() => document.documentElement.scrollWidth);
  const phoneViolations = [];
  for (const scheme of ["light", "dark"]) {
    await mobile.emulateMedia({ colorScheme: scheme });
    for (const v of await axe(mobile)) phoneViolations.push(`${scheme}: ${v}`);
  }
  for (const v of phoneViolations) fail(`axe 390px with search results open, ${v}`);
  if (shown === 0) fail("search on a 390 px phone showed no results");
  else if (wide > 390) fail(`search results on a 390 px phone scroll sideways (${wide} px wide)`);
  else if (phoneViolations.length === 0) pass(`search on a 390 px phone: ${shown} results, no sideways scrolling, axe-clean light and dark`);
  await mobile.close();
}
