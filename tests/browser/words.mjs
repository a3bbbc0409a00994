// The search script cuts a reader's query into words as the build cuts pages: each string of
// tests/fixtures/cjk_words.json (which the build's unit test `cjk::tests` also reads) gives
// the same words through search.js's `words`. Needs no browser: `node words.mjs`, or from
// run.mjs.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const repo = new URL("../../", import.meta.url);

/** search.js's `words`, taken out of the script with the CJK ranges it uses. */
export function scriptWords() {
  const script = readFileSync(new URL("themes/default/static/search.js", repo), "utf8");
  const from = script.indexOf("  var CJK = ");
  const to = script.indexOf("\n  // A word as the index keys it");
  if (from < 0 || to < from) throw new Error("search.js: `CJK` and `words` not found where expected");
  return new Function(script.slice(from, to) + "\nreturn words;")();
}

/** Problems: each string the script cuts otherwise than the build. */
export function wordChecks() {
  const words = scriptWords();
  const cases = JSON.parse(readFileSync(new URL("tests/fixtures/cjk_words.json", repo), "utf8"));
  const problems = [];
  for (const [text, expected] of cases) {
    const got = words(text);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      problems.push(`search.js cuts ${JSON.stringify(text)} into ${JSON.stringify(got)}, the build into ${JSON.stringify(expected)}`);
    }
  }
  return { problems, count: cases.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { problems, count } = wordChecks();
  for (const p of problems) console.log("FAIL " + p);
  if (problems.length === 0) console.log(`ok   search.js cuts the ${count} strings of cjk_words.json as the build does`);
  process.exit(problems.length === 0 ? 0 : 1);
}
