"""Every download is an attachment whose content type follows its file name."""

from __future__ import annotations

from formasi.core.downloads import download, streamed_download


def test_a_download_is_an_attachment_typed_by_its_extension() -> None:
    response = download(b"x", "rencana.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rencana.pdf"'
    assert download(b"x", "a.xlsx")["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert download(b"x", "a.bin")["Content-Type"] == "application/octet-stream"


def test_a_streamed_csv_download_is_utf8_text() -> None:
    response = streamed_download(iter(["a,b\n"]), "pegawai.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pegawai.csv"'
    assert b"".join(response.streaming_content) == b"a,b\n"
