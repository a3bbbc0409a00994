// Self-check questions in the bundled guide, as a reader uses them: answered from the
// keyboard alone, the verdict said in the live region, axe-clean with the verdict shown in
// light and dark, readable without JavaScript (answer behind the disclosure), and listed
// with an answer key on the print page.

const CHAPTER = "becoming/licensure/";

/** Presses `keys` in order on `page`. */
async function press(page, ...keys) {
  for (const key of keys) await page.keyboard.press(key);
}

const feedback = (page, n) =>
  page.$$eval(".question .question-feedback", (els, n) => els[n].textContent, n);
const focusedText = (page) =>
  page.evaluate(() => (document.activeElement.closest("label") || document.activeElement).textContent.trim());

export async function checkQuestions({ newContext, siteUrl, axe, pass, fail }) {
  const context = await newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(siteUrl + CHAPTER, { waitUntil: "load" });
  const count = await page.$$eval(".question", (qs) => qs.length);
  if (count < 2) {
    fail(`${CHAPTER} should have self-check questions; it has ${count}`);
    await context.close();
    return;
  }

  // The true-or-false question, from the keyboard: Space chooses, Tab reaches the button,
  // Enter checks; an arrow key changes the choice, which clears the old verdict.
  const trueFalse = await page.$$eval(".question", (qs) => qs.findIndex((q) => /True or false/.test(q.textContent)));
  await page.focus(`.question >> nth=${trueFalse} >> input >> nth=0`);
  await press(page, "Space", "Tab");
  const onButton = await page.evaluate(() => document.activeElement.className);
  await press(page, "Enter");
  const wrong = await feedback(page, trueFalse);
  await press(page, "Shift+Tab", "ArrowDown");
  const cleared = await feedback(page, trueFalse);
  await press(page, "Tab", "Enter");
  const right = await feedback(page, trueFalse);
  if (onButton === "question-check" && /^Not right\./.test(wrong) && cleared === "" && /^Right\./.test(right) && /regulatory board/.test(right)) {
    pass("a true-or-false question answered from the keyboard: the verdict and its explanation appear in the live region");
  } else {
    fail(`true-or-false from the keyboard: focus ${onButton}, then "${wrong}", "${cleared}", "${right}"`);
  }

  // The multiple-choice question: every right option must be chosen, and only those.
  const several = await page.$$eval(".question", (qs) => qs.findIndex((q) => q.querySelector("input[type=checkbox]")));
  await page.focus(`.question >> nth=${several} >> input >> nth=0`);
  await press(page, "Space", "Tab", "Space", "Tab");
  const third = await focusedText(page);
  await press(page, "Tab", "Tab", "Enter");
  const partly = await feedback(page, several);
  await page.focus(`.question >> nth=${several} >> input >> nth=2`);
  await press(page, "Space", "Tab", "Tab", "Enter");
  const whole = await feedback(page, several);
  const live = await page.$$eval(".question .question-feedback", (els) => els.every((e) => e.getAttribute("role") === "status"));
  if (/exam/.test(third) && /^Not quite/.test(partly) && /^Right\./.test(whole) && live) {
    pass("a multiple-choice question answered from the keyboard: partly right is told apart from right, in a live region");
  } else {
    fail(`multiple choice from the keyboard: third option "${third}", then "${partly}", then "${whole}", live ${live}`);
  }

  // With verdicts shown, light and dark.
  let problems = 0;
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const v of await axe(page)) {
      problems++;
      fail(`axe ${scheme} ${CHAPTER} with a verdict shown: ${v}`);
    }
  }
  if (problems === 0) pass("axe-core: no violation with question verdicts shown, light and dark");
  await context.close();

  // Without JavaScript: no button that would do nothing, the answer behind the disclosure.
  const noScript = await newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const plain = await noScript.newPage();
  await plain.goto(siteUrl + CHAPTER, { waitUntil: "load" });
  const buttonShown = await plain.$$eval(".question-check", (bs) => bs.some((b) => b.offsetParent !== null));
  await plain.click(".question-answer summary >> nth=0");
  const answer = await plain.$eval(".question-answer", (d) => (d.open ? d.innerText : ""));
  if (!buttonShown && /Right:/.test(answer) && /Not right:/.test(answer)) {
    pass("without JavaScript a question shows its options, and its answer behind a disclosure");
  } else {
    fail(`without JavaScript: button shown ${buttonShown}, answer "${answer.slice(0, 80)}"`);
  }
  await noScript.close();

  // The print page: the question as text, its answer in the chapter's key.
  const print = await newContext({ viewport: { width: 1280, height: 900 } });
  const paper = await print.newPage();
  await paper.goto(siteUrl + "print/", { waitUntil: "load" });
  const section = await paper.$eval(`section[data-path="${CHAPTER}"]`, (s) => ({
    inputs: s.querySelectorAll("input, button").length,
    questions: s.querySelectorAll(".question-printed").length,
    keyed: s.querySelectorAll(".answer-key > ol > li").length,
    links: [...s.querySelectorAll(".answer-key a")].map((a) => a.getAttribute("href")),
  }));
  if (section.inputs === 0 && section.questions === count && section.keyed === count && section.links.every((h) => h.startsWith("#ch-"))) {
    pass(`print page: ${count} questions without controls and an answer key whose links stay on the page`);
  } else {
    fail(`print page questions: ${JSON.stringify(section)}`);
  }
  await print.close();
}
