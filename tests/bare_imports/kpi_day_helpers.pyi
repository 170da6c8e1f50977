"""For mypy: pytest imports tests/sync/kpi_day_helpers.py by the bare name `kpi_day_helpers`."""

from tests.sync.kpi_day_helpers import *
from tests.sync.kpi_day_helpers import _desk as _desk
