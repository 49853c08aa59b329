import pytest

from personakit.persona._labels import derive_label


@pytest.mark.parametrize(("column", "nl", "en"), [
    ("leeftijd", "leeftijd", "age"),
    ("aantal_klachten", "aantal klachten", "number of complaints"),
    ("lid_sinds", "lid sinds", "member since"),
    ("digitale_vaardigheid", "digitale vaardigheid", "digital skills"),
    ("age", "leeftijd", "age"),
    ("NumberOfComplaints", "aantal klachten", "number of complaints"),
])
def test_label_from_column_name(column: str, nl: str, en: str) -> None:
    label = derive_label(column)
    assert (label.nl, label.en) == (nl, en)
