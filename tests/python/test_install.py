"""`cmake --install` puts the package where Debian's python3 finds it (issue 17 item 1):
installed with DESTDIR into a temporary root, then imported from there by a fresh interpreter."""
import os
import pathlib
import site
import subprocess
import sys

BUILD_DIR = os.environ["RAPPORT_BUILD_DIR"]
PREFIX = os.environ["RAPPORT_INSTALL_PREFIX"]
PACKAGE_DIR = os.environ["RAPPORT_PYTHON_INSTALL_DIR"]  # relative to the prefix
SCENARIOS = pathlib.Path(os.environ["RAPPORT_SOURCE_DIR"]) / "scenarios"


def test_cmake_install_puts_the_package_into_debians_python(tmp_path):
    installed = subprocess.run([os.environ["RAPPORT_CMAKE"], "--install", BUILD_DIR],
                               env={**os.environ, "DESTDIR": str(tmp_path)}, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    site_dir = pathlib.Path(PREFIX) / PACKAGE_DIR
    package = tmp_path / site_dir.relative_to("/") / "rapport"
    assert (package / "__init__.py").is_file()
    assert len(list(package.glob("_rapport*.so"))) == 1
    if PREFIX == "/usr/local":  # the default prefix: a directory Debian's interpreter searches
        assert str(site_dir) in site.getsitepackages()

    # A fresh interpreter that sees the installed copy, not the build tree, runs a scenario.
    script = ("import rapport, sys; print(rapport.__file__); "
              f"r = rapport.run({str(SCENARIOS / 'selective.toml')!r}, replicates=1, days=2, threads=1); "
              "print(r.metric('selective', 'trust_mean').shape)")
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    environment["PYTHONPATH"] = str(package.parent)
    ran = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    module_file, shape = ran.stdout.splitlines()
    assert pathlib.Path(module_file).is_relative_to(tmp_path)
    assert shape == "(1, 2)"
