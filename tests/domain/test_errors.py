"""Table and boundary readers refuse an upload with one error type: a code and its values."""

from __future__ import annotations

import pickle

import pytest

from formasi.domain.boundaries import BoundaryError
from formasi.domain.errors import UploadError
from formasi.domain.tabular import TableError


@pytest.mark.parametrize("error_type", [TableError, BoundaryError])
def test_both_readers_raise_the_shared_upload_error(error_type: type[UploadError]) -> None:
    error = error_type("file.too_large", {"limit_mb": 50, "size_mb": 51})
    assert isinstance(error, UploadError)
    assert isinstance(error, ValueError)
    assert (error.code, error.detail) == ("file.too_large", {"limit_mb": 50, "size_mb": 51})
    assert str(error) == "file.too_large: {'limit_mb': 50, 'size_mb': 51}"


@pytest.mark.parametrize("error_type", [TableError, BoundaryError])
def test_the_error_survives_pickling_with_its_type_code_and_detail(
    error_type: type[UploadError],
) -> None:
    copy = pickle.loads(pickle.dumps(error_type("file.empty", {"sheet": "Data"})))  # noqa: S301
    assert type(copy) is error_type
    assert (copy.code, copy.detail) == ("file.empty", {"sheet": "Data"})
