// make lighthouse: runs Lighthouse (mobile preset, its default) with
// Debian's chromium over one page of every kind of a built site, served from
// 127.0.0.1 the way a static host serves it (gzip, 404.html for a missing
// address), and prints a table of the four category scores.
//
//   node run.mjs SITE_DIR [PAGE ...]   pages are paths under SITE_DIR;
//                                      default: one of every kind
// Environment: CHROMIUM (default /usr/bin/chromium); LIGHTHOUSE_RUNS (runs
// per page, the median performance score is kept; default 1);
// LIGHTHOUSE_JSON (a directory to keep each report's JSON in);
// LIGHTHOUSE_CPU: the CPU slowdown of the simulated phone, 4 by default as
// in Lighthouse's mobile preset, which assumes a fast host; "auto" sets it
// from this machine's benchmark index (Lighthouse's own measure of the
// host, printed below the table) so that the emulated phone is the preset's
// moto g power, benchmark about 264 (the figure Chrome DevTools' CPU
// calibration uses for it): slowdown = index / 264, at least 1. On a
// shared, busy machine the index is low and a fixed 4 emulates a phone
// several times slower than the preset's.
// Exit status 1 when a page misses a target: accessibility 100, best
// practices 100, SEO 95, performance 95 (LIGHTHOUSE_MIN_PERF overrides the
// last, e.g. 90 for the backlog of a 10,000-feature site).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const root = process.argv[2];
if (!root || !fs.existsSync(path.join(root, "index.html"))) {
  console.error("usage: node run.mjs SITE_DIR [PAGE ...] (SITE_DIR: a built site)");
  process.exit(2);
}

const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
  ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8", ".xml": "application/xml",
};
const compressible = new Set([".html", ".js", ".css", ".json", ".csv", ".svg", ".txt", ".xml"]);

function send(req, res, status, file) {
  const ext = path.extname(file);
  let body = fs.readFileSync(file);
  const headers = { "Content-Type": types[ext] || "application/octet-stream", "Cache-Control": "max-age=600" };
  if (compressible.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
    body = zlib.gzipSync(body);
    headers["Content-Encoding"] = "gzip";
  }
  headers["Content-Length"] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

const absRoot = path.resolve(root);
const server = http.createServer((req, res) => {
  let p;
  try {
    p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  } catch {
    p = "/";
  }
  let file = path.join(absRoot, p);
  if (!file.startsWith(absRoot)) {
    file = absRoot;
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    file = path.join(file, "index.html");
  }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    return send(req, res, 404, path.join(absRoot, "404.html"));
  }
  send(req, res, 200, file);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

function firstDir(dir) {
  const names = fs.readdirSync(path.join(absRoot, dir)).filter((n) => fs.existsSync(path.join(absRoot, dir, n, "index.html"))).sort();
  return names.length ? `${dir}/${names[0]}/index.html` : null;
}

let pages = process.argv.slice(3);
if (pages.length === 0) {
  // A site's own Markdown page: any other folder with an index.html ("flow"
  // and "how" are generated pages, measured or not as their own kinds).
  const markdown = fs.readdirSync(absRoot).filter((n) => !["backlog", "releases", "sprints", "velocity", "roadmap", "themes", "flow", "how", "features", "assets", "data", "badges"].includes(n) &&
    fs.existsSync(path.join(absRoot, n, "index.html"))).sort();
  pages = ["index.html", "backlog/index.html", firstDir("features"), "releases/index.html", firstDir("releases"),
    "sprints/index.html", firstDir("sprints"), "velocity/index.html", "roadmap/index.html", "themes/index.html",
    fs.existsSync(path.join(absRoot, "flow", "index.html")) ? "flow/index.html" : null,
    markdown.length ? `${markdown[0]}/index.html` : null, "404.html"].filter(Boolean);
}

const targets = {
  performance: Number(process.env.LIGHTHOUSE_MIN_PERF || 95), accessibility: 100, "best-practices": 100, seo: 95,
};
const cats = Object.keys(targets);
const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS || 1));
const jsonDir = process.env.LIGHTHOUSE_JSON;
if (jsonDir) {
  fs.mkdirSync(jsonDir, { recursive: true });
}

const MOTO_G_POWER_INDEX = 264;
const preset = { rttMs: 150, throughputKbps: 1.6 * 1024, requestLatencyMs: 150 * 3.75, downloadThroughputKbps: 1.6 * 1024 * 0.9, uploadThroughputKbps: 750 * 0.9 };
const cpuSetting = process.env.LIGHTHOUSE_CPU || "4";
const indexes = [];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const rows = [];
let missed = false;
try {
  for (const page of pages) {
    const url = base + page.replace(/index\.html$/, "");
    const results = [];
    for (let i = 0; i < runs; i++) {
      const flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: cats };
      if (cpuSetting === "auto") {
        // One quick run of the page measures the host as it is now.
        const probe = await lighthouse(url, { ...flags, onlyAudits: ["screenshot-thumbnails"] });
        const index = probe.lhr.environment.benchmarkIndex;
        flags.throttling = { ...preset, cpuSlowdownMultiplier: Math.max(1, Math.round(index / MOTO_G_POWER_INDEX * 10) / 10) };
      } else {
        flags.throttling = { ...preset, cpuSlowdownMultiplier: Number(cpuSetting) };
      }
      const r = await lighthouse(url, flags);
      results.push(r.lhr);
      indexes.push(`${Math.round(r.lhr.environment.benchmarkIndex)}→×${r.lhr.configSettings.throttling.cpuSlowdownMultiplier}`);
    }
    results.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = results[Math.floor(results.length / 2)];
    if (jsonDir) {
      fs.writeFileSync(path.join(jsonDir, page.replace(/[/.]+/g, "_") + ".json"), JSON.stringify(lhr));
    }
    const scores = cats.map((c) => Math.round(100 * (lhr.categories[c].score ?? 0)));
    const failing = [];
    cats.forEach((c, i) => {
      if (scores[i] < targets[c]) {
        missed = true;
        for (const ref of lhr.categories[c].auditRefs) {
          const a = lhr.audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 1) {
            failing.push(`${c}: ${a.id}${a.displayValue ? " (" + a.displayValue + ")" : ""}`);
          }
        }
      }
    });
    const m = lhr.audits;
    const metrics = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"]
      .map((id) => (m[id] ? m[id].displayValue : "?")).join(" · ");
    rows.push({ page, scores, metrics, failing });
    console.error(`${page}: ${scores.join(" ")}  (${metrics})`);
  }
} finally {
  await chrome.kill();
  server.close();
}

const head = ["page", "performance", "accessibility", "best practices", "SEO", "FCP · LCP · TBT · CLS"];
console.log("| " + head.join(" | ") + " |");
console.log("|" + head.map(() => "---").join("|") + "|");
for (const r of rows) {
  console.log(`| ${r.page} | ${r.scores.join(" | ")} | ${r.metrics} |`);
}
for (const r of rows) {
  for (const f of r.failing) {
    console.log(`below target on ${r.page}: ${f}`);
  }
}
const version = JSON.parse(fs.readFileSync(new URL("./node_modules/lighthouse/package.json", import.meta.url))).version;
console.log(`Lighthouse ${version}, mobile preset (moto g power, slow 4G), CPU slowdown ${cpuSetting === "auto" ? "from the host's benchmark index" : "×" + cpuSetting}; ${runs} run(s) a page${runs > 1 ? " (median performance)" : ""}.`);
console.log(`Host benchmark index → CPU slowdown, per run: ${indexes.join(", ")}`);
console.log(`Targets: performance ${targets.performance}, accessibility 100, best practices 100, SEO 95.`);
process.exit(missed ? 1 : 0);
