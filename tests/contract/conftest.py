"""The contract suites' one fixture: each target (sandbox and live, both protocols), or a skip saying what to set."""

from __future__ import annotations

import pytest

from ..live import skip_reason
from .targets import TARGETS, Target


@pytest.fixture(params=[pytest.param(t, id=t.name, marks=[pytest.mark.live] if t.live else []) for t in TARGETS])
def target(request: pytest.FixtureRequest) -> Target:
    t: Target = request.param
    reason = skip_reason(t.protocol) if t.live else None
    if reason:
        pytest.skip(reason)
    return t
