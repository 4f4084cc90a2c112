"""The GitHub workflows, the pre-commit hooks and the PR template: parsed, and their commands run here.

`act` is not available, so each `run:` step is run with bash in a copy of the project (a fresh git
repository, so `build.py diff` has a base), with the step's `env:` and the GitHub expressions
replaced by local values. Steps that only install (pip, apt-get) or run the whole suite (`./dev
test`, which is what .ci/run does) are not re-run inside the suite; the test says which they are.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from opslag.source.yamlsource import load_file

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
INSTALL_ONLY = re.compile(r"pip install|apt-get|^\./dev test")
NOT_YET = set()  # every command of the workflows runs here
LOCAL = {"github.base_ref": "main", "steps.pages.outputs.base_url": "https://example.github.io/opslag"}


def load(path: Path) -> dict:
    src = load_file(path)  # the strict loader: 'on' stays the text "on", duplicates are errors
    assert src.diagnostics == [] and isinstance(src.data, dict), [d.format() for d in src.diagnostics]
    return src.data


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def test_workflows_parse_and_have_the_jobs_the_contributing_guide_promises():
    names = {p.name: load(p) for p in WORKFLOWS}
    pr, pages = names["pull-request.yml"], names["pages.yml"]
    assert set(pr["on"]) == {"pull_request"}
    assert pages["on"]["push"]["branches"] == ["main"]
    runs = [s.get("run", "") for _, s in steps(pr)]
    assert "python build.py check --strict --format github" in runs
    assert "python build.py fmt --check" in runs
    assert "python -m ruff check . && python -m ruff format --check ." in runs
    assert "node_modules/.bin/biome lint --error-on-warnings web/js" in runs
    assert any(r.startswith("python build.py diff") and "--summary" in r for r in runs)
    assert "./dev test -q" in runs
    uses = [s.get("uses", "") for _, s in steps(pages)]
    assert "actions/deploy-pages@v4" in uses and "actions/upload-pages-artifact@v3" in uses
    checkout = next(s for _, s in steps(pr) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the diff needs the base branch's history
    for workflow in names.values():
        for _, step in steps(workflow):
            assert not step.get("uses") or re.search(r"@v\d+$", step["uses"]), step


def test_pre_commit_hooks_and_pr_template():
    config = load(ROOT / ".pre-commit-config.yaml")
    entries = {h["id"]: h["entry"] for repo in config["repos"] for h in repo["hooks"]}
    assert entries == {
        "opslag-fmt": ".venv/bin/python build.py fmt",
        "opslag-check": ".venv/bin/python build.py check --strict",
        "ruff-lint": ".venv/bin/python -m ruff check --fix",
        "ruff-format": ".venv/bin/python -m ruff format",
        "biome-lint": "node_modules/.bin/biome lint --error-on-warnings web/js",
    }
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for must in ("version", "history", "sources", "udgået", "engelske", "eller tilsvarende"):
        assert must in template


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    """The project as CI checks it out: a git repository whose HEAD holds the current files."""
    copy = tmp_path_factory.mktemp("ci") / "opslag"
    anywhere = shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info"
    )

    def ignore(folder, names):
        # a built site only at the top: opslag/site/ is code (a pattern 'site' dropped it, and the
        # copy's build then ran the installed package's code instead of its own)
        top = {"site", "_site"} & set(names) if Path(folder) == ROOT else set()
        return set(anywhere(folder, names)) | top

    shutil.copytree(ROOT, copy, ignore=ignore)
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=ci", "-c", "user.email=ci@example.org", "commit", "-q", "-m", "pr"],
    ):
        subprocess.run(["git", "-C", str(copy), *args], check=True, capture_output=True)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")  # the npm tools, as `npm ci` installs them
    return copy


def _run_steps():
    return [(path, job_id, step) for path in WORKFLOWS for job_id, step in steps(load(path)) if "run" in step]


def _commands():
    return [
        pytest.param(step, id=f"{path.stem}:{job_id}:{step['run'][:40]}")
        for path, job_id, step in _run_steps()
        if not (INSTALL_ONLY.search(step["run"]) or step["run"] in NOT_YET)
    ]


def test_the_steps_not_run_here_only_install_or_run_the_suite():
    skipped = sorted(
        {step["run"] for _, _, step in _run_steps() if INSTALL_ONLY.search(step["run"]) or step["run"] in NOT_YET}
    )
    assert skipped == sorted(
        {
            "python -m pip install --quiet -e .",
            "python -m pip install --quiet -e . ruff==0.17.6 && npm ci --no-audit --no-fund",
            "./dev test -q",
            "apt-get update -qq && apt-get install -y -qq git python3 python3-venv nodejs npm >/dev/null",
        }
        | NOT_YET
    )


@pytest.mark.site
@pytest.mark.parametrize("step", _commands())
def test_each_run_command_works_here(step, project_copy, tmp_path):
    command = step["run"]
    env = {**os.environ, **{k: str(v) for k, v in (step.get("env") or {}).items()}}
    for key, value in list(env.items()):
        env[key] = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: LOCAL[m[1]], value)
    env.update(
        {
            "BASE": "HEAD",
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
        }
    )
    assert "${{" not in command
    proc = subprocess.run(
        ["bash", "-e", "-c", command], cwd=project_copy, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    if "--summary" in command:
        assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("## Ændringer i kriterierne")
    if "build.py build" in command:
        assert (project_copy / "_site" / "index.html").exists()
