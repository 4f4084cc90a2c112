"""Byte-identical zip containers (.docx, .xlsx): fixed timestamps, order and permissions."""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def moment(epoch: int) -> dt.datetime:
    """The build's date as a naive UTC datetime (what document properties want)."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)


def normalise(data: bytes, epoch: int) -> bytes:
    """Same input, same bytes: every member gets the build's date and the same attributes, in
    the order the writer made them (OOXML wants [Content_Types].xml first)."""
    when = moment(epoch)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
