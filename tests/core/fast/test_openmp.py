"""conv_core makes OpenMP's threads sleep after a parallel region, in the dashboard's process too.

libgomp prints its settings at start-up with OMP_DISPLAY_ENV=VERBOSE; GOMP_SPINCOUNT is how
long a thread spins after a region: 0 once OMP_WAIT_POLICY=PASSIVE is seen, 300000 by default.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ui.shell import LESSON

ROOT = Path(__file__).resolve().parents[3]


def spin_count(code: str, **env: str) -> int:
    """GOMP_SPINCOUNT in a new interpreter that runs `code` (from the repository's root)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    environment.update(OMP_DISPLAY_ENV="VERBOSE", **env)
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport torch; torch.ones(1 << 20).sum()"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return int(re.search(r"GOMP_SPINCOUNT = '(\d+)'", done.stderr).group(1))


def test_torch_alone_spins():
    assert spin_count("import torch") > 0  # what conv_core changes


# The dashboard under AppTest, the way a server runs it: a lesson page opened by its link
# (its modules import torch themselves), and the home page (which needs no torch: the
# `import conv_core` after it is what a lesson page opened next does).
_DASHBOARD = (
    "import sys; sys.path.insert(0, 'tests/app'); from app_driver import open_page; "
    "assert not open_page({page}).exception; import conv_core"
)


@pytest.mark.parametrize(
    "code",
    [
        "import conv_core",
        *(_DASHBOARD.format(page=repr(lesson.path)) for lesson in LESSON),
        _DASHBOARD.format(page="None"),
    ],
    ids=["conv_core", *(lesson.slug for lesson in LESSON), "home"],
)
def test_importing_conv_core_first_makes_threads_sleep(code):
    assert spin_count(code) == 0


def test_a_policy_already_set_is_kept():
    assert spin_count("import conv_core", OMP_WAIT_POLICY="ACTIVE") > 300000
