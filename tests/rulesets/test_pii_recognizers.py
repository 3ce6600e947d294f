"""The recognizers' validators: checksums and placeholder rules, without the engine."""
import pytest

from rulesets.pii.recognizers.credit_card import is_valid_card_number
from rulesets.pii.recognizers.email import is_placeholder_address
from rulesets.pii.recognizers.tw_mobile import is_placeholder_number
from rulesets.pii.recognizers.tw_national_id import is_valid_tw_national_id


@pytest.mark.parametrize("value", ["A123456789", "a123456789", "F131104093", "A223456781", "Z123456780", "K223456780"])
def test_tw_national_id_checksum_accepts(value):
    assert is_valid_tw_national_id(value)


@pytest.mark.parametrize(
    "value",
    ["A123456788", "B123456789", "A323456789", "A12345678", "A1234567890", "1123456789", "AA23456789", "A12345678X"],
)
def test_tw_national_id_checksum_rejects(value):
    assert not is_valid_tw_national_id(value)


@pytest.mark.parametrize(
    "value",
    ["4111111111111111", "4111-1111-1111-1111", "5555 5555 5555 4444", "378282246310005", "3530111333300000",
     "6011111111111117", "2223003122003222", "4222222222222", "36227206271667", "6212345678901265"],
)
def test_card_number_accepts_luhn_valid_numbers_with_a_scheme_prefix(value):
    assert is_valid_card_number(value)


@pytest.mark.parametrize(
    "value",
    ["4111111111111112", "5555555555554440", "1234567812345670", "0000000000000000", "9999999999999995", "411111111111"],
)
def test_card_number_rejects_luhn_failures_and_unknown_prefixes(value):
    assert not is_valid_card_number(value)


@pytest.mark.parametrize(("value", "placeholder"), [("0900-000-000", True), ("0999999999", True), ("0912345678", False)])
def test_mobile_placeholder(value, placeholder):
    assert is_placeholder_number(value) is placeholder


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [("xxx@example.com", True), ("XXX@bank.com.tw", True), ("x.x@bank.com", True), ("name@example.com", True),
     ("abc@example.com", False), ("alex@example.com", False)],
)
def test_email_placeholder(value, placeholder):
    assert is_placeholder_address(value) is placeholder
