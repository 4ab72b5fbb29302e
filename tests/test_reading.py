import pytest

from corridor.reading import read_table
from corridor.validation import ValidationError


def write(path, data):
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_csv_cells_stay_in_their_columns(tmp_path):
    path = write(tmp_path / "t.csv", '\ufeffa,b,c\n1,"x, y",3\n\n4,5\n')
    df = read_table(path)
    assert df.columns.tolist() == ["a", "b", "c"]
    assert df.values.tolist() == [["1", "x, y", "3"], ["4", "5", ""]]  # short rows padded


def test_formula_quoted_cells_read_back_exactly(tmp_path):
    path = write(tmp_path / "t.csv", "a,b\n'=1+1,'-2\n''x,'plain\n")
    assert read_table(path).values.tolist() == [["=1+1", "-2"], ["'x", "'plain"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a,b\n\xe9t\xe9,1\n", "is not UTF-8 text (byte 0xe9 on line 2); save it as UTF-8"),
        (b"PK\x03\x04\x00\x00", "is binary, not CSV text"),
        (b"", "is empty: expected a header row"),
        ('a,b\n1,"never closed\n', "is not valid CSV near line 2: unexpected end of data"),
        ("a,a\n1,2\n", "column appears twice in the header"),
    ],
)
def test_unreadable_csv_files_are_problems(tmp_path, data, message):
    path = write(tmp_path / "t.csv", data)
    with pytest.raises(ValidationError) as err:
        read_table(path)
    assert message in str(err.value.problems[0])
    assert err.value.problems[0].file == str(path)


def test_a_wide_row_is_reported_as_that_row(tmp_path):
    path = write(tmp_path / "t.csv", "a,b\n1,2\n3,4,5\n")
    with pytest.raises(ValidationError) as err:
        read_table(path)
    (problem,) = err.value.problems
    assert (problem.row, problem.field) == (2, None)
    assert problem.message == "has 3 fields but the header has 2; quote a field that contains a comma"


def test_directories_and_broken_feature_files(tmp_path):
    with pytest.raises(ValidationError, match="is a directory, not a table file"):
        read_table(tmp_path)
    with pytest.raises(FileNotFoundError):
        read_table(tmp_path / "absent.csv")
    bad = write(tmp_path / "t.geojson", '{"type": "Feature"')
    with pytest.raises(ValidationError, match="is not a readable GeoJSON file"):
        read_table(bad, points=True)
    bad = write(tmp_path / "t.parquet", "not parquet")
    with pytest.raises(ValidationError, match="is not a readable GeoParquet file"):
        read_table(bad)
