"""rapport in Python: scenarios, runs and results in process (docs/PYTHON.md).

The simulation is the C++ core of the ``rapport`` command line, so a run from Python and
the same run from the CLI give bit-identical results:

    import rapport
    status_quo = rapport.Scenario.from_file("scenarios/status_quo.toml")
    selective = rapport.Scenario.from_file("scenarios/selective.toml")
    results = rapport.run([status_quo, selective], replicates=4, seed=1, days=365)
    results.metric("selective", "trust_mean")          # NumPy array [replicates, days], no copy
    rapport.summarize(results, baseline="status_quo")  # pandas DataFrame, as `rapport summarize --csv`
"""

import contextlib
import numbers
import os
import pathlib
import tempfile

import numpy as np

from ._rapport import ConfigError, Error, NativeScenario, OutputError, ResultsFileError, __version__
from . import _rapport

__all__ = ["Scenario", "Results", "run", "summarize", "requester_effects", "physician_risks", "physician_workload",
           "report", "Error", "ConfigError", "OutputError", "ResultsFileError", "__version__"]


def _flat(values, prefix=""):
    """Nested dicts as dotted keys ({"run": {"days": 30}} -> {"run.days": 30}); NumPy scalars as Python ones."""
    flat = {}
    for key, value in values.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flat(value, dotted + "."))
        else:
            flat[dotted] = value.item() if isinstance(value, np.generic) else value
    return flat


class Scenario:
    """A scenario, resolved and validated exactly as ``rapport run`` does it.

    ``Scenario.from_file(path)`` reads a scenario file (with its ``extends`` chain); its name
    is the file's stem. ``Scenario(values, name="scenario")`` takes the keys of a scenario
    file as a dict, dotted (``{"run.days": 30}``) or nested (``{"run": {"days": 30}}``); an
    ``"extends"`` entry names a base file, relative to the working directory. Bad keys or
    values raise ``rapport.ConfigError`` with the CLI's message.
    """

    def __init__(self, values, name="scenario"):
        if isinstance(values, NativeScenario):
            self._native = values
        else:
            self._native = NativeScenario.from_dict(_flat(values), name, "Scenario(dict)")

    @classmethod
    def from_file(cls, path):
        """The scenario of a TOML file, named after the file's stem."""
        return cls(NativeScenario.from_file(str(path)))

    def with_(self, overrides=None, /, **keyword_overrides):
        """A copy with some keys set, as ``rapport run --set key=value`` sets them.

        Keys are dotted: pass a dict, ``s.with_({"run.days": 30})``, or unpack one as keywords,
        ``s.with_(**{"run.days": 30})`` (Python keywords cannot contain dots, so ``s.with_(run.days=30)``
        is not possible). Overrides accumulate over chained calls, like repeated ``--set``;
        setting one share of an atomic table (``policy.mix``) replaces the whole table.
        """
        values = _flat(overrides or {})
        values.update(_flat(keyword_overrides))
        return Scenario(self._native.with_overrides(values, "with_"))

    @property
    def name(self):
        """The name of the scenario's group in results (a file's stem, or the name given)."""
        return self._native.name

    @property
    def file(self):
        """The scenario file, or None for a scenario built from a dict."""
        return self._native.file

    @property
    def values(self):
        """Every key of the resolved scenario with its value (defaults included), as a dict."""
        return self._native.values

    def __getitem__(self, key):
        return self._native.values[key]

    def to_toml(self):
        """The complete configuration as TOML text, as stored in a results file."""
        return self._native.to_toml()

    def __repr__(self):
        source = f"from {self.file}" if self.file is not None else "from a dict"
        return f"<rapport.Scenario {self.name!r} {source}>"


class Results:
    """The results of ``rapport.run()``: every replicate of every scenario.

    ``metrics(scenario)`` gives each metric as a read-only NumPy array ``[replicates, days]``
    viewing the results' own memory (no copy); ``to_pandas()`` the tidy long table;
    ``save(path)`` the results file ``rapport run`` writes; ``rapport.summarize(results)``
    the statistics of ``rapport summarize``.
    """

    def __init__(self, native, command):
        self._native = native
        self._command = command
        self._analysed = None  # the results as `rapport summarize` reads them, once asked for

    @property
    def scenarios(self):
        """Scenario names, in the order they were run."""
        return list(self._native.scenarios)

    @property
    def metric_names(self):
        """Every metric's name (docs/RESULTS.md), in name order."""
        return list(self._native.metrics)

    @property
    def wall_seconds(self):
        """How long the simulation took."""
        return self._native.wall_seconds

    def metric(self, scenario, metric):
        """One metric of one scenario: a read-only float64 array [replicates, days], without a copy."""
        return self._native.metric(scenario, metric)

    def metrics(self, scenario):
        """Every metric of one scenario, by name: read-only arrays [replicates, days], without copies."""
        return {name: self._native.metric(scenario, name) for name in self._native.metrics}

    def days(self, scenario):
        return self._native.days(scenario)

    def replicates(self, scenario):
        return self._native.replicates(scenario)

    def to_pandas(self):
        """The tidy long table of every daily value, as ``rapport export`` writes metrics.csv:
        columns scenario, replicate, day, metric, value (one row per value)."""
        import pandas as pd

        frames = []
        names = self.metric_names
        for index, scenario in enumerate(self.scenarios):
            replicates, days = self.replicates(scenario), self.days(scenario)
            values = np.stack([self.metric(scenario, name) for name in names], axis=2)  # [replicate, day, metric]
            frames.append(pd.DataFrame({
                "scenario": pd.Categorical.from_codes(np.full(values.size, index), categories=self.scenarios),
                "replicate": np.repeat(np.arange(replicates), days * len(names)),
                "day": np.tile(np.repeat(np.arange(days), len(names)), replicates),
                "metric": pd.Categorical.from_codes(np.tile(np.arange(len(names)), replicates * days), categories=names),
                "value": values.reshape(-1),
            }))
        return pd.concat(frames, ignore_index=True)

    def save(self, path, force=False):
        """Writes the results file ``rapport run`` writes for the same scenarios (docs/RESULTS.md),
        all at once or not at all; an existing file is replaced only with ``force=True``.
        Raises rapport.OutputError."""
        self._native.save(str(path), force, self._command)

    def __repr__(self):
        return f"<rapport.Results of {', '.join(self.scenarios)}>"


def _scenario(item):
    if isinstance(item, Scenario):
        return item
    if isinstance(item, dict):
        return Scenario(item)
    return Scenario.from_file(item)


def run(scenarios, replicates=None, seed=None, days=None, threads=None):
    """Simulates every replicate of every scenario, as ``rapport run`` does.

    ``scenarios``: a Scenario, a scenario file's path, or a list of them (names must be unique).
    ``replicates``, ``seed`` and ``days`` override run.replicates, run.seed and run.days of each
    scenario (as the CLI's options do); ``threads`` defaults to every core. Replicate r of every
    scenario shares its random numbers, so differences between scenarios are paired.
    Python keeps running other threads meanwhile (the GIL is released), and Ctrl-C stops the
    run with KeyboardInterrupt. Returns Results.
    """
    if isinstance(scenarios, (Scenario, str, dict)) or hasattr(scenarios, "__fspath__"):
        scenarios = [scenarios]
    scenarios = [_scenario(s) for s in scenarios]
    overrides = {key: value for key, value in
                 (("run.replicates", replicates), ("run.seed", seed), ("run.days", days)) if value is not None}
    if overrides:
        scenarios = [Scenario(s._native.with_overrides(overrides, "rapport.run")) for s in scenarios]
    if threads is not None and (not isinstance(threads, numbers.Integral) or not 1 <= threads <= 1024):
        raise ConfigError(f"rapport.run: threads: {threads!r} is out of range; allowed: an integer from 1 to 1024")
    arguments = [repr([s.name for s in scenarios])]
    arguments += [f"{key}={value!r}" for key, value in
                  (("replicates", replicates), ("seed", seed), ("days", days), ("threads", threads)) if value is not None]
    command = f"python: rapport.run({', '.join(arguments)})"
    native = _rapport.run([s._native for s in scenarios], int(threads or 0))
    return Results(native, command)


@contextlib.contextmanager
def _results_path(results):
    """A results file of ``results``: the path given, or the file ``results.save()`` writes, in a
    temporary directory for as long as the block runs."""
    if not isinstance(results, Results):
        yield os.fspath(results)
        return
    with tempfile.TemporaryDirectory(prefix="rapport-") as directory:
        path = pathlib.Path(directory) / "results.h5"
        results.save(path)
        yield str(path)


def _analysed(results):
    """``results`` (a Results or a results file's path) loaded as ``rapport summarize`` loads a file,
    so the statistics come from the same code and the same bits as the CLI's."""
    if isinstance(results, Results):
        if results._analysed is None:
            with _results_path(results) as path:
                results._analysed = _rapport.ResultsFile(path)
        return results._analysed
    return _rapport.ResultsFile(os.fspath(results))


def summarize(results, baseline=None, metrics=None, mid=None):
    """The population table of ``rapport summarize --csv`` as a DataFrame: per scenario and metric,
    the statistic across replicates with its interval and, with a ``baseline`` scenario, the
    paired difference from it (docs/ANALYSIS.md). ``results``: a Results or a results file's
    path. ``metrics``: only these; ``mid``: minimum important differences by metric, e.g.
    {"trust_mean": 0.02}. Effects per requester, physicians' risks and workload, the other tables of
    ``rapport summarize``, are ``requester_effects()``, ``physician_risks()`` and ``physician_workload()``."""
    import io

    import pandas as pd

    mid_items = [f"{name}={value}" for name, value in (mid or {}).items()]
    text = _analysed(results).summary_csv(baseline, list(metrics or []), mid_items)
    return pd.read_csv(io.StringIO(text))


def requester_effects(results, baseline):
    """The effects per requester ``rapport summarize --baseline`` prints, as a DataFrame: per
    scenario other than ``baseline`` and outcome, the change in population totals per requester,
    in total, direct (the requesters' own) and spill-over (everyone else's), each paired by
    replicate with its 95% interval (docs/ANALYSIS.md, "Effects per requester")."""
    import pandas as pd

    return pd.DataFrame(_analysed(results).requester_effects(baseline))


def physician_risks(results, career_years=30.0, metrics=None):
    """The physician-level risks of ``rapport summarize``, as a DataFrame: per scenario and rare
    event count, events, exposure, rates per replicate-year, per 1,000 physician-years and per
    1,000 requests and the probability of at least one event over ``career_years``, each with its
    exact Poisson 95% interval (docs/ANALYSIS.md, "Physician-level risk")."""
    import pandas as pd

    return pd.DataFrame(_analysed(results).physician_risks(float(career_years), list(metrics or [])))


def physician_workload(results):
    """The physician workload table of ``rapport summarize``, as a DataFrame: per scenario, measure
    (minutes asked, worked, after hours, backlog, ...) and physician group (``all``, or ``findable``:
    the physicians a friend-request policy can act on), the group's mean per physician across
    replicates with its 95% t-interval raised to 0; minutes are per workday (docs/ANALYSIS.md,
    "Physician workload")."""
    import pandas as pd

    return pd.DataFrame(_analysed(results).physician_workload())


def report(results, output, baseline=None, force=False):
    """Writes the self-contained HTML page of ``rapport report`` for ``results`` (a Results or a
    results file's path) to ``output``; an existing page is replaced only with ``force=True``.
    ``baseline``: the scenario every other is compared with (default: decline_all when present)."""
    with _results_path(results) as path:
        _rapport.report(path, os.fspath(output), baseline, force)
