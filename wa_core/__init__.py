"""wa's headless core: documents to prose, prose to findings.

Never imports a frontend (pygls, lsprotocol, textual) or a training library (torch,
transformers, peft); import-linter enforces it.
"""

import functools


@functools.cache
def version() -> str:
    """wa's installed version. Looked up when asked: importlib.metadata costs every ``wa``
    command about 25 ms to import."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("wa")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
