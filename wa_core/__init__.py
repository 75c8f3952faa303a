"""wa's headless core: documents to prose, prose to findings.

Never imports a frontend (pygls, lsprotocol, textual) or a training library (torch,
transformers, peft); import-linter enforces it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("wa")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"
