"""A build imports only what the site uses: small sites and ``serve`` reloads pay for every
module a build loads, so a feature the site does not have must cost no import."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from click.testing import CliRunner

from eduplat.cli import cli

TUTORIAL = """\
# ---
# title: Not executed
# execute: false
# ---

# %%
print("never run")
"""

#: Modules of features the site does not have, and of the cold path of tutorials.
HEAVY = (
    "asyncio",  # kernels only
    "dateutil",
    "icalendar",
    "recurring_ical_events",
    "pydantic",  # tutorial metadata is validated when a file changed, not on warm builds
    "jupytext",
    "nbformat",
    "nbclient",
    "jsonschema",
    "rich",
    "eduplat.quizzes.gift",
    "eduplat.quizzes.load",
    "eduplat.quizzes.model",
    "eduplat.quizzes.render",
    "eduplat.webinars.load",
    "eduplat.webinars.model",
    "eduplat.webinars.ical",
    "eduplat.webinars.render",
    "eduplat.webinars.feeds",
)

PROBE = textwrap.dedent(
    """
    import json, sys
    from eduplat import site
    site.build("mkdocs.yml", site_dir="warm")
    print("loaded:", json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
    """
)


def loaded_by_a_build(folder) -> list[str]:
    """The heavy modules a fresh process imports while building the site in ``folder``."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("loaded:"), result.stdout + result.stderr
    return json.loads(line.removeprefix("loaded:"))


def test_warm_build_without_quizzes_or_webinars_imports_neither(make_site, chdir):
    config = make_site({"tutorials/plain.py": TUTORIAL})
    chdir(config.parent)
    assert CliRunner().invoke(cli, ["build"]).exit_code == 0  # fills the cache
    assert loaded_by_a_build(config.parent) == []
    assert (config.parent / "warm" / "tutorials" / "plain" / "index.html").is_file()


def test_a_feature_in_use_is_imported(make_site, chdir):
    """The probe itself: a site with a schedule does load the webinar modules."""
    schedule = """\
    sessions:
      - id: intro
        title: Intro
        start: 2030-01-20 15:00
        timezone: Europe/Berlin
        duration: 60
    """
    config = make_site({"webinars.yml": schedule})
    chdir(config.parent)
    (config.parent / "quizzes").mkdir()
    (config.parent / "quizzes" / "basics.gift").write_text("::Q::Is it?{T}\n", encoding="utf-8")
    # Cold: nothing cached yet, so both features load their sources and render.
    loaded = loaded_by_a_build(config.parent)
    assert {"eduplat.webinars.load", "icalendar", "eduplat.quizzes.gift"} <= set(loaded)
