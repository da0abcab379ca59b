"""rapport in Python: scenarios, runs and results in process (docs/PYTHON.md).

The simulation is the C++ core of the ``rapport`` command line, so a run from Python and
the same run from the CLI give bit-identical results:

    import rapport
    status_quo = rapport.Scenario.from_file("scenarios/status_quo.toml")
    selective = rapport.Scenario.from_file("scenarios/selective.toml")
    results = rapport.run([status_quo, selective], replicates=4, seed=1, days=365)
    results.metric("selective", "trust_mean")          # NumPy array [replicates, days], no copy
    rapport.summarize(results, baseline="status_quo")  # pandas DataFrame, as `rapport summarize --csv`
    decision = rapport.decide("scenarios/decisions/guideline.toml", "decision.h5")  # as `rapport decide`
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
           "report", "Decision", "decide", "Sweep", "sweep", "Sensitivity", "sensitivity", "Error", "ConfigError", "OutputError", "ResultsFileError", "__version__"]


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
    _check_threads("rapport.run", threads)
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


def summarize(results, baseline=None, metrics=None, mid=None, write=False, career_years=30.0):
    """The population table of ``rapport summarize --csv`` as a DataFrame: per scenario and metric,
    the statistic across replicates with its interval and, with a ``baseline`` scenario, the
    paired difference from it (docs/ANALYSIS.md). ``results``: a Results or a results file's
    path. ``metrics``: only these; ``mid``: minimum important differences by metric, e.g.
    {"trust_mean": 0.02}. Effects per requester, physicians' risks and workload, the other tables of
    ``rapport summarize``, are ``requester_effects()``, ``physician_risks()`` and ``physician_workload()``.

    ``write=True`` also does what ``summarize --write`` does: stores the summaries of every metric,
    the per-day bands, the risks (over ``career_years``), the workload and, with a baseline, the
    effects per requester into the results file (a path, not a Results: save it first) under
    ``/scenarios/<name>/summary``, replacing the file atomically. Raises rapport.OutputError
    when it cannot be written (the file is then unchanged)."""
    import io

    import pandas as pd

    if write and isinstance(results, Results):
        raise ConfigError("rapport.summarize: write=True stores the summaries into a results file: "
                          "pass its path (Results.save() writes one)")
    mid_items = [f"{name}={value}" for name, value in (mid or {}).items()]
    analysed = _analysed(results)
    text = analysed.summary_csv(baseline, list(metrics or []), mid_items)
    if write:
        analysed.store_summary(baseline, mid_items, float(career_years))
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


def _check_threads(function, threads):
    if threads is not None and (not isinstance(threads, numbers.Integral) or not 1 <= threads <= 1024):
        raise ConfigError(f"{function}: threads: {threads!r} is out of range; allowed: an integer from 1 to 1024")


def _call(function, *arguments, **keywords):
    """How a call is recorded in a file's root attribute ``command``."""
    shown = [repr(os.fspath(a)) if hasattr(a, "__fspath__") else repr(a) for a in arguments]
    shown += [f"{key}={value!r}" for key, value in keywords.items() if value not in (None, False)]
    return f"python: rapport.{function}({', '.join(shown)})"


class Decision:
    """A finished ``rapport.decide()``: the tables ``rapport decide`` writes under
    ``/decisions/<name>/`` (docs/DECISION.md), as pandas DataFrames.

    ``summary`` (expected net benefit per policy with its Monte Carlo interval, the 2.5%-97.5%
    range over draws and the probability best), ``acceptability`` (the curves, long),
    ``frontier`` (optimal policy, its probability best and the EVPI at each willingness to
    pay), ``evppi`` (per parameter and group), ``switches`` (where the optimal policy changes,
    one-way), ``tornado``, ``two_way``, and the PSA draws (``parameter_draws``,
    ``net_benefit_draws``); ``text`` is the sentence a society could quote, ``output`` the file.
    """

    def __init__(self, native, output):
        import pandas as pd

        tables = native.tables()
        self.output = output
        self.name = tables["name"]
        self.policies = list(tables["policies"])
        self.parameters = list(tables["parameters"])
        self.optimal = tables["optimal"]
        self.evpi = tables["evpi"]
        self.text = tables["text"]
        self.willingness_to_pay = tables["willingness_to_pay_headline"]
        self.summary = pd.DataFrame(tables["summary"])
        self.parameter_draws = pd.DataFrame(tables["psa_parameters"], columns=self.parameters)
        self.net_benefit_draws = pd.DataFrame(tables["psa_net_benefit"], columns=self.policies)
        wtp = np.asarray(tables["willingness_to_pay"])
        curves = tables["acceptability"]
        self.acceptability = pd.DataFrame({
            "willingness_to_pay": np.repeat(wtp, len(self.policies)),
            "policy": np.tile(self.policies, len(wtp)),
            "probability_best": curves.reshape(-1),
        })
        self.frontier = pd.DataFrame({
            "willingness_to_pay": wtp,
            "policy": [self.policies[p] for p in tables["frontier_policy"]],
            "probability_best": tables["frontier_probability"],
            "evpi": tables["evpi_curve"],
        })
        self.evppi = pd.DataFrame(tables["evppi"], columns=["name", "kind", "members", "evppi", "effective_df"])
        self.switches = pd.DataFrame(tables["switches"], columns=["parameter", "base", "value", "from", "to"])
        self.tornado = pd.DataFrame(tables["tornado"], columns=["parameter", "low_value", "high_value", "at_low", "at_high"])
        self.base_optimal = tables.get("base_optimal")
        self.base_increment = tables.get("base_increment")
        self.two_way_parameters = tables.get("two_way_parameters")
        first, second = self.two_way_parameters or ("first", "second")
        self.two_way = pd.DataFrame(tables["two_way"], columns=[first, second, "optimal"])

    def __repr__(self):
        return f"<rapport.Decision {self.name!r}: {self.optimal} recommended>"


def decide(decision, output=None, threads=None, force=False, resume=False):
    """Runs a decision file as ``rapport decide DECISION -o OUTPUT`` does (docs/DECISION.md):
    the probabilistic sensitivity analysis, the threshold analysis, and ``/decisions/<name>/``
    in the results file ``output``, the same datasets as the CLI's for the same file. Without
    ``output`` the file goes to a temporary directory and is removed once read.
    ``threads`` defaults to every core; ``force`` replaces an existing output; ``resume``
    finishes from the journal an interrupted decision left beside ``output``. The GIL is
    released meanwhile, and Ctrl-C stops it with KeyboardInterrupt (finished runs stay in the
    journal). Returns a Decision. Raises rapport.ConfigError (a bad decision or scenario file)
    and rapport.OutputError (an output that exists without ``force``, or cannot be written).
    """
    return _journaled("decide", _rapport.decide, Decision, decision, output, threads, force, resume)


def _journaled(function, native_call, wrap, source, output, threads, force, resume):
    """A journaled command (sweep, decide) into ``output``, or into a temporary file removed once read."""
    _check_threads(f"rapport.{function}", threads)
    if force and resume:
        raise ConfigError(f"rapport.{function}: force and resume exclude each other")
    command = _call(function, source, output, threads=threads, force=force, resume=resume)
    if output is not None:
        return wrap(native_call(os.fspath(source), os.fspath(output), int(threads or 0), force, resume, command),
                    pathlib.Path(output))
    with tempfile.TemporaryDirectory(prefix="rapport-") as directory:
        path = pathlib.Path(directory) / f"{function}.h5"
        return wrap(native_call(os.fspath(source), str(path), int(threads or 0), False, False, command), None)


class Sweep:
    """A finished ``rapport.sweep()``: what ``rapport sweep`` writes under ``/sweeps/<name>/``
    (docs/SENSITIVITY.md). ``design`` is the DataFrame of the parameter values simulated, one
    row per point (``samples``: the design's size parameter, as the attribute of that name); ``outcome(scenario, outcome)`` the outcome of every replicate at every point,
    a NumPy array [points, replicates]; ``output`` the results file, for ``rapport.sensitivity()``.
    """

    def __init__(self, native, output):
        import pandas as pd

        tables = native.tables()
        self.output = output
        self.name = tables["name"]
        self.parameters = list(tables["parameters"])
        self.scenarios = list(tables["scenarios"])
        self.outcomes = list(tables["outcomes"])
        self.samples = tables["samples"]  # sobol: base samples N; lhs: points; morris: trajectories; grid: levels
        self.replicates = tables["replicates"]
        self.seed = tables["seed"]
        self.design = pd.DataFrame(tables["design"], columns=self.parameters)
        self._values = tables["values"]

    def outcome(self, scenario, outcome):
        """One outcome of one base scenario: [points, replicates] (final-day value or run total, docs/SENSITIVITY.md)."""
        return self._values[(scenario, outcome)]

    def __repr__(self):
        return f"<rapport.Sweep {self.name!r}: {len(self.design)} points x {', '.join(self.scenarios)}>"


def sweep(sweep_file, output=None, threads=None, force=False, resume=False):
    """Runs a sweep file as ``rapport sweep SWEEP -o OUTPUT`` does (docs/SENSITIVITY.md): every
    (base scenario, design point, replicate), written to ``/sweeps/<name>/`` of ``output``, the
    same datasets as the CLI's. Without ``output`` the file goes to a temporary directory and is
    removed once read. ``threads``, ``force``, ``resume``, the GIL, Ctrl-C and the errors as in
    ``decide()``. Returns a Sweep; its indices are ``rapport.sensitivity(sweep.output)``."""
    return _journaled("sweep", _rapport.sweep, Sweep, sweep_file, output, threads, force, resume)


class Sensitivity:
    """The tables of ``rapport sensitivity --csv`` as DataFrames: ``indices`` (per base scenario,
    outcome and parameter: Sobol S1/ST with bootstrap intervals, or Morris mu*/mu/sigma, and
    PRCC) and, with ``compare``, ``robustness`` (per outcome, the share of design points where
    the first policy does better, with its Wilson interval); else ``robustness`` is None."""

    def __init__(self, indices, robustness):
        self.indices = indices
        self.robustness = robustness


def sensitivity(results, compare=None, resamples=1000, mid=None):
    """``rapport sensitivity RESULTS --csv [--compare A,B]`` (docs/SENSITIVITY.md): the indices of
    every sweep in a file of ``rapport sweep`` (a path, or a Sweep with an output), stored into it
    under ``/sweeps/<name>/sensitivity/`` as the CLI stores them. ``compare``: two base scenarios
    (A, B); ``resamples``: bootstrap resamples of the Sobol intervals; ``mid``: with ``compare``,
    minimum important differences by metric. Returns a Sensitivity."""
    import io

    import pandas as pd

    if isinstance(results, Sweep):
        if results.output is None:
            raise ConfigError("rapport.sensitivity: the sweep was run without an output file; "
                              "run rapport.sweep(..., output=...) first")
        results = results.output
    if compare is not None and len(compare) != 2:
        raise ConfigError(f"rapport.sensitivity: compare: {compare!r} must name two base scenarios (A, B)")
    if not isinstance(resamples, numbers.Integral) or not 0 <= resamples <= 100000:
        raise ConfigError(f"rapport.sensitivity: resamples: {resamples!r} is out of range; "
                          "allowed: an integer from 0 to 100000")
    mid_items = [f"{name}={value}" for name, value in (mid or {}).items()]
    indices, robustness = _rapport.sensitivity(os.fspath(results), list(compare or []), int(resamples), mid_items)

    def table(texts):
        return pd.concat([pd.read_csv(io.StringIO(text)) for text in texts], ignore_index=True)

    return Sensitivity(table(indices), table(robustness) if compare is not None else None)
