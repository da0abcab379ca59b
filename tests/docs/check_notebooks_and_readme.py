"""Issue 16's first-study frictions in the docs: every notebook names its settings in its first
cell and README names them too; README's example scenario lives outside scenarios/ (which the demo
and notebooks run whole) and validates from there; notebook prose quotes no parameter default,
which goes stale (the notebooks print defaults from `rapport parameters`).

Usage: check_notebooks_and_readme.py RAPPORT_EXECUTABLE SOURCE_DIR WORK_DIR
"""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

rapport, source, work = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
SETTINGS = ("RAPPORT_EXECUTABLE", "RAPPORT_WORK_DIR")
STALE = re.compile(r"default (?:of|is|=)\s*[0-9]|[0-9.]+\s+times the (?:calibrated )?default")

readme = (source / "README.md").read_text()
for setting in SETTINGS:
    assert setting in readme, f"README.md does not name {setting}"

notebooks = sorted((source / "notebooks").glob("*.ipynb"))
assert notebooks, "no notebooks found"
for path in notebooks:
    cells = json.loads(path.read_text())["cells"]
    first = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown", f"{path.name}: the first cell is not text"
    for setting in SETTINGS:
        assert setting in first, f"{path.name}: its first cell does not name {setting}"
    for cell in cells:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert not STALE.search(text), f"{path.name}: prose quotes a default: {STALE.search(text).group(0)!r}"

# README's example, written where its first line says, with scenarios/ beside it as in the repository.
example = re.search(r"```toml\n# (\S+)[^\n]*\n(.*?)```", readme, re.S)
assert example, "README.md has no example scenario"
place, text = Path(example.group(1)), example.group(2)
assert place.parts[0] != "scenarios", f"README's example scenario lives in scenarios/ ({place})"
if work.exists():
    shutil.rmtree(work)
(work / place.parent).mkdir(parents=True)
(work / "scenarios").symlink_to(source / "scenarios")
(work / place).write_text(text)
done = subprocess.run([str(rapport), "validate", str(work / place)], capture_output=True, text=True)
assert done.returncode == 0, f"README's example scenario does not validate: {done.stderr}"
print(f"{len(notebooks)} notebooks and README name {', '.join(SETTINGS)}; README's example validates as {place}")
