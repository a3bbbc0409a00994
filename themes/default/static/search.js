/*
  Search for the default theme of `guide`.

  The build writes an index in small files under search/ (see the module `render/search` of
  guide): meta.json lists the chunks; w/N.json maps words to the stemmed terms the index
  holds; p/N.json lists the pages of each term with a weight; d/N.json gives a run of pages'
  titles, links and breadcrumbs. Nothing is fetched until the box is used, and then only the
  chunks a query needs, so pages that do not search pay nothing, and a query on a large
  guide fetches a few small files. A result is quoted from its page, fetched as a reader
  opening it would, so the quote links to the heading nearest the match. Stemming and
  synonyms are applied by the build, so this script only looks words up.

  Keyboard: "/" focuses the box; type, then Down arrow into the results, Up/Down between
  them, Enter to follow, Escape to clear. Enter in the box opens the search page
  (search/?q=...), which lists more results and can be linked to.
*/
(function () {
  "use strict";

  var box = document.querySelector(".search[data-index]");
  if (!box || !window.fetch || !window.Promise) {
    return;
  }
  var input = box.querySelector(".search-input");
  var status = box.querySelector(".search-status");
  var dropdown = box.querySelector(".search-results");
  var root = box.getAttribute("data-root");
  var metaUrl = box.getAttribute("data-index");
  var dir = metaUrl.slice(0, metaUrl.lastIndexOf("/") + 1);
  // On the search page, results are listed in the page rather than under the box.
  var page = document.querySelector(".search-page");
  var list = page ? page.querySelector(".search-page-results") : dropdown;
  var SHOWN = page ? 20 : 8;
  // Milliseconds without a keystroke before a query runs, and before its results are
  // quoted from their pages.
  var SEARCH_DELAY = 40;
  var QUOTE_DELAY = 60;
  var meta = null;
  var loading = null;
  var files = {};
  var latest = 0;

  // The page's words for this script, when they are not the English below: a JSON object
  // the theme writes from its strings (i18n/<lang>.yaml) into #guide-ui.
  var strings = {};
  var stringsElement = document.getElementById("guide-ui");
  if (stringsElement) {
    try {
      strings = JSON.parse(stringsElement.textContent);
    } catch (e) {
      strings = {};
    }
  }
  // The string `key` (or `english`), its form for `values.count`, placeholders filled.
  function say(key, english, values) {
    var text = strings[key] !== undefined ? strings[key] : english;
    if (typeof text === "object") {
      text = values.count === 1 && text.one !== undefined ? text.one : text.other;
    }
    return String(text).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && values[name] !== undefined ? String(values[name]) : whole;
    });
  }

  input.disabled = false;
  status.textContent = "";

  function load() {
    if (!loading) {
      loading = getJson(metaUrl, { cache: "no-cache" }).then(function (data) {
        meta = data;
      });
      loading.catch(function () {
        loading = null;
      });
    }
    return loading;
  }

  function getJson(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  // A file of the index, fetched once; the version keeps two builds' files apart.
  function file(path) {
    if (!files[path]) {
      files[path] = getJson(dir + path + "?v=" + meta.v);
      files[path].catch(function () {
        delete files[path];
      });
    }
    return files[path];
  }

  // Han, kana and Hangul, written without spaces between words: the ranges of the build's
  // `cjk::is_cjk`.
  var CJK = "\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af" +
    "\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2fa1f}\u{30000}-\u{323af}";
  var cjkChar = new RegExp("[" + CJK + "]", "u");
  var cjkRun = new RegExp("([" + CJK + "]+)", "u");

  // Words as the build cuts them: letters and digits, lowercased, apostrophes dropped; a
  // run of CJK characters as its overlapping pairs ("相談窓口": 相談, 談窓, 窓口), or its
  // one character, with letters next to it a word of their own.
  function words(text) {
    var out = [];
    text.toLowerCase().replace(/['’]/g, "").split(/[^\p{L}\p{N}]+/u).forEach(function (word) {
      if (!cjkChar.test(word)) {
        if (word) {
          out.push(word);
        }
        return;
      }
      word.split(cjkRun).forEach(function (piece, i) {
        if (i % 2 === 0) {
          if (piece) {
            out.push(piece);
          }
          return;
        }
        var chars = Array.from(piece);
        if (chars.length === 1) {
          out.push(piece);
        }
        for (var k = 1; k < chars.length; k++) {
          out.push(chars[k - 1] + chars[k]);
        }
      });
    });
    return out;
  }

  // A word as the index keys it: without accents when the index folds them (`meta.f`,
  // every language but English), so "consejeria" finds "consejería"; CJK pairs never are.
  function folded(word) {
    return meta && meta.f && !cjkChar.test(word) ? word.normalize("NFD").replace(/\p{M}/gu, "") : word;
  }

  // The chunks of a table (`firsts` their first keys) that may hold keys starting with
  // `prefix`: the one it would sort into, and those after it that start with it.
  function chunksFor(firsts, prefix) {
    var lo = 0;
    var hi = firsts.length - 1;
    var at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= prefix) {
        at = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    var out = firsts.length ? [at] : [];
    // A short prefix starts many keys: its first chunk is enough while the reader types.
    var most = prefix.length < 4 ? 1 : 2;
    for (var i = at + 1; i < firsts.length && firsts[i].indexOf(prefix) === 0 && out.length < most; i++) {
      out.push(i);
    }
    return out;
  }

  // Every entry of a table whose key starts with `prefix`, as [key, value] pairs.
  function entries(table, firsts, prefix) {
    var chunks = chunksFor(firsts, prefix);
    return Promise.all(chunks.map(function (n) { return file(table + "/" + n + ".json"); }))
      .then(function (loaded) {
        var out = [];
        loaded.forEach(function (chunk) {
          Object.keys(chunk).forEach(function (key) {
            if (key.indexOf(prefix) === 0) {
              out.push([key, chunk[key]]);
            }
          });
        });
        return out;
      });
  }

  // What one word of a query means: { terms: {term: weight}, forms: [words to mark] }.
  // The word itself counts most; words it starts (the reader may still be typing) and,
  // for a word the guide never uses, words that share all but its last letters, less.
  function resolve(word, last) {
    var found = { terms: {}, forms: [word] };
    function add(term, weight) {
      found.terms[term] = Math.max(found.terms[term] || 0, weight);
    }
    function lookUp(prefix, exactWeight, prefixWeight) {
      return Promise.all([entries("w", meta.w, prefix), entries("p", meta.p, prefix)])
        .then(function (tables) {
          var stems = [];
          tables[0].forEach(function (e) {
            if (e[0] === prefix && exactWeight) {
              stems.push([e[1], exactWeight]);
            } else if (prefix.length >= 3 || last) {
              stems.push([e[1], prefixWeight]);
              found.forms.push(e[0]);
            }
          });
          if (exactWeight && !tables[0].some(function (e) { return e[0] === prefix; })) {
            stems.push([prefix, exactWeight]);
          }
          var terms = {};
          tables[1].forEach(function (e) { terms[e[0]] = true; });
          var more = stems.filter(function (s) { return s[0].indexOf(prefix) !== 0; });
          return Promise.all(more.map(function (s) { return entries("p", meta.p, s[0]); }))
            .then(function (extra) {
              extra.forEach(function (list) {
                list.forEach(function (e) { terms[e[0]] = true; });
              });
              stems.forEach(function (s) {
                Object.keys(terms).forEach(function (t) {
                  if (t === s[0]) {
                    add(t, s[1]);
                  } else if (t.indexOf(s[0]) === 0 && (s[0].length >= 5 || last)) {
                    add(t, s[1] * 0.6);
                  }
                });
              });
              return Object.keys(found.terms).length > 0;
            });
        });
    }
    return lookUp(word, 1, 0.6).then(function (any) {
      var cut = 1;
      function shorter(ok) {
        if (ok || cut > 3 || word.length - cut < 4) {
          return found;
        }
        var prefix = word.slice(0, word.length - cut);
        cut++;
        return lookUp(prefix, 0, 0.4).then(shorter);
      }
      return shorter(any);
    });
  }

  // Pages as [page number, weight] pairs from a term's list of gap*16 + weight.
  function pages(list) {
    var out = [];
    var n = 0;
    list.forEach(function (v) {
      n += Math.floor(v / 16);
      out.push([n, v % 16]);
    });
    return out;
  }

  // The pages matching `query`, best first: pages with every word, or else with the most
  // words; each word scores by the rarity of its terms (BM25's idf) and their weight.
  function search(query) {
    var queryWords = words(query).filter(function (w, i, all) { return all.indexOf(w) === i; });
    if (!queryWords.length) {
      return Promise.resolve({ results: [], forms: [], terms: [] });
    }
    return load().then(function () {
      // The last word may be unfinished, and a lone CJK character starts the pairs it is in.
      return Promise.all(queryWords.map(function (w, i) {
        var lone = cjkChar.test(w) && Array.from(w).length === 1;
        return resolve(folded(w), i === queryWords.length - 1 || lone);
      }));
    }).then(function (resolved) {
      var terms = [];
      resolved.forEach(function (r) { terms = terms.concat(Object.keys(r.terms)); });
      return Promise.all(terms.map(function (t) {
        return entries("p", meta.p, t).then(function (list) {
          var hit = list.filter(function (e) { return e[0] === t; })[0];
          return [t, hit ? pages(hit[1]) : []];
        });
      })).then(function (lists) {
        var byTerm = {};
        lists.forEach(function (l) { byTerm[l[0]] = l[1]; });
        var scores = {};
        resolved.forEach(function (r) {
          var best = {};
          Object.keys(r.terms).forEach(function (t) {
            var list = byTerm[t] || [];
            var idf = Math.log(1 + (meta.n - list.length + 0.5) / (list.length + 0.5));
            list.forEach(function (p) {
              var s = r.terms[t] * idf * p[1];
              best[p[0]] = Math.max(best[p[0]] || 0, s);
            });
          });
          Object.keys(best).forEach(function (n) {
            var entry = scores[n] || (scores[n] = { n: Number(n), score: 0, words: 0 });
            entry.score += best[n];
            entry.words += 1;
          });
        });
        var all = Object.keys(scores).map(function (n) { return scores[n]; });
        var most = all.reduce(function (m, e) { return Math.max(m, e.words); }, 0);
        var results = all
          .filter(function (e) { return e.words === most; })
          .sort(function (a, b) { return b.score - a.score || a.n - b.n; });
        var forms = [];
        resolved.forEach(function (r) { forms = forms.concat(r.forms); });
        return { results: results, forms: forms, terms: terms };
      });
    });
  }

  // Whether a word of a page's text is one the query matched.
  function matcher(found) {
    var forms = {};
    found.forms.forEach(function (f) { forms[f] = true; });
    var stems = found.terms.filter(function (t) { return t.length >= 3; });
    return function (word) {
      var w = folded(word.toLowerCase().replace(/['’]/g, ""));
      if (forms[w]) {
        return true;
      }
      // A lone CJK character of the query found the pairs it starts.
      if (cjkChar.test(w)) {
        var chars = Array.from(w);
        return chars.length === 2 && forms[chars[0]] === true;
      }
      return stems.some(function (t) {
        // Stems end in "i" where words end in "y" (advocaci, advocacy).
        var s = t.length >= 4 && t.charAt(t.length - 1) === "i" ? t.slice(0, -1) : t;
        return w.indexOf(s) === 0;
      });
    };
  }

  // A page's text as [id, heading, text] sections, one per heading with an id, from its
  // HTML; for a glossary term (a link with #id), the term and its definition only.
  function sections(html, hash) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var main = doc.querySelector("main");
    if (!main) {
      return [];
    }
    if (hash) {
      var term = doc.getElementById(hash);
      var definition = term && term.nextElementSibling;
      return term ? [["", "", term.textContent + " " + (definition ? definition.textContent : "")]] : [];
    }
    var out = [["", "", ""]];
    var heading = null;
    var walker = doc.createTreeWalker(main, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.nodeType === 1 && n.matches("script, style, nav, h1, .anchor, .visually-hidden")
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT;
      }
    });
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      var last = out[out.length - 1];
      if (n.nodeType === 1) {
        if (/^H[2-6]$/.test(n.tagName) && n.id) {
          out.push([n.id, "", ""]);
          heading = n;
        } else if (startsBlock(n)) {
          last[2] += " ";
        }
      } else if (heading && heading.contains(n)) {
        last[1] += n.data;
      } else {
        last[2] += n.data;
      }
    }
    return out.map(function (s) {
      return [s[0], s[1].replace(/\s+/g, " ").trim(), s[2].replace(/\s+/g, " ").trim()];
    });
  }

  // Whether an element starts a block of its own (its text is not run into the last).
  function startsBlock(el) {
    return !/^(A|ABBR|B|CITE|CODE|DFN|EM|I|KBD|MARK|Q|S|SMALL|SPAN|STRONG|SUB|SUP|U)$/.test(el.tagName);
  }

  // A text as [piece, marked] pairs: its words and what is between them, a run of CJK
  // characters a character at a time, each marked when a pair it is in matched.
  function marked(text, isMatch) {
    var out = [];
    text.split(/([\p{L}\p{N}'’]+)/u).forEach(function (piece, i) {
      if (i % 2 === 0 || !cjkChar.test(piece)) {
        out.push([piece, i % 2 === 1 && isMatch(piece)]);
        return;
      }
      piece.split(cjkRun).forEach(function (part, j) {
        if (j % 2 === 0) {
          if (part) {
            out.push([part, isMatch(part)]);
          }
          return;
        }
        var chars = Array.from(part);
        chars.forEach(function (c, k) {
          out.push([c, isMatch(c) || (k > 0 && isMatch(chars[k - 1] + c)) ||
            (k + 1 < chars.length && isMatch(c + chars[k + 1]))]);
        });
      });
    });
    return out;
  }

  // The section of a page with the most matched words, and its text around the first, as
  // [piece, marked] pairs.
  function excerpt(parts, isMatch) {
    var best = null;
    parts.forEach(function (s) {
      var count = words(s[1]).filter(isMatch).length * 2 + words(s[2]).filter(isMatch).length;
      if (!best || count > best.count) {
        best = { section: s, count: count };
      }
    });
    var section = best ? best.section : ["", "", ""];
    var pieces = marked(section[2], isMatch);
    var first = pieces.findIndex(function (p) { return p[1]; });
    var from = Math.max(0, (first < 0 ? 0 : first) - 16);
    from -= from % 2;
    var to = Math.min(pieces.length, from + 60);
    return {
      id: section[0],
      heading: section[1],
      parts: pieces.slice(from, to),
      before: from > 0,
      after: to < pieces.length
    };
  }

  // A page's HTML, fetched once.
  var pagesHtml = {};
  function pageHtml(url) {
    if (!pagesHtml[url]) {
      pagesHtml[url] = fetch(url).then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      });
      pagesHtml[url].catch(function () {
        delete pagesHtml[url];
      });
    }
    return pagesHtml[url];
  }

  // Resolves once the reader has stopped typing for a moment, and only if query `ticket`
  // is still the latest: pages are fetched for the quotes of what the reader settles on.
  function settled(ticket) {
    return new Promise(function (resolve, reject) {
      setTimeout(function () {
        if (ticket === latest) {
          resolve();
        } else {
          reject(new Error("superseded"));
        }
      }, QUOTE_DELAY);
    });
  }

  // A result: its title and breadcrumb at once, then its quote once its page is fetched.
  function resultItem(row, isMatch, ticket) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = root + row[1];
    var head = document.createElement("span");
    head.className = "search-head";
    var kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent = row[2];
    head.appendChild(kind);
    head.appendChild(document.createTextNode(" "));
    // A page a translation shows in the source's words: its title and quote in that language.
    var title = document.createElement("span");
    title.textContent = row[0];
    if (row[4]) {
      title.lang = row[4];
    }
    head.appendChild(title);
    link.appendChild(head);
    if (row[3]) {
      var crumbs = document.createElement("span");
      crumbs.className = "search-crumbs";
      crumbs.textContent = row[3];
      link.appendChild(crumbs);
    }
    var text = document.createElement("span");
    text.className = "search-excerpt";
    if (row[4]) {
      text.lang = row[4];
    }
    link.appendChild(text);
    item.appendChild(link);
    var hash = row[1].split("#")[1];
    var quoted = settled(ticket)
      .then(function () { return pageHtml(root + row[1].split("#")[0]); })
      .then(function (html) {
        var ex = excerpt(sections(html, hash), isMatch);
        if (ex.id) {
          link.href = root + row[1] + "#" + ex.id;
          var sub = document.createElement("span");
          sub.className = "search-sub";
          sub.textContent = " › " + ex.heading;
          head.appendChild(sub);
        }
        if (ex.before) {
          text.appendChild(document.createTextNode("… "));
        }
        var mark = null;
        ex.parts.forEach(function (p) {
          if (!p[1]) {
            mark = p[0] ? null : mark;
            text.appendChild(document.createTextNode(p[0]));
          } else if (mark) {
            // Marked characters of a run, one after another, are one mark.
            mark.textContent += p[0];
          } else {
            mark = document.createElement("mark");
            mark.textContent = p[0];
            text.appendChild(mark);
          }
        });
        if (ex.after) {
          text.appendChild(document.createTextNode(" …"));
        }
      })
      .catch(function () {});
    return { item: item, quoted: quoted };
  }

  // Page n's row of the table of pages: [title, link, kind, breadcrumb].
  function row(n) {
    return file("d/" + Math.floor(n / meta.d) + ".json").then(function (rows) {
      return rows[n % meta.d];
    });
  }

  function show(query) {
    var ticket = ++latest;
    var trimmed = query.trim();
    if (trimmed === "") {
      list.textContent = "";
      list.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    return search(query).then(function (found) {
      var top = found.results.slice(0, SHOWN);
      return Promise.all(top.map(function (r) { return row(r.n); }))
        .then(function (rows) {
          if (ticket !== latest) {
            return;
          }
          var isMatch = matcher(found);
          list.textContent = "";
          var quotes = rows.map(function (r) {
            var result = resultItem(r, isMatch, ticket);
            list.appendChild(result.item);
            return result.quoted;
          });
          list.setAttribute("data-quoted", "no");
          Promise.all(quotes).then(function () {
            if (ticket === latest) {
              list.setAttribute("data-quoted", "yes");
            }
          });
          var count = found.results.length;
          if (!page && count > 0) {
            var item = document.createElement("li");
            var all = document.createElement("a");
            all.className = "search-all";
            all.href = root + "search/?q=" + encodeURIComponent(trimmed);
            all.textContent = count > SHOWN
              ? say("search.all_results", "All {count} results", { count: count })
              : say("search.open_results", "Open the results page");
            item.appendChild(all);
            list.appendChild(item);
          }
          list.hidden = count === 0;
          status.textContent = count === 0
            ? say("search.no_results", "No results for “{query}”.", { query: trimmed })
            : say("search.results", { one: "{count} result for “{query}”", other: "{count} results for “{query}”" },
                { count: count, query: trimmed }) +
              (count > top.length
                ? say("search.shown", ", {shown} shown.", { shown: top.length })
                : say("search.end", "."));
        });
    }, function () {
      if (ticket === latest) {
        status.textContent = say("search.index_failed", "The search index could not be loaded.");
      }
    });
  }

  // Searches once the reader pauses (SEARCH_DELAY), so fast typing fetches only what the
  // last query needs.
  var pending = null;
  function update() {
    if (page) {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url.href);
    }
    clearTimeout(pending);
    pending = setTimeout(function () { show(input.value); }, SEARCH_DELAY);
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function close() {
    if (!page) {
      dropdown.hidden = true;
    }
  }

  input.addEventListener("focus", function () {
    load().catch(function () {});
    if (input.value.trim() !== "" && !page) {
      update();
    }
  });
  input.addEventListener("input", update);

  function onKey(event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && all.length && !list.hidden) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    } else if (event.key === "Escape" && (at >= 0 || document.activeElement === input)) {
      input.value = "";
      update();
      clearTimeout(pending);
      show("");
      input.focus();
    }
  }
  box.addEventListener("keydown", onKey);
  if (page) {
    list.addEventListener("keydown", onKey);
  }

  // "/" anywhere but in a field focuses the box, as on many sites.
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  // Hide the results once focus moves, or a click lands, outside the search box.
  box.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !box.contains(event.relatedTarget)) {
      close();
    }
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) {
      close();
    }
  });

  // The search page shows the results of its ?q= at once.
  if (page) {
    var q = new URL(window.location.href).searchParams.get("q") || "";
    input.value = q;
    var hint = page.querySelector(".search-page-hint");
    if (hint) {
      hint.hidden = true;
    }
    show(q);
  }
})();
