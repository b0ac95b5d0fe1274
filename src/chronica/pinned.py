"""Installed data packages must be the exact versions chronica reads: their layouts are checked for those."""

from __future__ import annotations

from importlib import metadata


def require(package: str, version: str, purpose: str, error: type[Exception]) -> None:
    """Raise ``error`` saying how to fix it unless ``package`` is installed at ``version``."""
    try:
        found = metadata.version(package)
    except metadata.PackageNotFoundError:
        raise error(f"{purpose} needs the '{package}' package, which is not installed; run: pip install {package}=={version}") from None
    if found != version:
        raise error(f"{purpose} needs {package}=={version} (checked for that version), found {found}; run: pip install {package}=={version}")
