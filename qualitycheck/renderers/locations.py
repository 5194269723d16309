"""Where a finding is, as the CI formats (SARIF, GitHub annotations) need it.

Code-scanning and annotation tools resolve file names against the repository
checkout, so an absolute path inside the working directory is shown relative
to it. Columns are 1-based and count characters (Unicode code points), as in
the JSON contract.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from urllib.parse import quote

from qualitycheck.document.article import Article
from qualitycheck.document.findings import Finding
from qualitycheck.readers import format_for

#: Characters left as they are in a relative URI: RFC 3986 path characters but
#: ``:``, which would make ``a:b.txt`` read as a URI with the scheme ``a``.
_URI_SAFE = "/!$&'()*+,;=@-._~"


def workspace_path(path: str) -> str:
    """``path`` with ``/`` separators, relative to the working directory when it
    is an absolute path inside it; a relative path that leads out of it
    (``../x.txt``) absolute, as code scanning cannot resolve it against the
    checkout; other paths (and ``-``) otherwise as given."""
    if not os.path.isabs(path) and PurePath(os.path.normpath(path)).parts[:1] == ("..",):
        path = os.path.abspath(path)
    if os.path.isabs(path):
        try:
            return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):  # outside; unreadable; a symlink loop
            return Path(path).as_posix()
    return PurePath(path).as_posix()  # also drops a leading ./


def artifact_uri(path: str) -> str:
    """A URI reference for ``path``: relative (percent-encoded) inside the working
    directory, a ``file:`` URI outside it."""
    shown = workspace_path(path)
    if os.path.isabs(shown):
        return Path(shown).as_uri()
    return quote(shown, safe=_URI_SAFE)


def in_rows(path: str) -> bool:
    """Whether ``path``'s records are rows of a binary file (Parquet), whose
    number (``record_line``, an input error's ``line``) is no line of the file:
    a viewer shown it as a line would point at a line of binary data."""
    return format_for(path) == "parquet"


def end_column(article: Article, finding: Finding) -> int:
    """The column just after the finding's last character on ``end_line``
    (SARIF's exclusive ``endColumn``); ``column`` for an empty finding."""
    if finding.end <= finding.start:
        return finding.column
    _, column = article.line_and_column(finding.end - 1)
    return column + 1
