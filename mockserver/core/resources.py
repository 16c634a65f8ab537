"""Locates the data shipped with the package: the OpenAPI files and the bundled scenarios."""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """Return the folder `name` ("openapi" or "scenarios") for an installed or a source checkout."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"aa-mockserver data folder {name!r} not found next to {_PACKAGE_DIR}")


def openapi_dir() -> Path:
    return data_dir("openapi")


def scenarios_dir() -> Path:
    return data_dir("scenarios")
