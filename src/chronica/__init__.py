"""chronica: structured, sourced event records from news reports."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("chronica")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+unknown"
