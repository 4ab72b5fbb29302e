/* corridor map runtime: builds map layers and controls from JSON tables written by corridor.maps.
 * Text from data is only ever inserted with textContent, never parsed as HTML. */
(function () {
  "use strict";
  var corridor = (window.corridor = window.corridor || {});

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeClass(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[^a-z0-9_-]/gi, "");
  }

  /* A table {geometry, count, coordinates, fields, values, codes}: codes[k][r] indexes values[k]
   * (the distinct values of fields[k]; -1 is a missing value) for row r; Point coordinates are
   * flat [lon0, lat0, lon1, lat1, ...]. */
  corridor.features = function (table) {
    var n = table.count, features = new Array(n), flat = table.geometry === "Point";
    for (var r = 0; r < n; r++) {
      var props = {};
      for (var k = 0; k < table.fields.length; k++) {
        var i = table.codes[k][r];
        props[table.fields[k]] = i < 0 ? null : table.values[k][i];
      }
      features[r] = {
        type: "Feature",
        geometry: {
          type: table.geometry,
          coordinates: flat ? [table.coordinates[2 * r], table.coordinates[2 * r + 1]] : table.coordinates[r],
        },
        properties: props,
      };
    }
    return { type: "FeatureCollection", features: features };
  };

  /* Popup content: a bold title and a table of label/value rows, empty values left out. */
  corridor.popup = function (spec, props) {
    var box = el("div", "corridor-popup");
    box.appendChild(el("b", null, props[spec.title]));
    if (spec.subtitle && props[spec.subtitle]) box.appendChild(el("div", "corridor-sub", props[spec.subtitle]));
    var table = el("table");
    spec.rows.forEach(function (pair) {
      var value = props[pair[1]];
      if (value === null || value === undefined || value === "") return;
      var tr = el("tr");
      tr.appendChild(el("th", null, pair[0]));
      tr.appendChild(el("td", null, value));
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  };

  function style(spec, props) {
    var s = spec.style, out;
    if (spec.kind === "routes") {
      var mode = s.modes[props.mode] || s.other;
      return { color: mode.color, dashArray: mode.dashArray, weight: s.weight, opacity: 0.9 };
    }
    out = {
      color: s.colors[props.confidence] || s.other,
      weight: s.outlines ? 2 : 1,
      radius: s.radius[props.time_precision] || s.radius_other,
      fillOpacity: props.year !== null && +props.year >= s.recent_from ? s.recent_opacity : s.older_opacity,
    };
    out.fillColor = out.color;
    if (s.outlines) { out.color = "#222"; out.dashArray = s.outlines[props.confidence] || null; } // confidence by outline too
    return out;
  }

  function siteMarker(feature, latlng) {
    return L.marker(latlng, {
      icon: L.divIcon({
        className: "corridor-site corridor-kind-" + safeClass(feature.properties.kind),
        iconSize: [18, 18],
        iconAnchor: [9, 9],
      }),
      keyboard: false,
    });
  }

  /* Site names as permanent labels beside their icons. Labels are kept in table order (the page
   * puts the most important sites first) and one that would overlap a label already kept, or run
   * off the map, is hidden; this is redone after every zoom or pan, so labels stay legible. */
  function labelSites(geo, field) {
    geo.eachLayer(function (marker) {
      var name = marker.feature.properties[field];
      if (name === null || name === undefined || name === "") return;
      marker.bindTooltip(el("span", null, name), {
        permanent: true, direction: "right", offset: [9, 0], className: "corridor-label",
        interactive: false,
      });
    });
    geo.on("add", function () {
      var map = geo._map;
      var run = function () { corridor.declutter(map); };
      map.on("zoomend moveend resize", run);
      map.whenReady(run);
    });
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  /* Hide labels that would overlap an earlier one or leave the map; return how many show. */
  corridor.declutter = function (map) {
    var frame = map.getContainer().getBoundingClientRect(), kept = [], boxes = [];
    var controls = map.getContainer().querySelectorAll(".leaflet-control");
    for (var c = 0; c < controls.length; c++) boxes.push(controls[c].getBoundingClientRect());
    var labels = map.getContainer().querySelectorAll(".corridor-label");
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      label.style.visibility = "";
      var box = label.getBoundingClientRect();
      var inside = box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom;
      var clear = function (k) { return !overlaps(k, box); };
      var free = inside && kept.every(clear) && boxes.every(clear);
      if (free) kept.push(box);
      else label.style.visibility = "hidden";
    }
    return kept.length;
  };

  /* Tooltip text: a field, or [field, separator, field, ...] with missing fields left empty. */
  function tooltip(spec, props) {
    if (!Array.isArray(spec)) return props[spec];
    return spec.map(function (part, i) {
      var value = i % 2 ? part : props[part];
      return value === null || value === undefined ? "" : String(value);
    }).join("");
  }

  /* Row r of a table as a GeoJSON-like feature whose properties are decoded when first read
   * (a page of 100,000 sightings decodes only the ones clicked, hovered or filtered). */
  function Row(table, r) {
    this.table = table;
    this.r = r;
    this._props = null;
  }
  Row.prototype.type = "Feature";
  Object.defineProperty(Row.prototype, "properties", {
    get: function () {
      if (this._props === null) {
        var t = this.table, props = {};
        for (var k = 0; k < t.fields.length; k++) props[t.fields[k]] = cell(t, k, this.r);
        this._props = props;
      }
      return this._props;
    },
  });

  function cell(table, k, r) {
    if (k < 0) return null;
    var i = table.codes[k][r];
    return i < 0 ? null : table.values[k][i];
  }

  /* A marker (sites) or circle (sightings) per row of a Point table; circles of the same
   * confidence, precision and year share one style object. */
  function pointLayers(spec) {
    var t = spec.table, out = new Array(t.count), styles = {};
    var ic = t.fields.indexOf("confidence"), ip = t.fields.indexOf("time_precision"), iy = t.fields.indexOf("year");
    for (var r = 0; r < t.count; r++) {
      var feature = new Row(t, r), layer;
      var latlng = L.latLng(t.coordinates[2 * r + 1], t.coordinates[2 * r]);
      if (spec.kind === "sites") {
        layer = siteMarker(feature, latlng);
      } else {
        var c = cell(t, ic, r), p = cell(t, ip, r), y = cell(t, iy, r), key = c + "|" + p + "|" + y;
        var st = styles[key] || (styles[key] = style(spec, { confidence: c, time_precision: p, year: y }));
        layer = L.circleMarker(latlng, st);
      }
      layer.feature = feature;
      out[r] = layer;
    }
    return out;
  }

  /* One layer for a whole table; popups and tooltips are built when asked for. */
  corridor.layer = function (spec) {
    var attribution = spec.kind === "sites" ? "Icons: Font Awesome Free (CC BY 4.0)" : null;
    var geo, all;
    if (spec.table.geometry === "Point") {
      all = pointLayers(spec);
      geo = L.featureGroup(all, { attribution: attribution });
    } else {
      geo = L.geoJSON(corridor.features(spec.table), {
        attribution: attribution,
        style: function (feature) { return style(spec, feature.properties); },
      });
      all = geo.getLayers();
    }
    var layer = geo;
    if (spec.cluster && L.markerClusterGroup) {
      layer = L.markerClusterGroup({
        chunkedLoading: false, maxClusterRadius: 40,
        disableClusteringAtZoom: 11,
        spiderfyOnMaxZoom: false,
      });
      // Clustered once on the map: before, MarkerCluster checks each new marker against every
      // pending one (quadratic in the number of markers).
      layer.once("add", function () { layer.addLayers(layer.corridorShown); });
    }
    layer.corridorShown = all;
    layer.corridorFeatures = all;
    layer.on("click", function (e) {
      var target = e.propagatedFrom || e.layer;
      if (!target || !target.feature) return;
      L.popup({ maxWidth: 360 })
        .setLatLng(e.latlng)
        .setContent(corridor.popup(spec.popup, target.feature.properties))
        .openOn(target._map || layer._map);
    });
    if (spec.label) labelSites(geo, spec.label);
    layer.on("mouseover", function (e) {
      var target = e.propagatedFrom || e.layer;
      if (!target || !target.feature || target.getTooltip()) return;
      target.bindTooltip(el("span", null, tooltip(spec.tooltip, target.feature.properties)), { sticky: spec.kind === "routes" });
      target.openTooltip(e.latlng);
    });
    (corridor.layers = corridor.layers || []).push({ spec: spec, layer: layer }); // for a11y.js tables
    return layer;
  };

  function control(position, className, build) {
    var Box = L.Control.extend({
      onAdd: function () {
        var box = el("div", "leaflet-control corridor-box " + className);
        build(box);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      },
    });
    return new Box({ position: position });
  }

  corridor.title = function (map, spec) {
    return control("topleft", "corridor-title", function (box) {
      box.appendChild(el("div", "corridor-title-main", spec.title));
      if (spec.subtitle) box.appendChild(el("div", "corridor-sub", spec.subtitle));
    }).addTo(map);
  };

  function swatch(item) {
    var s = el("span", "corridor-swatch");
    if (item.site) {
      s.className += " corridor-site corridor-kind-" + safeClass(item.site);
    } else if (item.line) {
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg"), line = document.createElementNS(svg.namespaceURI, "line");
      svg.setAttribute("width", "24"); svg.setAttribute("height", "6"); svg.setAttribute("aria-hidden", "true");
      [["x1", 0], ["y1", 3], ["x2", 24], ["y2", 3], ["stroke", item.line], ["stroke-width", 3]].forEach(function (a) { line.setAttribute(a[0], a[1]); });
      if (item.dash) line.setAttribute("stroke-dasharray", item.dash); // the map's own dash pattern
      svg.appendChild(line);
      s.appendChild(svg);
      s.style.width = "24px";
      s.style.height = "6px";
    } else {
      s.className += " corridor-swatch-circle";
      s.style.backgroundColor = item.color || "transparent";
      s.style.borderColor = item.border || item.color || "#555";
      if (item.border_style) { s.style.borderStyle = item.border_style; s.style.borderWidth = "2px"; }
      s.style.opacity = item.opacity === undefined ? 1 : item.opacity;
      var size = item.radius || 12; // half scale, to keep the legend small
      s.style.width = s.style.height = size + "px";
    }
    return s;
  }

  corridor.legend = function (map, sections) {
    return control("bottomright", "corridor-legend", function (box) {
      sections.forEach(function (section) {
        box.appendChild(el("div", "corridor-legend-title", section.title));
        section.items.forEach(function (item) {
          var row = el("div", "corridor-legend-row");
          row.appendChild(swatch(item));
          row.appendChild(el("span", null, item.label));
          box.appendChild(row);
        });
      });
    }).addTo(map);
  };

  corridor.sources = function (map, spec) {
    return control("bottomleft", "corridor-sources", function (box) {
      box.appendChild(el("div", "corridor-legend-title", spec.title));
      var list = el("ol");
      list.tabIndex = 0;  // a long list scrolls: keyboard users reach it too
      list.setAttribute("aria-label", spec.title);
      spec.items.forEach(function (item) {
        var li = el("li");
        if (item.outlet) li.appendChild(el("span", "corridor-outlet", item.outlet + ": "));
        var title = item.title || item.label;
        if (item.url && /^https?:\/\//i.test(item.url)) {
          var a = el("a", null, title);
          a.href = item.url;
          a.rel = "noopener noreferrer";
          a.target = "_blank";
          li.appendChild(a);
        } else {
          li.appendChild(el("span", null, title));
        }
        if (item.date) li.appendChild(el("span", "corridor-sub", " (" + item.date + ")"));
        list.appendChild(li);
      });
      box.appendChild(list);
      if (spec.note) box.appendChild(el("div", "corridor-sub", spec.note));
    }).addTo(map);
  };

  /* Show only the features of `layer` for which keep(properties) is true. */
  corridor.filter = function (layer, keep) {
    var shown = layer.corridorFeatures.filter(function (f) { return keep(f.feature.properties); });
    layer.corridorShown = shown;
    if (layer.addLayers && !layer._map) return shown.length; // a cluster adds them when shown
    layer.clearLayers();
    if (layer.addLayers) layer.addLayers(shown);
    else shown.forEach(function (f) { layer.addLayer(f); });
    return shown.length;
  };

  var SVG = "http://www.w3.org/2000/svg";

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  /* The timeline: a histogram of the sightings by week, a range of weeks chosen with two sliders
   * and filters by site, asset and confidence. The map shows the sightings that pass; the box says
   * how many (data-count) out of all (data-total). */
  corridor.timeline = function (map, layer, spec) {
    var weeks = spec.weeks, n = weeks.length, all = layer.corridorFeatures;
    var state = { from: 0, to: n - 1, filters: {} };
    var bars = [], count, range;
    var box;
    function passes(props) {
      for (var k in state.filters) {
        if (state.filters[k] !== "" && String(props[spec.filters[k]]) !== state.filters[k]) return false;
      }
      return true;
    }
    function apply() {
      var heights = new Array(n).fill(0);
      all.forEach(function (f) {
        if (passes(f.feature.properties)) heights[+f.feature.properties[spec.week]] += 1;
      });
      var top = Math.max.apply(null, heights.concat([1]));
      bars.forEach(function (bar, i) {
        var h = (heights[i] / top) * 50;
        bar.setAttribute("y", String(52 - h));
        bar.setAttribute("height", String(h));
        bar.setAttribute("fill", i >= state.from && i <= state.to ? "#b2182b" : "#ccc");
      });
      var shown = corridor.filter(layer, function (p) {
        var w = +p[spec.week];
        return w >= state.from && w <= state.to && passes(p);
      });
      count.textContent = shown + " of " + all.length + " sightings";
      box.setAttribute("data-count", String(shown));
      range.textContent = weeks[state.from] + " – " + weeks[state.to] + " (weeks from Monday)";
    }
    function slider(cls, value) {
      var input = el("input", cls);
      input.type = "range";
      input.min = "0";
      input.max = String(n - 1);
      input.value = String(value);
      input.setAttribute("aria-label", cls === "corridor-from" ? "First week shown" : "Last week shown");
      input.addEventListener("input", function () {
        var a = +box.querySelector(".corridor-from").value, b = +box.querySelector(".corridor-to").value;
        state.from = Math.min(a, b);
        state.to = Math.max(a, b);
        apply();
      });
      return input;
    }
    function select(name) {
      var input = el("select", "corridor-filter");
      input.setAttribute("data-filter", name);
      input.setAttribute("aria-label", "Show sightings of " + name);
      input.appendChild(el("option", null, "every " + name)).value = "";
      var seen = {};
      all.forEach(function (f) { var v = f.feature.properties[spec.filters[name]]; if (v !== null && v !== undefined) seen[v] = true; });
      Object.keys(seen).sort().forEach(function (v) { input.appendChild(el("option", null, v)).value = v; });
      input.addEventListener("change", function () { state.filters[name] = input.value; apply(); });
      return input;
    }
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      box = el("div", "leaflet-control corridor-box corridor-timeline");
      box.setAttribute("data-total", String(all.length));
      var chart = svg("svg", { width: "320", height: "54", viewBox: "0 0 320 54", class: "corridor-histogram" });
      var w = 320 / Math.max(n, 1);
      for (var i = 0; i < n; i++) {
        var bar = svg("rect", { x: String(i * w), width: String(Math.max(w - 0.5, 0.5)), y: "52", height: "0" });
        bar.appendChild(svg("title", {})).textContent = "week of " + weeks[i];
        chart.appendChild(bar);
        bars.push(bar);
      }
      box.appendChild(chart);
      box.appendChild(slider("corridor-from", 0));
      box.appendChild(slider("corridor-to", n - 1));
      range = box.appendChild(el("div", "corridor-sub"));
      var filters = box.appendChild(el("div"));
      Object.keys(spec.filters).forEach(function (name) { filters.appendChild(select(name)); });
      count = box.appendChild(el("div", "corridor-count"));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
    apply();
    return control;
  };
})();
