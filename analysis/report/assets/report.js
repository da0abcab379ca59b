// Draws `rapport report`'s page from the JSON in #report-data (analysis/report/report_data.cpp)
// with Vega. Every figure is a <figure class="chart" data-figure="ID">; once drawn it gets
// data-rendered="true", and <body> gets data-status="rendered" when all are (or "error").
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const main = document.getElementById("report");
  const pending = [];

  // Okabe-Ito colours (yellow left out: it vanishes on white), each scenario also with its own
  // dash pattern, so lines stay apart in greyscale and for every colour-vision deficiency.
  const PALETTE = ["#000000", "#E69F00", "#0072B2", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#7F7F7F"];
  const DASHES = [[], [9, 4], [2, 3], [12, 3, 2, 3], [5, 5], [1, 6], [14, 3, 2, 3, 2, 3], [3, 2, 9, 2]];
  const DARK = "#0072B2", LIGHT = "#E69F00";
  const WIDTH = 500;

  const scenarioNames = data.scenarios.map((s) => s.name);
  // The baseline first, so that it is always the solid black line.
  const styleOrder = data.baseline ? [data.baseline].concat(scenarioNames.filter((n) => n !== data.baseline))
                                   : scenarioNames;
  // Beyond eight scenarios the colours repeat with the next dash pattern, so no two of the first
  // 64 scenarios share both colour and dash.
  const styleIndex = (name) => Math.max(0, styleOrder.indexOf(name));
  const colourOf = (name) => PALETTE[styleIndex(name) % PALETTE.length];
  const dashOf = (name) => DASHES[(styleIndex(name) + Math.floor(styleIndex(name) / PALETTE.length)) % DASHES.length];

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
    return node;
  }

  function fmt(x) {
    if (x === null || x === undefined || Number.isNaN(x)) return "n/a";
    if (x === 0) return "0";
    const magnitude = Math.abs(x);
    if (magnitude >= 1e6 || magnitude < 1e-3) return x.toExponential(2);
    return String(Number(x.toPrecision(4)));
  }
  const interval = (low, high) => (low === null || high === null ? "n/a" : "[" + fmt(low) + ", " + fmt(high) + "]");
  const pValue = (p) => (p === null ? "n/a" : p < 0.001 ? "<0.001" : p.toFixed(3));
  const sentence = (text) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : "");
  const withUnits = (label, units) => (units ? label + " (" + units + ")" : label);
  const slug = (...parts) => parts.join("-").replace(/[^A-Za-z0-9_-]+/g, "_");

  function section(id, title, intro) {
    const node = el("section", {id: id}, el("h2", {}, title));
    if (intro) node.append(el("p", {class: "intro"}, intro));
    main.append(node);
    return node;
  }

  function table(header, rows, className) {
    const head = el("tr", {}, ...header.map((h) => el("th", {scope: "col"}, h)));
    const body = rows.map((row) => el("tr", {}, ...row.map((cell) =>
        cell instanceof Node ? el("td", {}, cell) : el("td", {class: typeof cell === "number" ? "number" : ""}, cell))));
    return el("div", {class: "table-wrap"}, el("table", {class: className || ""}, el("thead", {}, head),
                                                el("tbody", {}, ...body)));
  }

  function figure(parent, id, title, caption, spec) {
    const holder = el("div", {class: "vega"});
    const node = el("figure", {class: "chart", "data-figure": id, id: "figure-" + id},
                    el("h3", {}, title), holder, el("figcaption", {}, caption));
    parent.append(node);
    const view = new vega.View(vega.parse(spec), {renderer: "svg", container: holder, hover: false});
    pending.push(view.runAsync().then(() => { node.dataset.rendered = "true"; }));
  }

  const axis = (orient, scale, title, extra) =>
      Object.assign({orient: orient, scale: scale, title: title, titleFontSize: 12, labelFontSize: 11,
                     titleFontWeight: "normal", labelOverlap: true}, extra || {});

  // Lines of per-day means with their bands, one per scenario; `zeroRule` for differences.
  function bandSpec(rows, names, yTitle, zeroRule) {
    const marks = [{
      type: "group",
      from: {facet: {name: "series", data: "rows", groupby: "scenario"}},
      marks: [
        {type: "area", from: {data: "series"}, encode: {enter: {
          x: {scale: "x", field: "day"}, y: {scale: "y", field: "low"}, y2: {scale: "y", field: "high"},
          fill: {scale: "colour", field: "scenario"}, fillOpacity: {value: 0.16},
          defined: {signal: "isValid(datum.low) && isValid(datum.high)"}}}},
        {type: "line", from: {data: "series"}, encode: {enter: {
          x: {scale: "x", field: "day"}, y: {scale: "y", field: "mean"},
          stroke: {scale: "colour", field: "scenario"}, strokeDash: {scale: "dash", field: "scenario"},
          strokeWidth: {value: 2}, defined: {signal: "isValid(datum.mean)"}}}}]}];
    if (zeroRule) {
      marks.unshift({type: "rule", encode: {enter: {
        x: {value: 0}, x2: {signal: "width"}, y: {scale: "y", value: 0},
        stroke: {value: "#444"}, strokeDash: {value: [2, 2]}, strokeWidth: {value: 1}}}});
    }
    return {
      width: WIDTH, height: 260, padding: 8,
      data: [{name: "rows", values: rows}],
      scales: [
        {name: "x", type: "linear", domain: {data: "rows", field: "day"}, range: "width", zero: false, nice: false},
        {name: "y", type: "linear", domain: {data: "rows", fields: ["low", "high", "mean"]}, range: "height",
         nice: true, zero: !!zeroRule},
        {name: "colour", type: "ordinal", domain: names, range: names.map(colourOf)},
        {name: "dash", type: "ordinal", domain: names, range: names.map(dashOf)}],
      axes: [axis("bottom", "x", "day of the run (days)"),
             axis("left", "y", yTitle, {grid: true, gridOpacity: 0.25})],
      legends: [{stroke: "colour", strokeDash: "dash", title: "scenario", symbolType: "stroke", symbolSize: 500,
                 symbolStrokeWidth: 2.5, orient: "right", labelFontSize: 11, titleFontSize: 12}],
      marks: marks,
    };
  }

  function bandRows(days, bands) {
    const rows = [];
    for (const band of bands) {
      band.mean.forEach((mean, i) => rows.push(
          {scenario: band.scenario, day: days[i], mean: mean, low: band.low[i], high: band.high[i]}));
    }
    return rows;
  }

  function replicatesText() {
    const counts = Array.from(new Set(data.scenarios.map((s) => s.replicates)));
    return counts.join(" or ") + " replicate" + (counts.length === 1 && counts[0] === 1 ? "" : "s");
  }

  function stepNote(days) {
    const step = days.length > 1 ? days[1] - days[0] : 1;
    return step > 1 ? " Every " + step + "th day is shown." : "";
  }

  // Horizontal bars with optional interval whiskers; `fillField` splits bars within a row.
  function barSpec(rows, xTitle, options) {
    const o = Object.assign({groups: null, zero: true, domain: null}, options || {});
    const labels = Array.from(new Set(rows.map((r) => r.label)));
    const groups = o.groups || ["value"];
    const height = Math.max(60, labels.length * (groups.length > 1 ? 34 : 22));
    const xScale = {name: "x", type: "linear", range: "width", nice: true, zero: o.zero,
                    domain: o.domain || {data: "rows", fields: ["value", "low", "high", "base"]}};
    return {
      width: 420, height: height, padding: 8,
      // Rows without an interval get a zero-length whisker at their value.
      data: [{name: "rows", values: rows.map((r) => Object.assign({}, r, {
        low: r.low === null || r.low === undefined ? r.value : r.low,
        high: r.high === null || r.high === undefined ? r.value : r.high}))}],
      scales: [
        {name: "y", type: "band", domain: labels, range: "height", paddingInner: 0.25, paddingOuter: 0.1},
        xScale,
        {name: "fill", type: "ordinal", domain: groups, range: groups.length > 1 ? [DARK, LIGHT] : [DARK]}],
      axes: [axis("left", "y", null, {labelLimit: 260}), axis("bottom", "x", xTitle, {grid: true, gridOpacity: 0.25})],
      legends: groups.length > 1 ? [{fill: "fill", orient: "bottom", direction: "horizontal", labelFontSize: 11,
                                     symbolStrokeColor: "#000", symbolStrokeWidth: 0.5}] : [],
      marks: [{
        type: "group",
        from: {facet: {data: "rows", name: "facet", groupby: "label"}},
        encode: {enter: {y: {scale: "y", field: "label"}, height: {scale: "y", band: 1}}},
        signals: [{name: "height", update: "bandwidth('y')"}],
        scales: [{name: "pos", type: "band", range: "height", domain: groups, paddingInner: 0.1}],
        marks: [{type: "rect", from: {data: "facet"}, encode: {enter: {
          y: {scale: "pos", field: "group"}, height: {scale: "pos", band: 1},
          x: {scale: "x", field: "value"}, x2: {scale: "x", field: "base"},
          fill: {scale: "fill", field: "group"}, stroke: {value: "#000"}, strokeWidth: {value: 0.5}}}},
                {type: "rule", from: {data: "facet"}, encode: {enter: {
                  y: {scale: "pos", field: "group", band: 0.5}, x: {scale: "x", field: "low"},
                  x2: {scale: "x", field: "high"}, stroke: {value: "#000"}, strokeWidth: {value: 1.5}}}}],
      }],
    };
  }

  // --- Header and what was run -------------------------------------------------------------
  main.append(el("header", {},
      el("h1", {}, "rapport report"),
      el("p", {class: "subtitle"}, "Results file ", el("code", {}, data.file),
         data.created ? ", written " + data.created : "", " by rapport " + data.rapport_version,
         "; this page by rapport " + data.generator + ". It works offline and makes no network request.")));

  if (data.scenarios.length) {
    const run = section("run", "What was run");
    const s0 = data.scenarios[0];
    const same = (key) => data.scenarios.every((s) => s[key] === s0[key]);
    const facts = [];
    facts.push(data.scenarios.length + " scenario" + (data.scenarios.length > 1 ? "s" : ""));
    if (same("patients") && s0.patients) facts.push(s0.patients.toLocaleString("en") + " patients of " +
                                                    s0.physicians + " physicians");
    if (same("days")) facts.push(s0.days + " days (" + fmt(s0.days / 365) + " years)");
    facts.push(replicatesText() + " each");
    if (same("seed")) facts.push("seed " + s0.seed + " (common random numbers: replicate r of every scenario " +
                                 "shares its population and random draws)");
    run.append(el("p", {}, facts.join(", ") + "."));
    if (data.command) run.append(el("p", {}, "Command: ", el("code", {}, data.command)));
    run.append(table(["scenario", "policy mix (share of physicians)", "disclosed", "physicians", "patients", "days",
                      "replicates", "seed"],
        data.scenarios.map((s) => [s.name + (s.name === data.baseline ? " (baseline)" : ""),
                                   s.mix.some((m) => m.share > 0) ? s.mix.filter((m) => m.share > 0)
                                       .map((m) => m.policy + " " + fmt(m.share)).join(", ")
                                                : "decline_all 1",
                                   s.disclosed === undefined ? "" : s.disclosed ? "yes" : "no",
                                   s.physicians === undefined ? "" : s.physicians,
                                   s.patients === undefined ? "" : s.patients.toLocaleString("en"), s.days,
                                   s.replicates, s.seed])));
    if (data.pairing_problem) {
      run.append(el("p", {class: "warning"}, "No paired comparison: " + data.pairing_problem + "."));
    } else if (!data.baseline && data.scenarios.length > 1) {
      run.append(el("p", {class: "warning"}, "No baseline: the file has no decline_all scenario; " +
                                             "rerun the report with --baseline NAME to compare scenarios."));
    }
  }

  // How summarize reduced each replicate (analysis/summary.hpp), with the units of that number.
  function statisticLabel(statistic, units) {
    switch (statistic) {
      case "run_total": return withUnits("total over the run", units.replace(/\/day$/, ""));
      case "daily_mean": return withUnits("mean per day", units);
      case "per_replicate_year": return withUnits("rate per replicate-year", units.replace(/\/day$/, "/year"));
      default: return withUnits("final day", units);
    }
  }

  // --- Headline table ----------------------------------------------------------------------
  const headline = data.metrics.filter((m) => m.headline >= 0).sort((a, b) => a.headline - b.headline);
  // Estimate and interval share a cell, and so do the difference and its interval, so that the
  // minimum-important-difference column fits on the page; a difference below it is greyed.
  const withInterval = (x, low, high) => fmt(x) + " " + interval(low, high);
  function summaryRows(metrics) {
    const rows = [];
    for (const m of metrics) {
      m.summaries.forEach((s, i) => {
        const a = s.across_replicates, d = s.difference;
        const row = [i === 0 ? el("span", {title: m.description}, m.name) : "", s.scenario,
                     el("span", {title: "interval: " + s.interval}, statisticLabel(s.statistic, m.units)),
                     withInterval(a.mean, a.ci_low, a.ci_high)];
        if (data.baseline) {
          const below = d && s.below_minimum_important_difference;
          const difference = d ? withInterval(d.mean, d.ci_low, d.ci_high)
                               : s.scenario === data.baseline ? "baseline" : "";
          row.push(below ? el("span", {class: "below-mid"}, difference) : difference, d ? pValue(s.p_value) : "",
                   below ? el("span", {class: "below-mid-tag"}, "below MID (±" + fmt(s.minimum_important_difference) + ")")
                         : "");
        }
        rows.push(row);
      });
    }
    return rows;
  }
  const summaryHeader = ["metric", "scenario", "statistic (units)", "estimate [95% CI]"].concat(
      data.baseline ? ["difference from " + data.baseline + " [95% CI]", "p (paired)",
                       "minimum important difference"] : []);
  if (data.metrics.length) {
    const head = section("headline", "Headline results",
        "Each replicate is reduced to one number (the statistic column, as `rapport summarize` does); the table " +
        "gives the estimate across replicates with its 95% interval (the interval's method shows on pointing at the " +
        "statistic; docs/ANALYSIS.md)" +
        (data.baseline ? ", the paired difference from " + data.baseline + " (replicate r against replicate r) " +
                         "with its 95% interval and p-value, and 'below MID', greyed, where that whole interval lies inside " +
                         "± the metric's minimum important difference: too small to matter." : "."));
    head.append(table(summaryHeader, summaryRows(headline.length ? headline : data.metrics), "summary"));
    const others = data.metrics.filter((m) => m.headline < 0);
    if (headline.length && others.length) {
      head.append(el("details", {}, el("summary", {}, "Every other metric (" + others.length + ")"),
                     table(summaryHeader, summaryRows(others), "summary")));
    }
  }

  // --- Trajectories and differences ----------------------------------------------------------
  function trajectoryFigure(parent, m) {
    figure(parent, slug("trajectory", m.name), sentence(m.description) + " (" + m.name + ")",
           "Lines: mean across " + replicatesText() + " per scenario, day by day; band: 95% Student-t confidence " +
           "interval of that mean (no band with one replicate)." + stepNote(m.day),
           bandSpec(bandRows(m.day, m.scenarios), scenarioNames, withUnits(m.name, m.units), false));
  }
  function differenceFigure(parent, m) {
    const names = scenarioNames.filter((n) => n !== data.baseline);
    figure(parent, slug("difference", m.name), sentence(m.description) + ": difference from " + data.baseline,
           "Lines: mean over replicates of (scenario − " + data.baseline + "), replicate r against replicate r " +
           "(common random numbers); band: 95% Student-t confidence interval of that paired difference; dotted " +
           "line: no difference." + stepNote(m.day),
           bandSpec(bandRows(m.day, m.differences), names, withUnits("difference in " + m.name, m.units), true));
  }
  function metricSections(id, title, intro, draw, metrics) {
    if (!metrics.length) return;
    const node = section(id, title, intro);
    const lead = metrics.filter((m) => m.headline >= 0).sort((a, b) => a.headline - b.headline);
    const rest = metrics.filter((m) => m.headline < 0);
    const grid = el("div", {class: "figures"});
    node.append(grid);
    (lead.length ? lead : metrics).forEach((m) => draw(grid, m));
    if (lead.length && rest.length) {
      const more = el("div", {class: "figures"});
      node.append(el("details", {}, el("summary", {}, "Every other metric (" + rest.length + " figures)"), more));
      rest.forEach((m) => draw(more, m));
    }
  }
  metricSections("trajectories", "Outcomes over time",
                 "How each outcome evolves in each scenario, with the uncertainty across replicates.",
                 trajectoryFigure, data.metrics);
  if (data.baseline && data.scenarios.length > 1) {
    metricSections("differences", "Differences from " + data.baseline + " over time",
                   "What each policy changes, day by day, measured on the same simulated populations.",
                   differenceFigure, data.metrics);
  }

  // --- Other outputs found in the file (requester cohorts, policy arms, careers, decisions) ---
  if (data.extra_series.length) {
    const node = section("cohorts", "Cohorts and arms",
                         "Further daily series stored in the file (for example requesters by response or patients " +
                         "by their physician's policy), per scenario.");
    const grid = el("div", {class: "figures"});
    node.append(grid);
    for (const series of data.extra_series) {
      const names = series.scenarios.map((s) => s.scenario);
      figure(grid, slug("series", series.name), series.name + (series.description ? ": " + series.description : ""),
             "Lines: mean across replicates per scenario, day by day; band: 95% Student-t confidence interval of that " +
             "mean." + stepNote(series.day) +
             (series.empty_arm_scenarios.length ? " Not drawn, as no physician follows this policy there: " +
                                                      series.empty_arm_scenarios.join(", ") + "." : ""),
             bandSpec(bandRows(series.day, series.scenarios), names, withUnits(series.name.split("/").pop(),
                                                                               series.units), false));
    }
  }
  if (data.tables.length) {
    const node = section("tables", "Other results in the file",
                         "Tables stored in the file beside the daily series (HDF5 group paths as titles).");
    for (const t of data.tables) {
      const labelColumn = t.columns.find((c) => c.values.some((v) => typeof v === "string"));
      const numeric = t.columns.filter((c) => c !== labelColumn && c.values.every((v) => v === null || typeof v === "number"));
      node.append(el("h3", {}, t.path), t.description ? el("p", {}, t.description) : "");
      node.append(table(t.columns.map((c) => withUnits(c.name, c.units)),
                        Array.from({length: t.shown_rows}, (_, r) => t.columns.map((c) =>
                            typeof c.values[r] === "number" ? fmt(c.values[r]) : c.values[r] === null ? "n/a"
                                                                                  : String(c.values[r]))), "summary"));
      if (t.rows > t.shown_rows) {
        node.append(el("p", {class: "note"}, "First " + t.shown_rows + " of " + t.rows + " rows; " +
                                             "`rapport export` writes them all."));
      }
      if (labelColumn && t.shown_rows <= 40) {
        const grid = el("div", {class: "figures"});
        node.append(grid);
        for (const c of numeric.slice(0, 4)) {
          const rows = t.columns[0].values.slice(0, t.shown_rows).map((_, r) =>
              ({label: String(labelColumn.values[r]), group: "value", value: c.values[r], base: 0}))
              .filter((r) => r.value !== null);
          if (!rows.length) continue;
          figure(grid, slug("table", t.path, c.name), t.path.split("/").pop() + ": " + c.name,
                 (c.description ? sentence(c.description) + ". " : "") + "Bars: the stored value per " +
                 labelColumn.name + "; no interval is stored with it.",
                 barSpec(rows, withUnits(c.name, c.units)));
        }
      }
    }
  }

  // --- Sweeps and sensitivity ------------------------------------------------------------------
  for (const sweep of data.sweeps) {
    const node = section(slug("sweep", sweep.name), "Sweep " + sweep.name,
        "A " + sweep.method + " design of " +
        sweep.points + " points, " + sweep.replicates + " replicate" + (sweep.replicates > 1 ? "s" : "") +
        " each, seed " + sweep.seed + "; base scenarios " + sweep.scenarios.join(", ") + ".");
    node.append(table(["parameter", "distribution", "low", "high"],
                      sweep.parameters.map((p) => [p.name, p.distribution, fmt(p.low), fmt(p.high)])));
    const grid = el("div", {class: "figures"});
    node.append(grid);
    sweep.scenarios.forEach((scenario) => sweep.outcomes.forEach((outcome, o) => {
      const rows = sweep.indices.filter((r) => r.scenario === scenario && r.outcome === outcome);
      const what = outcome + " (" + sweep.statistics[o].replace("_", " ") + ") in " + scenario;
      if (sweep.method === "sobol") {
        const bars = [];
        for (const r of rows) {
          bars.push({label: r.parameter, group: "total (ST)", value: r.ST, low: r.ST_ci_low, high: r.ST_ci_high, base: 0});
          bars.push({label: r.parameter, group: "first order (S1)", value: r.S1, low: r.S1_ci_low, high: r.S1_ci_high,
                     base: 0});
        }
        figure(grid, slug("sobol", sweep.name, scenario, outcome), "Sobol indices of " + what,
               "Bars: share of the outcome's variance over the design explained by each parameter alone (S1) and " +
               "with its interactions (ST), ranked by ST; whiskers: 95% bootstrap intervals.",
               barSpec(bars.filter((b) => b.value !== null), "Sobol index (share of variance)",
                       {groups: ["total (ST)", "first order (S1)"]}));
      } else if (sweep.method === "morris") {
        figure(grid, slug("morris", sweep.name, scenario, outcome), "Morris elementary effects of " + what,
               "Bars: mu*, the mean absolute elementary effect of each parameter over the unit design; no interval.",
               barSpec(rows.map((r) => ({label: r.parameter, group: "value", value: r.mu_star, base: 0})),
                       "mu* (outcome units per unit of the parameter's range)"));
      } else {
        figure(grid, slug("prcc", sweep.name, scenario, outcome), "Partial rank correlations of " + what,
               "Bars: partial rank correlation coefficient of each parameter with the outcome over the design; " +
               "no interval.",
               barSpec(rows.map((r) => ({label: r.parameter, group: "value", value: r.prcc, base: 0})),
                       "partial rank correlation", {domain: [-1, 1]}));
      }
      const swings = sweep.tornado.filter((t) => t.scenario === scenario && t.outcome === outcome &&
                                                 t.low !== null && t.high !== null);
      swings.sort((a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low));
      const tornado = [];
      for (const t of swings) {
        tornado.push({label: t.parameter, group: "parameter in its lowest fifth", value: t.low, base: t.overall});
        tornado.push({label: t.parameter, group: "parameter in its highest fifth", value: t.high, base: t.overall});
      }
      if (tornado.length) {
        figure(grid, slug("tornado", sweep.name, scenario, outcome), "Tornado diagram of " + what,
               "Bars run from the mean over all design points to the mean over the points where the parameter lies " +
               "in the lowest (or highest) fifth of its range: a one-way swing read off the global design, " +
               "longest first; no interval.",
               barSpec(tornado, outcome + " (" + sweep.statistics[o].replace("_", " ") + ")", {groups: ["parameter in its lowest fifth", "parameter in its highest fifth"],
                                          zero: false}));
      }
    }));
    if (sweep.robustness.length) {
      const a = sweep.robustness[0].policy_a, b = sweep.robustness[0].policy_b;
      node.append(el("h3", {}, "Robustness: " + a + " against " + b));
      node.append(table(["outcome", "better when", "design points", "share where " + a + " does better", "95% CI"],
                        sweep.robustness.map((r) => [r.outcome, r.better, r.points, fmt(r.share_a_better),
                                                     interval(r.ci_low, r.ci_high)])));
      figure(grid, slug("robustness", sweep.name), "Share of the design where " + a + " does better than " + b,
             "Bars: share of design points where " + a + " does better on each outcome (higher or lower as the " +
             "outcome's direction says; activity counts compare 'higher'); whiskers: 95% Wilson intervals.",
             barSpec(sweep.robustness.map((r) => ({label: r.outcome, group: "value", value: r.share_a_better,
                                                    low: r.ci_low, high: r.ci_high, base: 0})),
                     "share of design points", {domain: [0, 1]}));
    }
  }

  // --- Calibrations ------------------------------------------------------------------------------
  for (const c of data.calibrations) {
    const node = section(slug("calibration", c.name), "Calibration " + c.name,
        "Approximate Bayesian computation (" + c.method + ", " + c.generations + " generation(s)) of " + c.base +
        "; " + c.accepted + " accepted particles.");
    node.append(table(["parameter", "prior", "prior range", "posterior mean", "sd", "95% credible interval"],
                      c.parameters.map((p) => [p.name, p.prior, interval(p.low, p.high), fmt(p.mean), fmt(p.sd),
                                               interval(p.q025, p.q975)])));
    node.append(table(["target statistic", "published value", "distance scale", "posterior mean of the statistic"],
                      c.targets.map((t) => [t.statistic, fmt(t.value), fmt(t.scale), fmt(t.posterior)])));
    const grid = el("div", {class: "figures"});
    node.append(grid);
    for (const p of c.parameters) {
      const width = (p.high - p.low) / p.histogram.length;
      figure(grid, slug("posterior", c.name, p.name), "Posterior of " + p.name,
             "Bars: share of the weighted posterior sample in each twentieth of the prior range (" + p.prior +
             " prior on " + interval(p.low, p.high) + "); no interval.",
             {width: 420, height: 200, padding: 8,
              data: [{name: "bins", values: p.histogram.map((mass, i) =>
                  ({from: p.low + i * width, to: p.low + (i + 1) * width, mass: mass}))}],
              scales: [{name: "x", type: "linear", domain: [p.low, p.high], range: "width", zero: false},
                       {name: "y", type: "linear", domain: {data: "bins", field: "mass"}, range: "height", nice: true}],
              axes: [axis("bottom", "x", p.name + " (scenario units)"),
                     axis("left", "y", "share of posterior weight", {grid: true, gridOpacity: 0.25})],
              marks: [{type: "rect", from: {data: "bins"}, encode: {enter: {
                x: {scale: "x", field: "from"}, x2: {scale: "x", field: "to"}, y: {scale: "y", field: "mass"},
                y2: {scale: "y", value: 0}, fill: {value: DARK}, stroke: {value: "#fff"}, strokeWidth: {value: 0.5}}}}]});
    }
  }

  // --- Decisions ---------------------------------------------------------------------------------
  // Lines of y against x, one per series, coloured and dashed like the scenarios.
  function lineSpec(rows, names, xTitle, yTitle, yDomain) {
    return {
      width: WIDTH, height: 260, padding: 8,
      data: [{name: "rows", values: rows}],
      scales: [
        {name: "x", type: "linear", domain: {data: "rows", field: "x"}, range: "width", zero: false, nice: false},
        {name: "y", type: "linear", domain: yDomain || {data: "rows", field: "y"}, range: "height", nice: true},
        {name: "colour", type: "ordinal", domain: names, range: names.map((n, i) => PALETTE[i % PALETTE.length])},
        {name: "dash", type: "ordinal", domain: names, range: names.map((n, i) => DASHES[i % DASHES.length])}],
      axes: [axis("bottom", "x", xTitle), axis("left", "y", yTitle, {grid: true, gridOpacity: 0.25})],
      legends: [{stroke: "colour", strokeDash: "dash", title: "policy", symbolType: "stroke", symbolSize: 500,
                 symbolStrokeWidth: 2.5, orient: "right", labelFontSize: 11, titleFontSize: 12}],
      marks: [{type: "group", from: {facet: {name: "series", data: "rows", groupby: "series"}},
               marks: [{type: "line", from: {data: "series"}, encode: {enter: {
                 x: {scale: "x", field: "x"}, y: {scale: "y", field: "y"},
                 stroke: {scale: "colour", field: "series"}, strokeDash: {scale: "dash", field: "series"},
                 strokeWidth: {value: 2}}}}]}],
    };
  }

  for (const d of data.decisions) {
    const node = section(slug("decision", d.name), "Decision " + d.name,
        (d.description ? sentence(d.description) + ". " : "") + "Probabilistic sensitivity analysis over " + d.draws +
        " parameter draws, every policy run on each draw with common random numbers (docs/DECISION.md).");
    if (d.summary_text) node.append(el("blockquote", {}, d.summary_text));
    if (d.expected_net_benefit.length === d.policies.length) {
      node.append(table(["policy", "expected net benefit", "95% CI (Monte Carlo)", "probability best"],
                        d.policies.map((p, i) => [p + (p === d.optimal ? " (optimal)" : ""),
                                                  fmt(d.expected_net_benefit[i]),
                                                  interval(d.expected_ci_low[i], d.expected_ci_high[i]),
                                                  fmt(d.probability_best[i])])));
    }
    const grid = el("div", {class: "figures"});
    node.append(grid);
    if (d.expected_net_benefit.length === d.policies.length) {
      figure(grid, slug("net_benefit", d.name), "Expected net benefit per policy",
             "Bars: expected net benefit over the parameter draws; whiskers: its 95% Monte Carlo interval.",
             barSpec(d.policies.map((p, i) => ({label: p, group: "value", value: d.expected_net_benefit[i],
                                                 low: d.expected_ci_low[i], high: d.expected_ci_high[i], base: 0})),
                     "expected net benefit (net-benefit units)"));
    }
    const w = d.willingness_to_pay;
    if (w.length && d.acceptability.length === w.length * d.policies.length) {
      const rows = [];
      w.forEach((x, k) => d.policies.forEach((p, i) => rows.push(
          {series: p, x: x, y: d.acceptability[k * d.policies.length + i]})));
      figure(grid, slug("acceptability", d.name), "Acceptability curves",
             "Lines: share of parameter draws in which each policy has the highest net benefit, at each " +
             "willingness to pay; no band (each point is a share of the draws).",
             lineSpec(rows, d.policies, "willingness to pay (cost units per unit of health)",
                      "probability best", [0, 1]));
    }
    if (d.evppi.length && d.evppi.length === d.parameters.length) {
      const bars = d.parameters.map((p, j) => ({label: p, group: "value", value: d.evppi[j], base: 0}))
          .concat(d.group_names.map((g, j) => ({label: "group: " + g, group: "value", value: d.group_evppi[j], base: 0})))
          .sort((a, b) => b.value - a.value);
      figure(grid, slug("evppi", d.name), "Expected value of partial perfect information",
             "Bars: EVPPI per parameter (and group), by the regression method of Strong, Oakley and Brennan " +
             "(2014) on the draws: what resolving that uncertainty alone is worth; no interval.",
             barSpec(bars, "EVPPI (net-benefit units)"));
    }
    if (d.tornado_parameter.length && d.tornado_base_increment !== null) {
      const bars = [];
      d.tornado_parameter.forEach((j, i) => {
        const label = d.parameters[j] || String(j);
        bars.push({label: label, group: "parameter at its low end", value: d.tornado_at_low[i],
                   base: d.tornado_base_increment});
        bars.push({label: label, group: "parameter at its high end", value: d.tornado_at_high[i],
                   base: d.tornado_base_increment});
      });
      figure(grid, slug("decision_tornado", d.name), "Tornado diagram: what would change the recommendation",
             "Bars run from the base case to the net benefit of " + d.tornado_base + " minus that of the best " +
             "alternative with one parameter at the low or high end of its range (below zero: the recommendation " +
             "changes); no interval.",
             barSpec(bars, "net-benefit margin of " + d.tornado_base + " (net-benefit units)",
                     {groups: ["parameter at its low end", "parameter at its high end"], zero: true}));
    }
  }

  main.append(el("footer", {}, "Colours: Okabe-Ito palette, each scenario also with its own dash pattern, readable in " +
                                "greyscale and with any colour-vision deficiency. Numbers are rounded to four " +
                                "significant digits; `rapport summarize --csv` and `rapport export` give them exactly."));

  document.body.dataset.figures = String(pending.length);
  Promise.all(pending).then(() => { document.body.dataset.status = "rendered"; }, (error) => {
    document.body.dataset.status = "error";
    console.error("rapport report: a figure failed to render: " + error);
  });
})();
