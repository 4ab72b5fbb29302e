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

  /* A table {geometry, fields, values, rows}: each row is [coordinates, i0, i1, ...] where ik
   * indexes values[k] (the distinct values of fields[k]; -1 is a missing value). */
  corridor.features = function (table) {
    var features = new Array(table.rows.length);
    for (var r = 0; r < table.rows.length; r++) {
      var row = table.rows[r], props = {};
      for (var k = 0; k < table.fields.length; k++) {
        var i = row[k + 1];
        props[table.fields[k]] = i < 0 ? null : table.values[k][i];
      }
      features[r] = {
        type: "Feature",
        geometry: { type: table.geometry, coordinates: row[0] },
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

  function pointLayer(spec) {
    return function (feature, latlng) {
      if (spec.kind === "sites") {
        return L.marker(latlng, {
          icon: L.divIcon({
            className: "corridor-site corridor-kind-" + safeClass(feature.properties.kind),
            iconSize: [18, 18],
            iconAnchor: [9, 9],
          }),
          keyboard: false,
        });
      }
      return L.circleMarker(latlng, style(spec, feature.properties));
    };
  }

  /* One GeoJSON layer for a whole table; popups and tooltips are built when asked for. */
  corridor.layer = function (spec) {
    var geo = L.geoJSON(corridor.features(spec.table), {
      attribution: spec.kind === "sites" ? "Icons: Font Awesome Free (CC BY 4.0)" : null,
      pointToLayer: pointLayer(spec),
      style: function (feature) { return style(spec, feature.properties); },
    });
    var layer = geo;
    if (spec.cluster && L.markerClusterGroup) {
      layer = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 40, spiderfyOnMaxZoom: false });
      layer.addLayer(geo);
    }
    layer.on("click", function (e) {
      var target = e.propagatedFrom || e.layer;
      if (!target || !target.feature) return;
      L.popup({ maxWidth: 360 })
        .setLatLng(e.latlng)
        .setContent(corridor.popup(spec.popup, target.feature.properties))
        .openOn(target._map || layer._map);
    });
    layer.on("mouseover", function (e) {
      var target = e.propagatedFrom || e.layer;
      if (!target || !target.feature || target.getTooltip()) return;
      target.bindTooltip(el("span", null, target.feature.properties[spec.tooltip]), { sticky: spec.kind === "routes" });
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
      spec.items.forEach(function (item) {
        var li = el("li");
        if (item.url && /^https?:\/\//.test(item.url)) {
          var a = el("a", null, item.label);
          a.href = item.url;
          a.rel = "noopener noreferrer";
          a.target = "_blank";
          li.appendChild(a);
        } else {
          li.textContent = item.label;
        }
        list.appendChild(li);
      });
      box.appendChild(list);
      if (spec.note) box.appendChild(el("div", "corridor-sub", spec.note));
    }).addTo(map);
  };
})();
