/* corridor page accessibility: collapsible panels, labels for controls, a skip link, and the
 * map's data as tables that follow the layers shown. Runs once the page has loaded; data text is
 * only ever inserted with textContent. */
(function () {
  "use strict";
  var corridor = (window.corridor = window.corridor || {});
  var NARROW = "(max-width: 600px)";
  var COLUMNS = {
    sites: { title: "Sites", key: "name", cols: [["Site", "name"], ["Kind", "kind"], ["Country", "country"],
      ["Codes", "codes"], ["Location", "location"], ["Source", "source"]] },
    sightings: { title: "Sightings", key: "place", cols: [["Place", "place"], ["Date", "when"],
      ["Asset", "asset"], ["Activity", "activity"], ["Confidence", "confidence"], ["Source", "source"]] },
    routes: { title: "Route legs", key: "label", cols: [["Leg", "label"], ["Mode", "mode"], ["Length", "length"]] },
  };
  var PANELS = [
    [".corridor-title", "Title"], [".leaflet-control-layers", "Layers"], [".corridor-sources", "Sources"],
    [".corridor-legend", "Legend"], [".corridor-anim", "Time"],
  ];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* Move the box's content into a panel that a button opens and closes (closed on narrow screens). */
  function collapsible(box, name, index) {
    if (box.getAttribute("data-panel")) return;
    var body = el("div", "corridor-panel-body");
    body.id = "corridor-panel-" + index;
    while (box.firstChild) body.appendChild(box.firstChild);
    var label = name;
    if (name === "Title") {
      var main = body.querySelector(".corridor-title-main");
      label = main ? main.textContent : name;
      var link = el("a", "corridor-data-link", "Data table of this map");
      link.href = "#corridor-data";
      if (document.querySelector(".corridor-table-block")) body.appendChild(link);
    }
    var button = el("button", "corridor-toggle", label);
    button.type = "button";
    button.setAttribute("aria-controls", body.id);
    if (name === "Title") {  // the button is the page's heading
      var heading = el("div", "corridor-title-heading");
      heading.setAttribute("role", "heading");
      heading.setAttribute("aria-level", "1");
      heading.appendChild(button);
      box.appendChild(heading);
    } else {
      box.appendChild(button);
    }
    box.appendChild(body);
    box.setAttribute("data-panel", name);
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", name === "Title" ? "Title" : name);
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      body.hidden = !open;
      box.classList.toggle("corridor-closed", !open);
    }
    set(!window.matchMedia(NARROW).matches);
    button.addEventListener("click", function () { set(body.hidden); });
    if (window.L) L.DomEvent.disableClickPropagation(box);
  }

  function labelControls() {
    document.querySelectorAll(".corridor-anim input[type=range]").forEach(function (slider) {
      slider.setAttribute("aria-label", "Time");
      var time = slider.parentNode.querySelector(".corridor-anim-time");
      var update = function () { if (time) slider.setAttribute("aria-valuetext", time.textContent.trim()); };
      update();
      slider.addEventListener("input", update);
    });
    document.querySelectorAll(".leaflet-control-layers").forEach(function (box) {
      var toggle = box.querySelector(".leaflet-control-layers-toggle");
      if (toggle) toggle.setAttribute("aria-label", "Layers");
    });
    document.querySelectorAll(".folium-map").forEach(function (node) {
      node.setAttribute("role", "region");
      node.setAttribute("aria-label", "Map: " + document.title + " (its data is in the table below the map)");
    });
    document.querySelectorAll(".leaflet-control-attribution a").forEach(function (a) {
      if (!a.textContent.trim()) a.setAttribute("aria-label", "Leaflet");
    });
  }

  /* One table per data layer: the rows the layer draws, hidden while the layer is off the map. */
  /* Rows listed in one data table: beyond this the table would cost more than the map. */
  var MAX_ROWS = 2000;

  function tableBlock(entry, index) {
    var spec = entry.spec, info = COLUMNS[spec.kind];
    if (!info) return null;
    var t = spec.table, fields = {};
    t.fields.forEach(function (f, k) { fields[f] = k; });
    var block = el("div", "corridor-table-block");
    var wrap = el("div", "corridor-table-wrap");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    var table = el("table", "corridor-table");
    var caption = el("caption");
    table.appendChild(caption);
    var head = el("tr");
    info.cols.forEach(function (c) {
      var th = el("th", null, c[0]);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    var listed = Math.min(t.count, MAX_ROWS);  // a table of a huge layer lists its first rows
    for (var r = 0; r < listed; r++) {
      var tr = el("tr");
      info.cols.forEach(function (c, k) {
        var i = fields[c[1]] === undefined ? -1 : t.codes[fields[c[1]]][r];
        var cell = el(k === 0 ? "th" : "td", null, i < 0 ? "" : t.values[fields[c[1]]][i]);
        if (k === 0) cell.scope = "row";
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    }
    wrap.setAttribute("aria-label", info.title + " table");
    wrap.appendChild(table);
    block.appendChild(wrap);
    function sync() {
      var shown = !!entry.layer._map;
      body.hidden = !shown;
      block.setAttribute("data-rows", shown ? t.count : 0);
      caption.textContent = shown
        ? info.title + ": " + t.count + " rows, as drawn on the map" +
          (listed < t.count ? " (the first " + listed + " listed here)" : "")
        : info.title + ": layer turned off in the Layers panel, no rows drawn";
    }
    entry.layer.on("add remove", function () { setTimeout(sync, 0); });
    sync();
    block.id = "corridor-table-" + index;
    return block;
  }

  function stamp(ms) { return new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC"; }

  /* A table of an animation's movements or sightings: the rows whose marker the map shows at the
   * slider's time, updated as the time changes. */
  function animationBlock(anim, what, index) {
    var items = anim[what], movers = what === "movers";
    var cols = movers ? ["Movement", "Mode", "Departs", "Arrives"] : ["Sighting", "From", "To"];
    var title = movers ? "Movements" : "Sightings";
    var block = el("div", "corridor-table-block"), wrap = el("div", "corridor-table-wrap");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", title + " table");
    var table = el("table", "corridor-table"), caption = el("caption"), head = el("tr");
    table.appendChild(caption);
    cols.forEach(function (c) { var th = el("th", null, c); th.scope = "col"; head.appendChild(th); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    var rows = items.map(function (m) {
      var tr = el("tr"), first = el("th", null, m.label);
      first.scope = "row";
      tr.appendChild(first);
      (movers ? [m.mode, stamp(m.t[0]), stamp(m.t[m.t.length - 1])] : [stamp(m.t0), stamp(m.t1)])
        .forEach(function (v) { tr.appendChild(el("td", null, v)); });
      body.appendChild(tr);
      return tr;
    });
    wrap.appendChild(table);
    block.appendChild(wrap);
    function sync() {
      var shown = 0;
      items.forEach(function (m, i) {
        var on = anim.map.hasLayer(m.marker);
        rows[i].hidden = !on;
        shown += on ? 1 : 0;
      });
      block.setAttribute("data-rows", shown);
      caption.textContent = title + " at " + (anim.box.getAttribute("data-time") || "") + ": " + shown +
        " of " + items.length + " rows, as drawn on the map (move the time slider to change)";
    }
    new MutationObserver(sync).observe(anim.box, { attributes: true, attributeFilter: ["data-time"] });
    sync();
    block.id = "corridor-table-" + index;
    return block;
  }

  function dataSection() {
    var entries = corridor.layers || [], anims = corridor.animations || [];
    if (!entries.length && !anims.length) return;
    var section = el("section", "corridor-data");
    section.id = "corridor-data";
    section.setAttribute("aria-labelledby", "corridor-data-title");
    var h = el("h2", null, "Data on this map");
    h.id = "corridor-data-title";
    section.appendChild(h);
    section.appendChild(el("p", null, "The rows below follow the layers shown on the map; the popup of a " +
      "map feature holds the same values with its source."));
    entries.forEach(function (entry, i) {
      var block = tableBlock(entry, i);
      if (block) section.appendChild(block);
    });
    anims.forEach(function (anim, i) {
      ["movers", "events"].forEach(function (what, k) {
        if (anim[what].length) section.appendChild(animationBlock(anim, what, entries.length + 2 * i + k));
      });
    });
    document.body.appendChild(section);
    var skip = el("a", "corridor-skip", "Skip to the data table");
    skip.href = "#corridor-data";
    document.body.insertBefore(skip, document.body.firstChild);
  }

  /* Copies of the legend and sources, shown only in print, beneath the map. */
  function printBoxes() {
    var out = el("div", "corridor-print");
    out.setAttribute("aria-hidden", "true");
    [".corridor-legend .corridor-panel-body", ".corridor-sources .corridor-panel-body"].forEach(function (sel) {
      var node = document.querySelector(sel);
      if (node) {
        var copy = node.cloneNode(true);
        copy.removeAttribute("id");
        copy.hidden = false;
        out.appendChild(copy);
      }
    });
    var map = document.querySelector(".folium-map");
    if (map && out.firstChild) map.parentNode.insertBefore(out, map.nextSibling);
  }

  /* On a narrow screen, fit the map to its data with little padding (the panels are closed). */
  function fitNarrow() {
    if (!window.matchMedia(NARROW).matches || !window.L) return;
    var bounds = L.latLngBounds([]), map = null;
    (corridor.layers || []).forEach(function (entry) {
      if (!entry.layer._map || !entry.layer.getBounds) return;
      map = entry.layer._map;
      var b = entry.layer.getBounds();
      if (b.isValid()) bounds.extend(b);
    });
    if (!map || !bounds.isValid()) return;
    map.invalidateSize(false);
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12, animate: false });
  }

  corridor.a11y = function () {
    if (corridor.a11yDone) return;
    corridor.a11yDone = true;
    dataSection();
    labelControls();
    var n = 0;
    PANELS.forEach(function (p) {
      document.querySelectorAll(p[0]).forEach(function (box) { collapsible(box, p[1], n++); });
    });
    printBoxes();
    setTimeout(fitNarrow, 0);  // after the page's own first view
  };
  window.addEventListener("load", corridor.a11y);
})();
