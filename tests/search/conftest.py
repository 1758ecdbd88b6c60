"""Both ways of finding candidates: by the visible cases (a small scope) and by the trigram
index (``SMALL_SCOPE`` set to 0, as for an admin of a big organisation)."""

from __future__ import annotations

import pytest

from eigenkracht.search import services


@pytest.fixture(params=["by case", "by index"])
def way(request, monkeypatch):
    if request.param == "by index":
        monkeypatch.setattr(services, "SMALL_SCOPE", 0)
    return request.param
