"""Fixtures for the release tests: the .qm catalogues built, as `make translations` does."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def translations_built() -> None:
    """The .qm catalogues, built from the .ts sources (package data of app.resources)."""
    from app.i18n_build import build

    build()
