// live.js is served by `backlogsite serve` only and added to the pages it
// serves; built sites never contain it. It listens to the server's event
// stream: after a good rebuild the page reloads (or, when only stylesheets
// changed, swaps them); after a failed one it shows every problem over the
// last good page until the next good build.
//
// Problem text comes from the user's files: it is only ever set with
// textContent, never parsed as HTML.
(function () {
  "use strict";

  var script = document.currentScript;
  var build = script ? Number(script.getAttribute("data-build")) : 0;
  var server = null; // the server run this page last heard from
  var OVERLAY_ID = "backlogsite-live-overlay";
  var overlay = null;

  // Styles are set through the CSSOM, which a Content-Security-Policy
  // without 'unsafe-inline' still allows.
  function el(tag, style, text) {
    var e = document.createElement(tag);
    for (var k in style) {
      if (Object.prototype.hasOwnProperty.call(style, k)) {
        e.style[k] = style[k];
      }
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function hide() {
    if (overlay && overlay.parentNode) {
      overlay.parentNode.removeChild(overlay);
    }
    overlay = null;
  }

  function show(problems) {
    hide();
    var box = el("div", {
      position: "fixed", top: "0", right: "0", bottom: "0", left: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgba(20, 20, 24, 0.92)", color: "#f4f4f5",
      font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      padding: "2rem", boxSizing: "border-box"
    });
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-live", "assertive");
    box.setAttribute("aria-label", "Build failed");

    var panel = el("div", {
      maxWidth: "60rem", margin: "0 auto", background: "#27272a",
      border: "2px solid #ef4444", borderRadius: "6px", padding: "1.25rem 1.5rem"
    });
    var head = el("div", { display: "flex", justifyContent: "space-between", alignItems: "baseline", gap: "1rem" });
    var n = problems.length;
    head.appendChild(el("strong", { color: "#fca5a5", fontSize: "16px" },
      "Build failed: " + n + (n === 1 ? " problem" : " problems")));
    var close = el("button", {
      background: "transparent", color: "#f4f4f5", border: "1px solid #71717a",
      borderRadius: "4px", cursor: "pointer", font: "inherit", padding: "0 0.5rem"
    }, "Dismiss");
    close.type = "button";
    close.addEventListener("click", hide);
    head.appendChild(close);
    panel.appendChild(head);
    panel.appendChild(el("p", { margin: "0.5rem 0 1rem", color: "#d4d4d8" }, build > 0 ?
      "The page shows the last good build. Fix the files and it updates itself." :
      "The site has not built yet. Fix the files and it appears here."));

    var list = el("ol", { margin: "0", paddingLeft: "1.5rem" });
    for (var i = 0; i < problems.length; i++) {
      var p = problems[i] || {};
      var item = el("li", { margin: "0.25rem 0", whiteSpace: "pre-wrap", overflowWrap: "anywhere" });
      item.className = "backlogsite-live-problem";
      item.textContent = String(p.text || p.message || "");
      list.appendChild(item);
    }
    panel.appendChild(list);
    box.appendChild(panel);
    (document.body || document.documentElement).appendChild(box);
    overlay = box;
  }

  // swapStyles reloads the stylesheets named in files (site paths such as
  // "assets/site.css") without reloading the page; the old sheet goes once
  // the new one has loaded, so nothing flashes unstyled.
  function swapStyles(files) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var u = new URL(link.href, location.href);
      if (u.origin !== location.origin) {
        continue;
      }
      for (var j = 0; j < files.length; j++) {
        if (u.pathname === "/" + files[j]) {
          u.searchParams.set("live", String(build));
          var next = link.cloneNode(false);
          next.href = u.href;
          next.addEventListener("load", (function (old) {
            return function () { if (old.parentNode) { old.parentNode.removeChild(old); } };
          })(link));
          link.parentNode.insertBefore(next, link.nextSibling);
          break;
        }
      }
    }
  }

  function parse(e) {
    try {
      return JSON.parse(e.data);
    } catch (err) {
      return null;
    }
  }

  function problemsOf(s) {
    return s && s.problems && s.problems.length ? s.problems : null;
  }

  var events = new EventSource("/__backlogsite/events");

  // state comes first on every connection, including after the server
  // restarted: a page older than the last good build, or from an earlier
  // run of the server, reloads.
  events.addEventListener("state", function (e) {
    var s = parse(e);
    if (!s) {
      return;
    }
    if (s.build !== build || (server !== null && s.server !== server)) {
      location.reload();
      return;
    }
    server = s.server;
    var probs = problemsOf(s);
    if (probs) {
      show(probs);
    } else {
      hide();
    }
  });
  events.addEventListener("reload", function () {
    location.reload();
  });
  events.addEventListener("css", function (e) {
    var s = parse(e);
    if (!s) {
      return;
    }
    build = s.build;
    hide();
    swapStyles(s.css || []);
  });
  events.addEventListener("errors", function (e) {
    var probs = problemsOf(parse(e));
    if (probs) {
      show(probs);
    }
  });
  events.addEventListener("ok", function () {
    hide();
  });
})();
