"""For mypy: tests/sync/test_period_report.py imports tests/sync/test_hq_kpi.py by the bare name."""

from tests.sync.test_hq_kpi import *
