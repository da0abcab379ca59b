#!/usr/bin/python3
"""Writes `rapport report` pages for a run, a sweep and a calibration (and for a run file
given extra groups of the kinds other outputs add) and opens each in headless Chromium:
no console error, every expected figure present and drawn, no network request of any
kind; saves a full-page screenshot of each beside the work files.

usage: report_in_browser.py <rapport executable> <work directory>
"""
import json
import pathlib
import re
import shutil
import subprocess
import sys
import time

import h5py
import numpy as np
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service

SCENARIOS = {
    "decline_all": '[policy.mix]\ndecline_all = 1.0\n',
    "secure_portal": '[policy.mix]\nsecure_portal = 1.0\n',
    "mixed": '[policy]\ndisclosed = true\n[policy.mix]\ndecline_all = 0.5\nprofessional_page = 0.5\n',
}
COMMON = ("[run]\ndays = 40\nreplicates = 3\nseed = 5\n"
          "[population]\nphysicians = 6\npatients_per_physician = 60\n"
          "[requests]\nrate_per_year = 0.5\n")
SWEEP = """name = "tiny"
description = "two policies over a small Sobol design"
scenarios = ["decline_all.toml", "secure_portal.toml"]
outcomes = ["trust_mean", "friend_requests"]
[design]
method = "sobol"
samples = 8
replicates = 1
seed = 3
[set]
run.days = 30
[[parameters]]
key = "requests.rate_per_year"
low = 0.1
high = 1.0
[[parameters]]
key = "trust.redirect_portal"
low = 0.0
high = 0.03
"""
CALIBRATION = """base = "decline_all.toml"
[set]
run.days = 30
[[parameters]]
key = "requests.rate_per_year"
prior = "uniform"
low = 0.05
high = 1.0
[[targets]]
statistic = "requests_per_findable_physician_per_year"
value = 0.36
[abc]
method = "rejection"
samples = 24
accept = 0.25
seed = 2
"""


def slug(*parts):
    """The figure id rule of analysis/report/assets/report.js."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", "-".join(parts))


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def strings(dataset):
    return [text(v) for v in dataset[()]]


def expected_figures(path):
    """The figures a committee must see, derived from the file itself."""
    figures = set()
    with h5py.File(path) as f:
        if "scenarios" in f:
            names = list(f["scenarios"])
            metrics = list(f["scenarios"][names[0]]["metrics"])
            figures |= {slug("trajectory", m) for m in metrics}
            if "decline_all" in names and len(names) > 1:
                figures |= {slug("difference", m) for m in metrics}
            for name in names:
                def visit(inner, obj, name=name):
                    if isinstance(obj, h5py.Dataset) and obj.shape == f["scenarios"][name]["metrics"][metrics[0]].shape:
                        # An arm no physician follows in this scenario is not drawn for it.
                        parts = inner.split("/")
                        if parts[0] == "arms" and len(parts) == 3 and \
                                not f["scenarios"][name]["arms"][parts[1]]["physicians"][()].any():
                            return
                        figures.add(slug("series", inner))
                group = f["scenarios"][name]
                for child in group:
                    if child not in ("metrics", "summary", "day", "physicians", "distributions") and \
                            isinstance(group[child], h5py.Group):
                        group[child].visititems(lambda inner, obj, c=child: visit(c + "/" + inner, obj))
        for sweep_name, sweep in f.get("sweeps", {}).items():
            bases, outcomes = strings(sweep["scenarios"]), strings(sweep["outcome_names"])
            for base in bases:
                for outcome in outcomes:
                    figures |= {slug("sobol", sweep_name, base, outcome), slug("tornado", sweep_name, base, outcome)}
            if len(bases) > 1:
                figures.add(slug("robustness", sweep_name))
        for name, calibration in f.get("calibrations", {}).items():
            figures |= {slug("posterior", name, p) for p in strings(calibration["parameters"])}
    return figures


def add_outputs_of_other_kinds(path):
    """Groups of the shapes other outputs take: a daily series by cohort and a labelled table
    per scenario, and a decision in the layout `rapport decide` writes (docs/DECISION.md)."""
    figures = {slug("series", "requesters/by_response/trust_declined")}
    with h5py.File(path, "r+") as f:
        for name, scenario in f["scenarios"].items():
            shape = scenario["metrics"]["trust_mean"].shape
            series = scenario.create_dataset("requesters/by_response/trust_declined",
                                             data=np.random.default_rng(1).uniform(0.5, 0.7, shape))
            series.attrs["units"] = "trust (0-1)"  # h5py writes a variable-length string
            series.attrs["description"] = "mean trust of requesters who were declined"
            scenario.create_dataset("career/outcome", data=np.array([b"breach", b"complaint"]))
            scenario.create_dataset("career/probability_at_least_one", data=np.array([0.02, 0.11]))
            figures.add(slug("table", f"/scenarios/{name}/career", "probability_at_least_one"))
        d = f.create_group("decisions/guideline")
        d.attrs["description"] = np.bytes_("two guidelines")
        d.attrs["draws"] = 40
        d.create_dataset("policies", data=np.array([b"decline_all", b"secure_portal"]))
        d.create_dataset("parameters", data=np.array([b"requests.rate_per_year", b"trust.redirect_portal"]))
        d.create_dataset("summary/expected_net_benefit", data=np.array([1.5, 2.25]))
        d.create_dataset("summary/expected_ci_low", data=np.array([1.25, 2.0]))
        d.create_dataset("summary/expected_ci_high", data=np.array([1.75, 2.5]))
        d.create_dataset("summary/probability_best", data=np.array([0.3, 0.7]))
        d["summary"].attrs["optimal"] = np.bytes_("secure_portal")
        d["summary"].attrs["text"] = np.bytes_("recommend secure_portal; probability best 0.70")
        wtp = np.linspace(0, 1000, 11)
        d.create_dataset("acceptability/willingness_to_pay", data=wtp)
        best = np.clip(0.5 + wtp / 2500, 0, 1)
        d.create_dataset("acceptability/probability_best", data=np.stack([1 - best, best], axis=1))
        d.create_dataset("evppi/parameter", data=np.array([0.4, 0.05]))
        d.create_dataset("tornado/parameter", data=np.array([0, 1]))
        d.create_dataset("tornado/at_low", data=np.array([-0.2, 0.6]))
        d.create_dataset("tornado/at_high", data=np.array([1.4, 0.9]))
        d["tornado"].attrs["base_optimal"] = np.bytes_("secure_portal")
        d["tornado"].attrs["base_increment"] = 0.75
    return figures | {slug(kind, "guideline") for kind in ("net_benefit", "acceptability", "evppi", "decision_tornado")}


def browser(work):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions", f"--user-data-dir={work / 'chromium-profile'}",
                 "--window-size=1400,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)


FIGURE_STATE = """
return Array.from(document.querySelectorAll('figure.chart')).map(function (figure) {
  var svg = figure.querySelector('svg');
  var box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  var marks = figure.querySelectorAll('g.mark-line path, g.mark-area path, g.mark-rect path, g.mark-rule line');
  var drawn = Array.from(marks).filter(function (m) {
    return m.tagName === 'line' || (m.getAttribute('d') || '').length > 2; }).length;
  return {id: figure.dataset.figure, rendered: figure.dataset.rendered === 'true',
          width: box.width, height: box.height, marks: drawn,
          title: (figure.querySelector('h3') || {}).textContent || '',
          caption: (figure.querySelector('figcaption') || {}).textContent || '',
          axisTitles: Array.from(figure.querySelectorAll('g.role-axis-title text')).map(function (t) {
            return t.textContent; })};
});
"""


# The headline table's width beside its wrapper's: the last column (the minimum important
# difference) must be in view without scrolling.
HEADLINE_WIDTH = """
var wrap = document.querySelector('#headline .table-wrap');
return wrap ? {table: wrap.scrollWidth, visible: wrap.clientWidth} : null;
"""
# Each legend's entries as fill, stroke colour and dash pattern (lines differ by stroke and dash,
# bars by fill).
LEGEND_STYLES = """
return Array.from(document.querySelectorAll('figure.chart')).map(function (figure) {
  return {id: figure.dataset.figure, styles: Array.from(figure.querySelectorAll('.role-legend-symbol path')).map(
      function (p) { return [p.getAttribute('fill'), p.getAttribute('stroke'), p.getAttribute('stroke-dasharray')]
                                .map(function (a) { return a || ''; }).join(' '); })};
});
"""


def check_page(driver, page, expected, screenshot):
    failures = []
    driver.get_log("performance")  # drop what the browser's start page did
    driver.get_log("browser")
    driver.get(page.resolve().as_uri())
    deadline = time.time() + 90
    while time.time() < deadline and not driver.execute_script("return document.body.dataset.status || ''"):
        time.sleep(0.2)
    status = driver.execute_script("return document.body.dataset.status || ''")
    if status != "rendered":
        failures.append(f"{page.name}: page status '{status}', not 'rendered'")

    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    failures += [f"{page.name}: console {e['level']}: {e['message']}" for e in errors]

    # Every request made for the page, from the DevTools network events, and the page's own view.
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent" and \
                message["params"].get("documentURL") == page.resolve().as_uri():
            requests.append(message["params"]["request"]["url"])
    if page.resolve().as_uri() not in requests:
        failures.append(f"{page.name}: the network log did not record the page itself; the check is blind")
    extra = [url for url in requests if url != page.resolve().as_uri()]
    failures += [f"{page.name}: the page requested {url}" for url in extra]
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    failures += [f"{page.name}: resource loaded: {url}" for url in resources]

    figures = driver.execute_script(FIGURE_STATE)
    present = {f["id"] for f in figures}
    failures += [f"{page.name}: figure {name} missing" for name in sorted(expected - present)]
    # A policy arm no scenario has would be flat zeros: it must not be drawn.
    failures += [f"{page.name}: figure {name} of an arm no physician follows" for name in
                 sorted(p for p in present - expected if p.startswith(slug("series", "arms")))]
    for f in figures:
        if not (f["rendered"] and f["width"] > 100 and f["height"] > 50 and f["marks"] > 0):
            failures.append(f"{page.name}: figure {f['id']} not drawn: {f}")
        if not f["title"].strip() or "band" not in f["caption"] and "Bars" not in f["caption"]:
            failures.append(f"{page.name}: figure {f['id']} lacks a title or a caption saying what is drawn")
        if len([t for t in f["axisTitles"] if t.strip()]) < 1:
            failures.append(f"{page.name}: figure {f['id']} has no axis title")
    if figures and any("(" not in t for f in figures if f["id"].startswith("trajectory") for t in f["axisTitles"][-1:]):
        failures.append(f"{page.name}: a trajectory's value axis lacks its units")

    headline = driver.execute_script(HEADLINE_WIDTH)
    if headline and headline["table"] > headline["visible"] + 1:
        failures.append(f"{page.name}: the headline table is wider than the page ({headline}); its last columns hide")
    for legend in driver.execute_script(LEGEND_STYLES):
        if len(set(legend["styles"])) != len(legend["styles"]):
            failures.append(f"{page.name}: figure {legend['id']}: two legend entries share colour and dash: "
                            f"{legend['styles']}")

    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(height + 40, 16000))
    try:
        driver.save_screenshot(str(screenshot))
    except TimeoutException:
        # The screenshot is a record for people, not a check: on a loaded machine the
        # renderer can take longer than ChromeDriver's 10 s for a page this tall, so keep
        # the first screen instead.
        print(f"{page.name}: full-page screenshot timed out; saving the first screen")
        driver.set_window_size(1400, 1000)
        driver.save_screenshot(str(screenshot))
    return failures, len(figures)


def main(rapport, work):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name, body in SCENARIOS.items():
        (work / f"{name}.toml").write_text(COMMON + body)
    (work / "tiny_sweep.toml").write_text(SWEEP)
    (work / "calibration.toml").write_text(CALIBRATION)

    def rapport_command(*args):
        subprocess.run([rapport, *args], check=True, cwd=work, stdout=subprocess.DEVNULL)

    rapport_command("run", *[f"{n}.toml" for n in SCENARIOS], "-o", "run.h5", "--quiet")
    # More scenarios than the palette has colours: each must still be told apart.
    many = ["decline_all.toml"] + [f"policy_{i}.toml" for i in range(1, 10)]
    for name in many[1:]:
        (work / name).write_text(COMMON + SCENARIOS["secure_portal"])
    rapport_command("run", *many, "-o", "many.h5", "--quiet", "--days", "20")
    rapport_command("sweep", "tiny_sweep.toml", "-o", "sweep.h5", "--quiet")
    rapport_command("calibrate", "calibration.toml", "-o", "calibration.h5", "--quiet")
    shutil.copy(work / "run.h5", work / "extended.h5")
    extra_figures = add_outputs_of_other_kinds(work / "extended.h5")

    failures = []
    driver = browser(work)
    try:
        for stem in ("run", "many", "sweep", "calibration", "extended"):
            rapport_command("report", f"{stem}.h5", "-o", f"{stem}.html")
            expected = expected_figures(work / f"{stem}.h5")
            if stem == "extended":
                expected |= extra_figures
            found, count = check_page(driver, work / f"{stem}.html", expected, work / f"{stem}.png")
            failures += found
            print(f"{stem}.html: {count} figures drawn, {len(expected)} expected; screenshot {stem}.png")
    finally:
        driver.quit()
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
