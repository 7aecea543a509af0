// gloss search: a small vanilla-JS client for the sharded static index written at build time.
// It fetches only the term shards a query needs (search/terms/<2 letters>.json) and the
// document shards of the hits (search/docs/<n>.json). Without JavaScript the page links to
// the archive and entity pages instead.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root") || "";
  var ix = script.getAttribute("data-ix") || "";
  var stop = ("the and of to in a is it that for on as was with be by at an are this from or " +
    "have has had not but its they their").split(" ");
  var cache = {};
  function fetchJson(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return cache[path];
  }
  function terms(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^a-z0-9]+/).filter(function (w) { return w.length >= 2 && stop.indexOf(w) < 0; });
  }
  function idsFor(term) {
    return fetchJson("search/terms/" + term.slice(0, 2) + ".json").then(function (shard) {
      var ids = new Set();
      if (!shard) return ids;
      Object.keys(shard).forEach(function (t) {
        if (t.indexOf(term) === 0) shard[t].forEach(function (id) { ids.add(id); });
      });
      return ids;
    });
  }
  function render(list, docs) {
    var out = document.getElementById("results");
    out.textContent = "";
    if (!docs.length) {
      var li = document.createElement("li");
      li.textContent = list.length ? "Loading…" : "No briefing matches.";
      out.appendChild(li);
      return;
    }
    docs.forEach(function (d) {
      var li = document.createElement("li");
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = root + d.p;
      a.textContent = d.t;
      h.appendChild(a);
      li.appendChild(h);
      if (d.d) {
        var p = document.createElement("p");
        p.className = "meta";
        p.textContent = d.d;
        li.appendChild(p);
      }
      out.appendChild(li);
    });
  }
  function search(query) {
    var words = terms(query);
    if (!words.length) { render([], []); return; }
    Promise.all(words.map(idsFor)).then(function (sets) {
      var hits = Array.from(sets[0]).filter(function (id) {
        return sets.every(function (s) { return s.has(id); });
      }).sort(function (a, b) { return a - b; }).slice(0, 50);
      return fetchJson("search/meta.json").then(function (meta) {
        var per = (meta && meta.docs_per_shard) || 500;
        return Promise.all(hits.map(function (id) {
          return fetchJson("search/docs/" + Math.floor(id / per) + ".json").then(function (docs) {
            return docs ? docs[id % per] : null;
          });
        }));
      });
    }).then(function (docs) { render([], docs.filter(Boolean)); });
  }
  var input = document.getElementById("q");
  var form = input.form;
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    search(input.value);
  });
  input.addEventListener("input", function () { search(input.value); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; search(q); }
  void ix;
})();
