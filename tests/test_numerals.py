import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawref.source.numerals import NumeralError, parse_numeral, to_numeral


@given(st.integers(min_value=0, max_value=9999))
def test_round_trip(n):
    assert parse_numeral(to_numeral(n)) == n


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百", 100), ("一百零五", 105),
    ("一百一十", 110), ("两千", 2000), ("二千零三", 2003), ("九千九百九十九", 9999), ("〇", 0), ("零", 0),
    ("一〇五", 105), ("五十三", 53), ("四十六", 46),
])
def test_parse(text, value):
    assert parse_numeral(text) == value


@pytest.mark.parametrize("n,text", [(10, "十"), (11, "十一"), (46, "四十六"), (105, "一百零五"), (1010, "一千零一十")])
def test_print(n, text):
    assert to_numeral(n) == text


@pytest.mark.parametrize("bad", ["", "十十", "百十一二", "甲", "一万"])
def test_rejects(bad):
    with pytest.raises(NumeralError):
        parse_numeral(bad)


@given(st.text(alphabet="零一二三四五六七八九十百千两〇x", max_size=8))
def test_never_raises_other_errors(s):
    try:
        parse_numeral(s)
    except NumeralError:
        pass
