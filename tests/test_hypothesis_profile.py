"""A CI run is reproducible: Hypothesis draws the same examples every time there."""

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st


def examples_drawn(settings):
    drawn = []

    @settings
    @given(st.text(), st.integers())
    def record(text, number):
        drawn.append((text, number))

    record()
    return drawn


def test_the_ci_profile_draws_the_same_examples_every_run():
    ci = hypothesis_settings(hypothesis_settings.get_profile("ci"), max_examples=25, database=None)
    assert examples_drawn(ci) == examples_drawn(ci)


def test_a_run_with_ci_set_uses_the_ci_profile():
    environment = {**os.environ, "CI": "true"}
    result = subprocess.run(  # noqa: S603 (the test's own code)
        [sys.executable, "-c", "import tests.conftest; from hypothesis import settings; "
                               "print(settings.default.derandomize, settings.default.database)"],
        cwd=Path(__file__).resolve().parent.parent, env=environment, capture_output=True, text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "None"], result.stderr
