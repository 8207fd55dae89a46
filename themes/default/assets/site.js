/* backlogsite: the site's own script. It starts the charts from the JSON
   options in <script type="application/json"> blocks, and makes tables
   sortable and the backlog filterable.

   Input text only ever reaches the page through textContent, DOM
   properties, or ECharts (which draws on a canvas and escapes its default
   tooltips): nothing here builds HTML from data, evaluates strings, or
   fetches anything. Conventions shared with the generator (charts.go):
   - a "color" or "backgroundColor" whose value starts with "--" names a
     CSS custom property;
   - the custom series with id "bs-timeline" is drawn by renderTimeline;
   - data-format="percent" on a chart container formats values as percents. */
(function () {
  "use strict";

  var root = document.documentElement;
  // The not-found page loads this script from two addresses, which are one
  // when it is at the site's root (see relinkNotFound): it runs once.
  if (root.hasAttribute("data-site-js")) {
    return;
  }
  root.setAttribute("data-site-js", "");
  var scriptSrc = document.currentScript ? document.currentScript.src : "";
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var charts = [];

  function cssVar(name) {
    return getComputedStyle(root).getPropertyValue(name).trim();
  }

  var tokenRe = /^--[a-z0-9-]+$/;

  // resolveColors replaces colour tokens with the theme's current values.
  // Only colour keys are touched, so input text that happens to start with
  // "--" (a series name, a label) is left as it is.
  function resolveColors(v, key) {
    if (typeof v === "string") {
      if ((key === "color" || key === "backgroundColor") && tokenRe.test(v)) {
        return cssVar(v) || v;
      }
      return v;
    }
    if (Array.isArray(v)) {
      return v.map(function (x) { return resolveColors(x, key); });
    }
    if (v && typeof v === "object") {
      var out = {};
      Object.keys(v).forEach(function (k) { out[k] = resolveColors(v[k], k); });
      return out;
    }
    return v;
  }

  function trimNumber(v) {
    if (typeof v !== "number" || !isFinite(v)) {
      return v;
    }
    var r = Math.round(v * 100) / 100;
    return r.toLocaleString("en", { maximumFractionDigits: 2 });
  }

  function valueFormatter(format) {
    return function (v) {
      if (Array.isArray(v)) {
        v = v[v.length - 1];
      }
      if (v === null || v === undefined || v === "-") {
        return "–";
      }
      var s = trimNumber(v);
      return format === "percent" ? s + "%" : s;
    };
  }

  var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // toDay reads a chart date: a number of milliseconds, or "YYYY-MM-DD",
  // which is a calendar day read in local time like ECharts reads it.
  function toDay(v) {
    if (typeof v === "string") {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      if (m) {
        return new Date(+m[1], +m[2] - 1, +m[3]);
      }
    }
    return new Date(v);
  }

  function formatDay(v, shiftDays) {
    var d = toDay(v);
    if (shiftDays) {
      d.setDate(d.getDate() + shiftDays);
    }
    return d.getDate() + " " + months[d.getMonth()] + " " + d.getFullYear();
  }

  function themeObject() {
    var text = cssVar("--chart-text");
    var axis = cssVar("--chart-axis");
    var grid = cssVar("--chart-grid");
    var axisStyle = {
      axisLine: { lineStyle: { color: axis } },
      axisTick: { lineStyle: { color: axis } },
      axisLabel: { color: text },
      splitLine: { lineStyle: { color: grid } },
      nameTextStyle: { color: text }
    };
    return {
      color: [cssVar("--c-remaining"), cssVar("--c-done"), cssVar("--c-scope"), cssVar("--c-warn"), cssVar("--c-late"), cssVar("--c-ideal")],
      backgroundColor: "transparent",
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily, color: text },
      legend: { textStyle: { color: text }, pageTextStyle: { color: text } },
      tooltip: {
        backgroundColor: cssVar("--chart-tooltip"),
        borderColor: axis,
        textStyle: { color: cssVar("--text") }
      },
      categoryAxis: axisStyle,
      valueAxis: axisStyle,
      timeAxis: axisStyle,
      markLine: { label: { color: text } }
    };
  }

  // renderTimeline draws one roadmap bar: value = [lane, start, end, label, state].
  function timelineRenderer(items) {
    var fills = {
      release: "--c-scope", done: "--c-done", late: "--c-late",
      closed: "--c-done", active: "--c-remaining", planned: "--c-ideal"
    };
    var measure = textMeasurer();
    var font = "600 12px " + getComputedStyle(document.body).fontFamily;
    return function (params, api) {
      var item = items[params.dataIndex];
      if (!item || !item.value) {
        return null;
      }
      var lane = api.value(0);
      var start = api.coord([api.value(1), lane]);
      var end = api.coord([api.value(2), lane]);
      var h = api.size([0, 1])[1] * 0.56;
      var cs = params.coordSys;
      var rect = echarts.graphic.clipRectByRect(
        { x: start[0], y: start[1] - h / 2, width: Math.max(end[0] - start[0], 2), height: h },
        { x: cs.x, y: cs.y, width: cs.width, height: cs.height });
      if (!rect) {
        return null;
      }
      var state = String(item.value[4]);
      var label = String(item.value[3]);
      var children = [
        { type: "rect", shape: { x: rect.x, y: rect.y, width: rect.width, height: rect.height, r: 4 },
          style: { fill: cssVar(fills[state] || "--c-remaining"), opacity: state === "planned" ? 0.55 : 0.9 } }
      ];
      // A word cut to "pl…" tells the reader nothing: a bar too short
      // for its word shows none (the tooltip and the data table name it).
      if (measure(label, font).width <= rect.width - 10) {
        children.push({ type: "text", silent: true,
          style: { text: label, x: rect.x + 6, y: rect.y + rect.height / 2, verticalAlign: "middle",
            fill: "#fff", fontSize: 12, fontWeight: 600, font: font } });
      }
      return { type: "group", children: children };
    };
  }

  function prepare(option, el) {
    option = resolveColors(option, "");
    var format = el.getAttribute("data-format") || "";
    var timeAxis = false;
    (option.xAxis || []).forEach(function (ax) {
      if (ax.type === "time") {
        timeAxis = true;
        ax.axisLabel = ax.axisLabel || {};
        ax.axisLabel.formatter = "{d} {MMM}";
        ax.axisPointer = { label: { formatter: function (p) { return formatDay(p.value); } } };
      }
    });
    if (option.tooltip) {
      option.tooltip.valueFormatter = valueFormatter(format);
      option.tooltip.confine = true;
      // Tooltips are drawn on the canvas, not as HTML: the page's CSP
      // forbids inline styles (which HTML tooltips need), and text drawn on
      // a canvas can never become markup.
      option.tooltip.renderMode = "richText";
    }
    (option.series || []).forEach(function (s) {
      if (s.type === "custom" && s.id === "bs-timeline") {
        s.renderItem = timelineRenderer(s.data || []);
        s.tooltip = { formatter: function (p) {
          var v = p.value || [];
          // The bar's word ("plan", "late", a sprint's number) is short to
          // fit a phone; the tooltip names the release or sprint in full.
          var name = String(p.name || v[3]);
          var word = String(v[3]);
          var title = name.indexOf(word) >= 0 ? name : name + " · " + word;
          // Plain text: tooltips are rich text on the canvas (see prepare).
          return title + ": " + formatDay(v[1]) + " → " + formatDay(v[2], -1);
        } };
      }
    });
    if (timeAxis && option.tooltip && option.tooltip.trigger === "axis") {
      option.tooltip.axisPointer = { type: "line" };
    }
    return prepareExtras(option, format);
  }

  // ---- charts: ECharts is loaded, and each chart started, only when the
  // chart comes near the viewport (or a print starts), so a page costs no
  // chart script until a chart is seen. Each chart's box has its size from
  // the stylesheet, so starting one shifts nothing.

  var echartsState = "idle"; // "loading", "ready" or "failed"
  var echartsWaiting = [];
  var themeRegistered = false;
  var printing = false;
  // The width of A4 less the stylesheet's @page side margins (12 mm each),
  // in CSS pixels: on paper a chart spans the page, as its tables do (a
  // narrower paper scales it down: .chart canvas has max-width: 100%).
  var PRINT_WIDTH = 700;

  // textMeasurer makes ECharts' measure of text: its default, but for one
  // string. For every font it meets, ECharts measures "\u56fd" (a CJK
  // ideograph) to estimate the width of wide characters, and in a
  // browser that has not drawn CJK text yet that one measurement searches
  // the system for a fallback font: tens of milliseconds in the first
  // chart's start, more on a phone. An ideograph is one em wide, so its
  // width is the font's size.
  function textMeasurer() {
    var ctx = null;
    var current = "";
    var sizeRe = /(\d+(?:\.\d+)?)px/;
    return function (text, font) {
      font = font || "12px sans-serif";
      if (text === "\u56fd") {
        var m = sizeRe.exec(font);
        if (m) {
          return { width: parseFloat(m[1]) };
        }
      }
      if (!ctx) {
        ctx = document.createElement("canvas").getContext("2d");
      }
      if (current !== font) {
        ctx.font = current = font;
      }
      return ctx.measureText(text);
    };
  }

  function echartsLoaded() {
    echartsState = "ready";
    if (echarts.setPlatformAPI) {
      echarts.setPlatformAPI({ measureText: textMeasurer() });
    }
  }

  function loadECharts(then) {
    if (typeof echarts !== "undefined" && echartsState !== "ready") {
      echartsLoaded();
    }
    if (echartsState === "ready") {
      then();
      return;
    }
    if (echartsState === "failed") {
      return;
    }
    echartsWaiting.push(then);
    if (echartsState === "loading") {
      return;
    }
    echartsState = "loading";
    var s = document.createElement("script");
    s.src = (document.body.getAttribute("data-root") || "") + "assets/echarts.min.js";
    s.async = true;
    s.addEventListener("load", function () {
      if (typeof echarts === "undefined") {
        echartsState = "failed";
      } else {
        echartsLoaded();
      }
      var list = echartsWaiting;
      echartsWaiting = [];
      if (echartsState === "ready") {
        // The library's own start-up was one task; charts start in the
        // next ones.
        setTimeout(function () { list.forEach(function (f) { f(); }); }, 0);
      }
    });
    s.addEventListener("error", function () { echartsState = "failed"; });
    document.head.appendChild(s);
  }

  // narrowLegend lets a legend wrap onto as many lines as it needs on a
  // narrow chart, instead of paging with cut names, and moves the plot
  // down to make room.
  function fitLegend(option, el) {
    var legend = option.legend;
    var series = option.series || [];
    if (!legend || legend.show === false) {
      return;
    }
    var width = el.clientWidth || 320;
    var names = [];
    series.forEach(function (s) {
      if (s.name && names.indexOf(String(s.name)) < 0) {
        names.push(String(s.name));
      }
    });
    var line = 0, lines = 1;
    names.forEach(function (n) {
      var w = 34 + n.length * 7;
      if (line > 0 && line + w > width) {
        lines++;
        line = 0;
      }
      line += w;
    });
    legend.type = "plain";
    legend.left = 0;
    legend.right = 0;
    legend.itemGap = 12;
    if (option.grid && lines > 1) {
      var top = parseFloat(option.grid.top) || 36;
      option.grid.top = String(top + (lines - 1) * 22);
    }
  }

  // startChart starts a chart: at once when then is not given (print);
  // otherwise the library's set-up of the chart in this task and the rest
  // in the next ones (see drawInSteps), then calls then. Each is one long
  // task less on a phone: only the part of a task beyond 50 ms blocks
  // input.
  function startChart(el, then) {
    var done = then || function () {};
    if (el.getAttribute("data-started")) {
      done();
      return;
    }
    var src = document.getElementById(el.getAttribute("data-chart"));
    if (!src) {
      done();
      return;
    }
    var option;
    try {
      option = JSON.parse(src.textContent);
    } catch (e) {
      done();
      return;
    }
    if (!themeRegistered) {
      echarts.registerTheme("backlogsite", themeObject());
      themeRegistered = true;
    }
    el.setAttribute("data-started", "1");
    var old = echarts.getInstanceByDom(el);
    if (old) {
      old.dispose();
    }
    option = prepare(option, el);
    // The chart is described by its own label (role="img" on the
    // container), its caption and its data table: ECharts' generated aria
    // text, which would replace that label, stays off.
    option.aria = { enabled: false };
    // No animation: a chart is read, not watched, and each animation
    // frame would cost a phone a long task (prefers-reduced-motion is
    // honoured by the same token).
    option.animation = false;
    fitLegend(option, el);
    var chart = echarts.init(el, "backlogsite", { renderer: "canvas" });
    followLinks(chart);
    charts.push(chart);
    function drawAtOnce() {
      chart.setOption(option);
      if (printing) {
        printSize(chart);
      }
    }
    if (!then) {
      drawAtOnce();
      return;
    }
    setTimeout(function () {
      // Restarted (a colour scheme change) before it was drawn.
      if (chart.isDisposed()) {
        done();
      } else if (printing) {
        drawAtOnce();
        done();
      } else {
        drawInSteps(chart, option, done);
      }
    }, 0);
  }

  // drawInSteps gives a chart to ECharts in two tasks and a frame: the
  // option merged into the chart's model; then its layout and rendering;
  // then the paint, in the renderer's next animation frame. On a slow
  // phone the first chart of a page, with the library's code still cold,
  // costs a quarter of a second; in one task that would block input.
  // setOption's lazyUpdate leaves the layout to the renderer's next frame,
  // whose loop stays paused until the second task has run it (the
  // renderer's "frame" event is what runs ECharts' pending update), so
  // that the layout and the paint never share a frame.
  function drawInSteps(chart, option, then) {
    var loop = chart.getZr().animation;
    loop.pause();
    chart.setOption(option, { lazyUpdate: true });
    setTimeout(function () {
      if (!chart.isDisposed()) {
        withPaintInNextFrame(chart, function () { loop.trigger("frame"); });
      }
      loop.resume();
      then();
    }, 0);
  }

  // withPaintInNextFrame runs f (which lays the chart out) with the chart's
  // painting left to the next animation frame, a task of its own: ECharts
  // would otherwise lay the chart out and paint it in one task, on a phone
  // long enough to block input. ECharts paints synchronously by calling its
  // renderer's flush; the renderer's own frame loop paints what is pending.
  function withPaintInNextFrame(chart, f) {
    var zr = chart.getZr();
    zr.flush = function () {};
    try {
      f();
    } finally {
      delete zr.flush;
    }
  }

  // Charts waiting to start, in page order; one starts per task so that no
  // single task blocks the page for long.
  var queue = [];
  var pumping = false;
  function pump() {
    // The observer reports every chart once when it starts watching, most
    // of them out of view: with nothing to start, the library stays unloaded.
    if (pumping || !queue.length) {
      return;
    }
    pumping = true;
    loadECharts(function step() {
      var el = queue.shift();
      if (!el) {
        pumping = false;
        return;
      }
      startChart(el, function () { setTimeout(step, 0); });
    });
  }

  function enqueue(el) {
    if (!el.getAttribute("data-started") && queue.indexOf(el) < 0) {
      queue.push(el);
    }
  }

  // afterFirstPaint calls f once the page's own text has been painted.
  // Charts are an addition to a page that reads without them: the library's
  // download and start-up come after the reader sees the text, never
  // before it (on a slow phone they would hold the first paint back).
  function afterFirstPaint(f) {
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (!types || types.indexOf("paint") < 0) {
      requestAnimationFrame(function () { setTimeout(f, 0); });
      return;
    }
    if (performance.getEntriesByName("first-contentful-paint").length) {
      f();
      return;
    }
    var seen = new PerformanceObserver(function (list) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        seen.disconnect();
        setTimeout(f, 0);
      }
    });
    seen.observe({ type: "paint", buffered: true });
  }

  var observer = null;
  function watchCharts() {
    var els = document.querySelectorAll(".chart[data-chart]");
    if (!els.length) {
      return;
    }
    if (!("IntersectionObserver" in window)) {
      els.forEach(enqueue);
      pump();
      return;
    }
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) {
          observer.unobserve(e.target);
          enqueue(e.target);
        }
      });
      pump();
    }, { rootMargin: "0px 0px 120px 0px" });
    els.forEach(function (el) { observer.observe(el); });
  }

  // startAllNow starts every chart at once when ECharts is already there
  // (print: the page is laid out for paper straight after beforeprint).
  function startAllNow() {
    var els = document.querySelectorAll(".chart[data-chart]");
    if (typeof echarts === "undefined") {
      // A print cannot wait for the library to load: this one shows the
      // data tables without their charts (a chart not started is hidden
      // on paper), and the library loads for the next. Charts started one
      // by one while the page is being printed would print half drawn.
      // printWithCharts spares a reader who prints with the keyboard.
      loadECharts(function () {});
      return false;
    }
    els.forEach(function (el) {
      if (observer) {
        observer.unobserve(el);
      }
      startChart(el);
    });
    queue = [];
    return true;
  }

  function restartCharts() {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    themeRegistered = false;
    document.querySelectorAll(".chart[data-started]").forEach(function (el) {
      el.removeAttribute("data-started");
      enqueue(el);
    });
    pump();
  }

  function resizeCharts() {
    charts.forEach(function (c) { c.resize(); });
  }

  // ---- sortable tables ------------------------------------------------------

  function cellValue(cell, type) {
    var t = (cell ? cell.textContent : "").trim();
    if (type === "num") {
      var n = parseFloat(t.replace("−", "-").replace(/[^0-9.\-]/g, ""));
      return isNaN(n) ? -Infinity : n;
    }
    return t.toLowerCase();
  }

  // firstDirection is how a column sorts on its first click: the score
  // highest first (the best candidates at the top), anything else from
  // the smallest.
  function firstDirection(th) {
    return th.getAttribute("data-key") === "score" ? "descending" : "ascending";
  }

  function setSorted(table, th, dir) {
    table.querySelectorAll("thead th").forEach(function (o) { o.removeAttribute("aria-sort"); });
    if (th) {
      th.setAttribute("aria-sort", dir);
    }
  }

  function makeSortButtons(table, onSort) {
    table.querySelectorAll("thead th").forEach(function (th, i) {
      if (th.querySelector("button")) {
        return;
      }
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) {
        b.appendChild(th.firstChild);
      }
      th.appendChild(b);
      b.addEventListener("click", function () {
        var now = th.getAttribute("aria-sort");
        var dir = now === "ascending" ? "descending" : now === "descending" ? "ascending" : firstDirection(th);
        setSorted(table, th, dir);
        onSort(th, i, dir);
      });
    });
  }

  function initSortable(table) {
    makeSortButtons(table, function (th, i, dir) {
      var type = th.classList.contains("num") ? "num" : "text";
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = cellValue(a.cells[i], type), y = cellValue(b.cells[i], type);
        var c = x < y ? -1 : x > y ? 1 : 0;
        return dir === "ascending" ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  }

  // ---- product backlog --------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function fmt(n) {
    if (n === null || n === undefined) {
      return "–";
    }
    var a = Math.abs(n), s;
    if (a === 0) {
      return "0";
    }
    s = a >= 1 ? String(Math.round(n * 10) / 10) : String(Number(n.toPrecision(2)));
    return s.replace("-", "−");
  }

  var statusWords = { in_progress: "in progress" };

  function initBacklog() {
    var data = window.backlogsite && window.backlogsite.backlog;
    var form = document.getElementById("backlog-filters");
    if (!data || !form) {
      return;
    }
    var rootPath = document.body.getAttribute("data-root") || "";
    var C = {};
    data.columns.forEach(function (c, i) { C[c] = i; });
    var rows = data.rows.map(function (r) {
      var progress = r[C.size] > 0 ? Math.max(0, Math.min(100, r[C.done] / r[C.size] * 100)) : 0;
      var releaseName = r[C.release] ? (data.releases[r[C.release]] || r[C.release]) : "";
      return { r: r, progress: progress, releaseName: releaseName, hay: null };
    });

    // The text a search looks in, made on the first search only.
    function hay(row) {
      if (row.hay === null) {
        var r = row.r;
        row.hay = [r[C.id], r[C.title], r[C.category], row.releaseName, r[C.status]].concat(r[C.themes]).join(" ").toLowerCase();
      }
      return row.hay;
    }

    function sortValue(row, key) {
      var r = row.r;
      switch (key) {
        case "progress": return row.progress;
        case "release": return row.releaseName.toLowerCase();
        case "themes": return r[C.themes].join(", ").toLowerCase();
        case "rank": case "score": case "size": case "position":
          return r[C[key]] === null ? Infinity : r[C[key]];
      }
      var v = r[C[key]];
      return typeof v === "string" ? v.toLowerCase() : v;
    }

    // labelled names a cell for the card layout of phones (style.css).
    function labelled(td, label) {
      td.setAttribute("data-label", label);
      return td;
    }

    function link(href, text) {
      var a = el("a", "", text);
      a.href = href;
      return a;
    }

    function featureHref(id) {
      return rootPath + "features/" + encodeURIComponent(id) + "/index.html";
    }

    function renderRow(row) {
      var r = row.r, tr = el("tr");
      if (r[C.low]) {
        tr.className = "low";
      }
      tr.appendChild(labelled(el("td", "num", r[C.position]), "#"));
      var rank = labelled(el("td", "num"), "Rank");
      if (r[C.rank] === null) {
        rank.appendChild(el("span", "muted", "–"));
      } else {
        rank.textContent = r[C.rank];
      }
      tr.appendChild(rank);
      var idc = labelled(el("td", "mono"), "ID");
      idc.appendChild(link(featureHref(r[C.id]), r[C.id]));
      tr.appendChild(idc);
      var title = el("td", "card-title");
      title.appendChild(link(featureHref(r[C.id]), r[C.title]));
      if (r[C.kind] !== "feature") {
        title.appendChild(document.createTextNode(" "));
        title.appendChild(el("span", "kind kind-" + r[C.kind], r[C.kind]));
      }
      tr.appendChild(title);
      var score = labelled(el("td", "num", fmt(r[C.score])), "Score");
      if (r[C.low]) {
        score.appendChild(document.createTextNode(" "));
        score.appendChild(el("span", "flag flag-bad", "low"));
      }
      tr.appendChild(score);
      var st = labelled(el("td"), "Status");
      st.appendChild(el("span", "badge status-" + r[C.status], statusWords[r[C.status]] || r[C.status]));
      tr.appendChild(st);
      var rel = labelled(el("td"), "Release");
      if (r[C.release]) {
        rel.appendChild(link(rootPath + "releases/" + encodeURIComponent(r[C.release]) + "/index.html", row.releaseName));
      } else {
        rel.appendChild(el("span", "muted", "unscheduled"));
      }
      tr.appendChild(rel);
      tr.appendChild(labelled(el("td", "", r[C.category]), "Category"));
      tr.appendChild(labelled(el("td", "", r[C.themes].join(", ")), "Themes"));
      tr.appendChild(labelled(el("td", "num", fmt(r[C.size])), "Size"));
      var pc = labelled(el("td"), "Progress"), bar = el("span", "progress"), fill = el("span", "progress-bar w" + Math.round(row.progress / 5) * 5);
      bar.setAttribute("role", "img");
      bar.setAttribute("aria-label", fmt(row.progress) + "% done");
      bar.appendChild(fill);
      pc.appendChild(bar);
      tr.appendChild(pc);
      return tr;
    }

    function matches(row, f, mode) {
      var s = row.r[C.status];
      if (mode === "open" && (s === "done" || s === "dropped")) { return false; }
      if (mode === "done" && s !== "done") { return false; }
      if (mode === "dropped" && s !== "dropped") { return false; }
      if (mode === "open" && f.status && s !== f.status) { return false; }
      if (f.release === "-" && row.r[C.release]) { return false; }
      if (f.release && f.release !== "-" && row.r[C.release] !== f.release) { return false; }
      if (f.category && row.r[C.category] !== f.category) { return false; }
      if (f.theme && row.r[C.themes].indexOf(f.theme) < 0) { return false; }
      if (f.q) {
        var words = f.q.toLowerCase().split(/\s+/);
        for (var i = 0; i < words.length; i++) {
          if (words[i] && hay(row).indexOf(words[i]) < 0) { return false; }
        }
      }
      return true;
    }

    function filters() {
      return {
        q: form.elements.q.value.trim(), status: form.elements.status.value, release: form.elements.release.value,
        category: form.elements.category.value, theme: form.elements.theme.value
      };
    }

    var views = [];
    document.querySelectorAll("table[data-rows]").forEach(function (table) {
      var view = {
        table: table, mode: table.getAttribute("data-rows"),
        size: parseInt(table.getAttribute("data-page-size"), 10) || 100,
        page: 0, key: "position", dir: "ascending",
        pager: document.querySelector('[data-pager="' + table.id + '"]')
      };
      makeSortButtons(table, function (th, i, dir) {
        view.key = th.getAttribute("data-key");
        view.dir = dir;
        view.page = 0;
        render(view);
        if (view.mode === "open") {
          showSort();
          writeURL(true);
        }
      });
      views.push(view);
    });

    // render shows a view's current page. keepRows: the page already holds
    // those rows (the generator wrote the first page of each table in
    // backlog order), so only the pager and counts are made: a backlog of
    // thousands of features paints its rows without waiting for script,
    // and the script then redraws nothing.
    function render(view, keepRows) {
      var f = filters();
      var list = rows.filter(function (row) { return matches(row, f, view.mode); });
      var pages = Math.max(1, Math.ceil(list.length / view.size));
      if (keepRows) {
        view.count = list.length;
        renderPager(view, pages);
        return;
      }
      list.sort(function (a, b) {
        var x = sortValue(a, view.key), y = sortValue(b, view.key);
        var c = x < y ? -1 : x > y ? 1 : a.r[C.position] - b.r[C.position];
        return view.dir === "ascending" ? c : -c;
      });
      view.page = Math.min(view.page, pages - 1);
      var body = document.createElement("tbody");
      list.slice(view.page * view.size, (view.page + 1) * view.size).forEach(function (row) {
        body.appendChild(renderRow(row));
      });
      if (list.length === 0) {
        var tr = el("tr"), td = el("td", "muted", "No feature matches these filters.");
        td.colSpan = 11;
        tr.appendChild(td);
        body.appendChild(tr);
      }
      view.table.replaceChild(body, view.table.tBodies[0]);
      view.count = list.length;
      renderPager(view, pages);
    }

    function renderPager(view, pages) {
      var p = view.pager;
      if (!p) {
        return;
      }
      p.hidden = pages <= 1;
      while (p.firstChild) {
        p.removeChild(p.firstChild);
      }
      var prev = el("button", "", "← Previous"), next = el("button", "", "Next →");
      prev.type = next.type = "button";
      prev.disabled = view.page === 0;
      next.disabled = view.page >= pages - 1;
      prev.addEventListener("click", function () { view.page--; render(view); });
      next.addEventListener("click", function () { view.page++; render(view); });
      p.appendChild(prev);
      p.appendChild(el("span", "", "Page " + (view.page + 1) + " of " + pages + " · " + view.count + " features"));
      p.appendChild(next);
    }

    function renderAll(keepRows) {
      views.forEach(function (v) {
        v.page = 0;
        render(v, keepRows);
        showCount(v);
      });
      var open = views.filter(function (v) { return v.mode === "open"; })[0];
      if (open) {
        form.elements.count.value = open.count + " open " + (open.count === 1 ? "feature" : "features") + " shown";
      }
    }

    // showCount keeps a section's count ("Done 18") true to its filtered
    // table: "10 of 18" while filters hide some of its features.
    function showCount(view) {
      var count = document.querySelector("#" + view.mode + "-h .count");
      if (!count) {
        return;
      }
      if (!count.hasAttribute("data-total")) {
        count.setAttribute("data-total", count.textContent);
      }
      var total = count.getAttribute("data-total");
      count.textContent = String(view.count) === total ? total : view.count + " of " + total;
    }

    // The sort menu is the open features' sort for a phone, where the
    // table's header (its sort buttons) gives way to cards, and for
    // anyone who would rather choose than click a column.
    var sortMenu = form.elements.sort;
    function showSort() {
      if (!sortMenu || !openView) {
        return;
      }
      sortMenu.value = openView.key + ":" + (openView.dir === "descending" ? "desc" : "asc");
      if (sortMenu.selectedIndex < 0) {
        // A column sort the menu does not offer: leave it blank.
        sortMenu.value = "";
      }
    }
    function sortFromMenu() {
      var parts = sortMenu.value.split(":");
      if (sortOpen(parts[0], parts[1])) {
        openView.page = 0;
        render(openView);
      }
    }

    // sortOpen sorts the open features by a column's key, "desc" or
    // "asc", as the address and the sort menu name them; false, and
    // nothing changed, when no column has that key. The backlog order
    // marks no column sorted: it is the page as written.
    function sortOpen(key, dir) {
      var th = /^[a-z]+$/.test(key) ? openView.table.querySelector('thead th[data-key="' + key + '"]') : null;
      if (!th) {
        return false;
      }
      openView.key = key;
      openView.dir = dir === "desc" ? "descending" : "ascending";
      setSorted(openView.table, key === "position" && openView.dir === "ascending" ? null : th, openView.dir);
      return true;
    }

    // ---- the view in the address: ?q=&status=&release=&category=&theme=
    // &sort=KEY&dir=asc|desc (the open features' sort), so that a view can
    // be sent as a link, and back and forward step through views. Values
    // from the address only ever select an existing option or fill the
    // search box.
    var names = ["q", "status", "release", "category", "theme"];
    var openView = views.filter(function (v) { return v.mode === "open"; })[0];

    function readURL() {
      var params;
      try {
        params = new URLSearchParams(window.location.search);
      } catch (e) {
        return;
      }
      names.forEach(function (n) {
        var field = form.elements[n], v = params.get(n) || "";
        if (field.tagName === "SELECT") {
          var ok = false;
          for (var i = 0; i < field.options.length; i++) {
            if (field.options[i].value === v) { ok = true; }
          }
          field.value = ok ? v : "";
        } else {
          field.value = v;
        }
      });
      if (openView && !sortOpen(params.get("sort") || "", params.get("dir"))) {
        sortOpen("position", "asc");
      }
    }

    function writeURL(push) {
      var params = [];
      names.forEach(function (n) {
        var v = n === "q" ? form.elements.q.value.trim() : form.elements[n].value;
        if (v) {
          params.push(n + "=" + encodeURIComponent(v));
        }
      });
      if (openView && !(openView.key === "position" && openView.dir === "ascending")) {
        params.push("sort=" + encodeURIComponent(openView.key));
        params.push("dir=" + (openView.dir === "descending" ? "desc" : "asc"));
      }
      var search = params.length ? "?" + params.join("&") : "";
      if (search === window.location.search) {
        return;
      }
      try {
        var url = window.location.pathname + search + window.location.hash;
        if (push) {
          window.history.pushState(null, "", url);
        } else {
          window.history.replaceState(null, "", url);
        }
      } catch (e) {
        // Some browsers refuse to change a file:// address: the view
        // still works, it just is not in the address.
      }
    }

    form.hidden = false;
    form.classList.add("ready");
    form.addEventListener("input", function (e) {
      if (sortMenu && e.target === sortMenu) {
        sortFromMenu();
        writeURL(true);
        return;
      }
      renderAll();
      // A choice is a step back can return to; typing only updates it.
      writeURL(e.target && e.target.tagName === "SELECT");
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    window.addEventListener("popstate", function () {
      readURL();
      showSort();
      renderAll();
    });
    document.querySelectorAll(".nojs-note").forEach(function (n) { n.hidden = true; });
    readURL();
    showSort();
    // With no view in the address, the page as written is the default view.
    renderAll(window.location.search === "");
  }

  // ---- print ------------------------------------------------------------------

  // On paper every chart is drawn at the printable width (about 17 cm at
  // 96 dpi), whatever the window's width, above its data table, which the
  // stylesheet shows. A chart that was never near the viewport is drawn
  // here when ECharts is already loaded; otherwise its empty box is left
  // out of the print (style.css) and its table carries the figures.
  var openedForPrint = [];
  // chartsForPrint draws the charts at the printable width. The print
  // media query calls it too: headless printing fires no beforeprint.
  function chartsForPrint() {
    printHead();
    printing = true;
    startAllNow();
    charts.forEach(printSize);
  }
  // printSize redraws a chart at the printable width at once: ECharts
  // paints on the next animation frame, which a print does not wait for.
  function printSize(c) {
    c.resize({ width: PRINT_WIDTH, animation: { duration: 0 } });
    c.getZr().refreshImmediately();
  }
  // printWithCharts: Ctrl+P (or Command+P) on a page whose charts the
  // reader has not scrolled to yet loads the chart library first, then
  // prints, so the paper has the charts (see startAllNow). A print is
  // never held back for more than two seconds.
  function printWithCharts(e) {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || String(e.key).toLowerCase() !== "p") {
      return;
    }
    if (echartsState === "ready" || echartsState === "failed" || !document.querySelector(".chart[data-chart]")) {
      return;
    }
    e.preventDefault();
    var printed = false;
    function print() {
      if (!printed) {
        printed = true;
        window.print();
      }
    }
    loadECharts(print);
    setTimeout(print, 2000);
  }

  function beforePrint() {
    document.querySelectorAll("details.chart-data:not([open])").forEach(function (d) {
      d.open = true;
      openedForPrint.push(d);
    });
    if (!printing) {
      chartsForPrint();
    }
  }
  function afterPrint() {
    printing = false;
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
    resizeCharts();
  }

  // cssString quotes text as a CSS string, every character other than a
  // letter, digit or space as a hex escape, so no text can end the string.
  function cssString(t) {
    return '"' + String(t).replace(/[^A-Za-z0-9 ]/gu, function (c) {
      return "\\" + c.codePointAt(0).toString(16) + " ";
    }) + '"';
  }

  // printHead gives the page margin of printed pages (style.css, @page)
  // the site's title and the as-of date, as the masthead shows them. It
  // runs when a print starts, not on load: a custom property set on the
  // root restyles every element of the page, on a phone a long task.
  function printHead() {
    var brand = document.querySelector(".masthead .brand");
    var asof = document.querySelector(".masthead .asof");
    var text = (brand ? brand.textContent.trim() : "") + (asof ? " · " + asof.textContent.trim() : "");
    if (text) {
      root.style.setProperty("--print-head", cssString(text));
    }
  }

  // ---- flow and forecast charts ----------------------------------------------
  // Conventions shared with the generator (render_flow.go, charts.go):
  // - a data item with a "link" opens that page when chosen; the generator
  //   makes it (a relative link to a feature page), and only such links
  //   are followed;
  // - a y axis of type "time", or of milliseconds on a chart with
  //   data-format="date", is labelled and read out as dates;
  // - a .chart-switch names a chart (data-chart-switch) and holds buttons
  //   whose data-chart-option names another option block for it: choosing
  //   one redraws the chart from that block, without a page load. Without
  //   script the switch stays hidden and the data table has both.

  var featureLinkRe = /^(\.\.\/)*features\/[A-Za-z0-9._%-]+\/index\.html$/;

  function prepareExtras(option, format) {
    var timeY = false;
    // Over years a time axis ticks on every 1 January: name the year
    // there rather than "1 Jan" again and again.
    (option.xAxis || []).forEach(function (ax) {
      if (ax.type === "time") {
        ax.axisLabel.formatter = { year: "{yyyy}", month: "{d} {MMM}", day: "{d} {MMM}" };
      }
    });
    (option.yAxis || []).forEach(function (ax) {
      if (ax.type === "time") {
        timeY = true;
        ax.axisLabel = ax.axisLabel || {};
        ax.axisLabel.formatter = "{d} {MMM}";
      } else if (format === "date") {
        timeY = true;
        ax.axisLabel = ax.axisLabel || {};
        ax.axisLabel.formatter = function (v) {
          var d = toDay(v);
          return d.getDate() + " " + months[d.getMonth()];
        };
      }
    });
    if (timeY && option.tooltip) {
      option.tooltip.valueFormatter = function (v) {
        return v === null || v === undefined ? "–" : formatDay(Array.isArray(v) ? v[v.length - 1] : v);
      };
    }
    return option;
  }

  function followLinks(chart) {
    chart.on("click", function (p) {
      var link = p && p.data && p.data.link;
      if (typeof link === "string" && featureLinkRe.test(link)) {
        window.location.href = link;
      }
    });
  }

  function initChartSwitches() {
    document.querySelectorAll(".chart-switch[data-chart-switch]").forEach(function (box) {
      var chartEl = document.getElementById(box.getAttribute("data-chart-switch"));
      var buttons = box.querySelectorAll("button[data-chart-option]");
      if (!chartEl) {
        return;
      }
      buttons.forEach(function (b) {
        b.addEventListener("click", function () {
          buttons.forEach(function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
          chartEl.setAttribute("data-chart", b.getAttribute("data-chart-option"));
          restartCharts();
        });
      });
      box.hidden = false;
    });
  }

  // relinkNotFound: the not-found page is served at whatever address was
  // missing, however deep, so its links start from the site's path on its
  // host (base_url's, or "/"); it loads this script from there and from
  // next to itself (a 404.html opened from a folder on disk). The copy
  // that ran knows where the site is, and the links start from there.
  function relinkNotFound() {
    var from = document.body.getAttribute("data-root") || "";
    var base = scriptSrc.replace(/assets\/site\.js(?:[?#].*)?$/, "");
    // Only the not-found page links from an absolute path.
    if (from.charAt(0) !== "/" || !scriptSrc || base === scriptSrc) {
      return;
    }
    document.querySelectorAll("a[href], link[rel=icon], link[rel=alternate]").forEach(function (a) {
      var h = a.getAttribute("href");
      if (h.indexOf(from) === 0 && h.charAt(from.length) !== "/") {
        a.setAttribute("href", base + h.slice(from.length));
      }
    });
    document.body.setAttribute("data-root", base);
  }

  function start() {
    relinkNotFound();
    document.querySelectorAll("table.sortable").forEach(initSortable);
    initBacklog();
    initChartSwitches();
    afterFirstPaint(watchCharts);
    var pending = null;
    window.addEventListener("resize", function () {
      if (printing) {
        return;
      }
      if (pending) {
        clearTimeout(pending);
      }
      pending = setTimeout(resizeCharts, 100);
    });
    if (darkQuery && darkQuery.addEventListener) {
      darkQuery.addEventListener("change", restartCharts);
    }
    window.addEventListener("beforeprint", beforePrint);
    document.addEventListener("keydown", printWithCharts);
    window.addEventListener("afterprint", afterPrint);
    if (window.matchMedia) {
      var printQuery = window.matchMedia("print");
      if (printQuery.matches) {
        printHead(); // opened straight into print (a headless PDF)
      }
      if (printQuery.addEventListener) {
        printQuery.addEventListener("change", function (e) {
          if (e.matches) {
            chartsForPrint();
          } else if (printing) {
            afterPrint();
          }
        });
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
