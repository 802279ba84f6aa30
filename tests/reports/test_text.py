from commissioner.reports.text import paragraph_text


def test_markup_characters_become_literal_text() -> None:
    assert paragraph_text("Smith & Jones <Holdings>") == "Smith &amp; Jones &lt;Holdings&gt;"


def test_line_breaks_survive_as_breaks() -> None:
    assert paragraph_text("Line one\nLine <two>") == "Line one<br/>Line &lt;two&gt;"


def test_welsh_and_empty_text() -> None:
    assert paragraph_text("Cyngor Sir Ynys Môn – ŵ ŷ") == "Cyngor Sir Ynys Môn – ŵ ŷ"
    assert paragraph_text("") == ""
