/*
  Search for the default theme of `guide`.

  The build writes a small index (titles, headings, descriptions, role titles, glossary
  terms); this script fetches it from the site root the first time the box is used, so it
  works under any sub-path, and lists matches as links. Keyboard: type, then Down arrow (or
  Tab) into the results, Up/Down between them, Enter to follow, Escape to close.
  Every word typed must match the start of a word somewhere in an entry; titles count most.
*/
(function () {
  "use strict";

  var box = document.querySelector(".search[data-index]");
  if (!box || !window.fetch) {
    return;
  }
  var input = box.querySelector(".search-input");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var root = box.getAttribute("data-root");
  var MAX_RESULTS = 8;
  var entries = null;
  var loading = null;

  input.disabled = false;
  status.textContent = "";

  function load() {
    if (!loading) {
      loading = fetch(box.getAttribute("data-index"), { cache: "no-cache" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          entries = data;
        });
      loading.catch(function () {
        loading = null;
      });
    }
    return loading;
  }

  // A heading is [id, title], or its title alone when the id is the title's slug, made
  // as the build makes it: lowercase letters and digits, apostrophes dropped, every other
  // run of characters one hyphen.
  function heading(h) {
    if (typeof h !== "string") {
      return { id: h[0], title: h[1] };
    }
    var id = h.replace(/['’]/g, "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join("-");
    return { id: id, title: h };
  }

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // Whether every query word starts some word of `text`.
  function matches(queryWords, text) {
    var own = words(text);
    return queryWords.every(function (q) {
      return own.some(function (w) {
        return w.indexOf(q) === 0;
      });
    });
  }

  // Scores one entry; 0 means no match. Returns {score, heading}.
  function score(entry, queryWords) {
    var headings = (entry.h || []).map(heading);
    var all = [entry.t, entry.d, entry.w || ""]
      .concat(headings.map(function (h) { return h.title; }))
      .join(" ");
    if (!matches(queryWords, all)) {
      return { score: 0 };
    }
    var result = { score: 1 };
    if (matches(queryWords, entry.t)) {
      result.score += 10;
    }
    if (entry.w && matches(queryWords, entry.w)) {
      result.score += 4;
    }
    headings.some(function (h) {
      if (matches(queryWords, h.title)) {
        result.score += 3;
        result.heading = h;
        return true;
      }
      return false;
    });
    if (matches(queryWords, entry.d)) {
      result.score += 2;
    }
    return result;
  }

  function search(query) {
    var queryWords = words(query);
    if (!queryWords.length || !entries) {
      return [];
    }
    return entries
      .map(function (entry, i) {
        var s = score(entry, queryWords);
        return { entry: entry, score: s.score, heading: s.heading, order: i };
      })
      .filter(function (r) { return r.score > 0; })
      .sort(function (a, b) { return b.score - a.score || a.order - b.order; })
      .slice(0, MAX_RESULTS);
  }

  function show(query) {
    var results = search(query);
    list.textContent = "";
    results.forEach(function (r) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      var inTitle = matches(words(query), r.entry.t);
      link.href = root + r.entry.u + (r.heading && !inTitle ? "#" + r.heading.id : "");
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = r.entry.k;
      link.appendChild(kind);
      link.appendChild(document.createTextNode(" " + r.entry.t));
      if (r.heading && !inTitle) {
        var sub = document.createElement("span");
        sub.className = "search-sub";
        sub.textContent = " › " + r.heading.title;
        link.appendChild(sub);
      }
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    status.textContent = query.trim() === ""
      ? ""
      : results.length === 0
        ? "No results for “" + query.trim() + "”."
        : results.length + (results.length === 1 ? " result" : " results") + " for “" + query.trim() + "”.";
  }

  function update() {
    var query = input.value;
    load().then(
      function () {
        if (input.value === query) {
          show(query);
        }
      },
      function () {
        status.textContent = "The search index could not be loaded.";
      }
    );
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function close() {
    list.hidden = true;
  }

  input.addEventListener("focus", function () {
    load().catch(function () {});
    if (input.value.trim() !== "") {
      update();
    }
  });
  input.addEventListener("input", update);

  box.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && all.length && !list.hidden) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    } else if (event.key === "Enter" && document.activeElement === input && all.length) {
      event.preventDefault();
      all[0].click();
    } else if (event.key === "Escape") {
      close();
      input.focus();
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
})();
