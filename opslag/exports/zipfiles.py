"""Byte-identical zip containers (.docx, .xlsx): fixed timestamps, order and permissions."""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def moment(epoch: int) -> dt.datetime:
    """The build's date as a naive UTC datetime (what document properties want)."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)


def package(members, epoch: int) -> bytes:
    """A zip of (path, str or bytes) members in the order given, each with the build's date and the
    same attributes: the one way the build stamps its zip containers."""
    when = moment(epoch)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for path, data in members:
            fixed = zipfile.ZipInfo(path, date_time=stamp)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()
