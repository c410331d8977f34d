/* gradkg's own (not vendored): the published site's search page. MiniSearch indexes the names publish
   wrote (window.gradkgSearch) as character unigrams and bigrams of their folded form, so any part of a
   name in any script finds them, plus Pinyin keys; then the hits are kept and ordered exactly as
   `gradkg search` keeps and orders them (the folded term inside a folded name, or the name in Pinyin;
   exact names first, then shorter names). Results are written as text, never as HTML. */
(function () {
  "use strict";
  var data = window.gradkgSearch;
  var BRACKETS = { "〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "{": "(", "}": ")" };

  function fold(text) {
    text = text.normalize("NFKC").replace(/[〔〕\[\]【】{}]/g, function (c) { return BRACKETS[c]; });
    return text.replace(/[《》〈〉「」『』“”‘’"'`]/g, "").replace(/\s+/g, "").toLowerCase();
  }
  function bare(text) { return fold(text).replace(/[^\p{L}\p{N}%.]+/gu, ""); }
  function isLatin(text) {
    var letters = Array.from(text).filter(function (c) { return /\p{L}/u.test(c); });
    return letters.length > 0 && letters.every(function (c) { return c.charCodeAt(0) < 128; });
  }
  function words(text) { return text.normalize("NFKC").toLowerCase().split(/[^0-9a-z]+/).filter(Boolean); }
  function permutations(parts) {
    if (parts.length <= 1) return [parts];
    var out = [];
    parts.forEach(function (p, i) {
      permutations(parts.slice(0, i).concat(parts.slice(i + 1))).forEach(function (rest) { out.push([p].concat(rest)); });
    });
    return out;
  }
  function typedKeys(text) {
    var parts = words(text);
    if (!parts.length) return [];
    if (parts.length > 4) return [parts.join("")];
    return Array.from(new Set(permutations(parts).map(function (p) { return p.join(""); })));
  }
  function grams(folded) {
    var chars = Array.from(folded), out = [];
    if (chars.length === 1) return chars;
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }
  function indexTokens(folded) {
    return Array.from(new Set(Array.from(folded).concat(grams(folded))));
  }

  var index = new MiniSearch({
    fields: ["grams", "pinyin"],
    storeFields: [],
    extractField: function (doc, field) {
      if (field === "id") return doc.id;
      if (field === "grams") return doc.names.map(function (n) { return n[1]; }).join("\u0000");
      return doc.names.map(function (n) { return n[2]; }).filter(Boolean).join("\u0000");
    },
    tokenize: function (text, field) {
      var parts = text.split("\u0000").filter(Boolean);
      if (field === "pinyin") return parts;
      return [].concat.apply([], parts.map(indexTokens));
    },
    processTerm: function (term) { return term; }
  });
  index.addAll(data.docs);

  function check(term) {
    var chars = Array.from(term);
    for (var i = 0; i < chars.length; i++) {
      if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/u.test(chars[i])) {
        var code = chars[i].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
        throw new Error("the search term contains a control character (U+" + code + " at position " + i + ")");
      }
    }
    term = term.split(/\s+/).filter(Boolean).join(" ");
    if (!bare(term)) throw new Error("the search term is empty (or only punctuation): give part of a name, e.g. 血液病");
    var length = Array.from(term).length;
    if (length > data.maxTerm) {
      throw new Error("the search term is " + length + " characters long; gradkg searches for at most " + data.maxTerm);
    }
    return term;
  }

  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function compare(a, b) { return cmp(a[0], b[0]) || cmp(a[1], b[1]) || cmp(a[2], b[2]); }

  function search(term) {
    var key = bare(term);
    var typed = isLatin(term) ? typedKeys(term) : [];
    var queries = [{ queries: [key], fields: ["grams"], combineWith: "AND", tokenize: grams }];
    if (typed.length) queries.push({ queries: typed, fields: ["pinyin"], combineWith: "OR", tokenize: function (t) { return [t]; } });
    var candidates = index.search({ queries: queries, combineWith: "OR" });
    var found = [];
    candidates.forEach(function (c) {
      var doc = data.docs[c.id], best = null;
      doc.names.forEach(function (n) {
        var pinyin = n[2] !== null && typed.indexOf(n[2]) >= 0;
        if (n[1].indexOf(key) < 0 && !pinyin) return;
        var rank = [n[1] === key || pinyin ? 0 : 1, Array.from(n[0]).length, n[0]];
        if (!best || compare(rank, best) < 0) best = rank;
      });
      if (best) found.push({ doc: doc, rank: best });
    });
    found.sort(function (a, b) {
      return compare(a.rank, b.rank) || cmp(a.doc.iri, b.doc.iri);
    });
    return found.slice(0, data.limit).map(function (f) { return { doc: f.doc, matched: f.rank[2] }; });
  }

  function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }

  function show(term, lang) {
    var error = document.getElementById("search-error"), count = document.getElementById("search-count");
    var table = document.getElementById("search-hits"), body = table.tBodies[0];
    body.textContent = "";
    error.hidden = true; count.hidden = true; table.hidden = true;
    var hits;
    try { hits = search(check(term)); } catch (e) { error.textContent = e.message; error.hidden = false; return []; }
    hits.forEach(function (h) {
      var row = document.createElement("tr"), name = cell(row, ""), label = h.doc.labels[lang] || h.doc.iri;
      var href = h.doc.href[lang];
      if (href) { var a = document.createElement("a"); a.href = href; a.textContent = label; name.appendChild(a); }
      else name.textContent = label;
      if (h.matched !== label) {
        var span = document.createElement("span"); span.className = "lang"; span.textContent = " " + h.matched; name.appendChild(span);
      }
      cell(row, h.doc.types.join(", ")); cell(row, h.doc.programmes.join(" "));
      cell(row, h.doc.editions.join(" ")).className = "editions";
      body.appendChild(row);
    });
    count.textContent = hits.length + " " + (lang === "zh" ? "个结果" : "results");
    count.hidden = false; table.hidden = false;
    return hits;
  }

  var lang = document.documentElement.lang === "en" ? "en" : "zh";
  var box = document.getElementById("search-q");
  var term = new URLSearchParams(window.location.search).get("q");
  window.gradkgSiteSearch = { search: search, ready: true, shown: null };
  if (term !== null) {
    box.value = term;
    window.gradkgSiteSearch.shown = show(term, lang).map(function (h) { return h.doc.iri; });
  }
})();
