// The report's only script: search and filters over what is already on the page, and the
// network's highlighting. It fetches nothing and never turns data into HTML (text and classes only).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });

  // -- search and timeline filters --------------------------------------------------------
  var search = document.getElementById("search");
  var actorSel = document.getElementById("tl-actor");
  var propSel = document.getElementById("tl-prop");
  var items = Array.prototype.slice.call(document.querySelectorAll(".filterable"));
  var texts = items.map(function (el) { return el.textContent.toLowerCase(); });

  function timelineMatch(el) {
    var actor = actorSel ? actorSel.value : "";
    var prop = propSel ? propSel.value : "";
    if (actor && el.getAttribute("data-actor") !== actor) { return false; }
    if (!prop) { return true; }
    var props = el.getAttribute("data-props");
    if (prop === "-") { return props === ""; }
    return (" " + props + " ").indexOf(" " + prop + " ") !== -1;
  }

  function apply() {
    var needle = search.value.trim().toLowerCase();
    var shown = 0, statements = 0;
    items.forEach(function (el, i) {
      var ok = !needle || texts[i].indexOf(needle) !== -1;
      if (el.classList.contains("statement")) {
        ok = ok && timelineMatch(el);
        if (ok) { statements += 1; }
      }
      el.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll("#timeline-list .day").forEach(function (day) {
      day.hidden = day.querySelector(".statement:not([hidden])") === null;
    });
    document.getElementById("search-count").textContent = needle ? shown + " matching items" : "";
    var filtered = needle || (actorSel && actorSel.value) || (propSel && propSel.value);
    document.getElementById("tl-count").textContent = filtered ? statements + " statements shown" : "";
  }
  search.addEventListener("input", apply);
  [actorSel, propSel].forEach(function (sel) { if (sel) { sel.addEventListener("change", apply); } });
  document.querySelectorAll("form.controls").forEach(function (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  });

  // -- network: click or Enter on an actor highlights its neighbours ------------------------
  var svg = document.querySelector("svg.network");
  if (!svg) { return; }
  var info = document.getElementById("net-info");
  var edges = Array.prototype.slice.call(svg.querySelectorAll(".edge"));
  var nodes = Array.prototype.slice.call(svg.querySelectorAll(".node"));
  var focused = null;

  function names(ids) {
    return ids.map(function (id) { return data.labels[id] || id; }).sort().join(", ") || "nobody";
  }
  function clear() {
    focused = null;
    svg.classList.remove("dimmed");
    nodes.concat(edges).forEach(function (el) { el.classList.remove("near", "focus"); });
    info.textContent = "";
  }
  function focus(id) {
    if (focused === id) { clear(); return; }
    clear();
    focused = id;
    var adj = data.network[id] || {congruence: [], conflict: []};
    var near = {};
    near[id] = true;
    adj.congruence.concat(adj.conflict).forEach(function (n) { near[n] = true; });
    svg.classList.add("dimmed");
    nodes.forEach(function (el) {
      var nid = el.getAttribute("data-id");
      if (nid === id) { el.classList.add("focus"); } else if (near[nid]) { el.classList.add("near"); }
    });
    edges.forEach(function (el) {
      if (el.getAttribute("data-a") === id || el.getAttribute("data-b") === id) { el.classList.add("near"); }
    });
    info.textContent = (data.labels[id] || id) + " agrees with " + names(adj.congruence) +
      "; disagrees with " + names(adj.conflict) + ". ";
    var link = document.createElement("a");
    link.href = "#actor-" + encodeURIComponent(id);
    link.textContent = "Their statements";
    info.appendChild(link);
  }
  nodes.forEach(function (el) {
    el.addEventListener("click", function (event) { event.stopPropagation(); focus(el.getAttribute("data-id")); });
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); focus(el.getAttribute("data-id")); }
      if (event.key === "Escape") { clear(); }
    });
  });
  svg.addEventListener("click", clear);
  ["congruence", "conflict"].forEach(function (kind) {
    var box = document.getElementById("net-" + kind);
    if (box) {
      box.addEventListener("change", function () { svg.classList.toggle("hide-" + kind, !box.checked); });
    }
  });
})();
