"""mask(): what reviewers, logs and reports see instead of the value."""
import pytest

from rulesets.pii import mask


@pytest.mark.parametrize(
    ("value", "entity_type", "expected"),
    [
        ("A123456789", "TW_NATIONAL_ID", "A12*****89"),
        ("4111111111111111", "CREDIT_CARD", "4111********1111"),
        ("4111-1111-1111-1111", "CREDIT_CARD", "4111-****-****-1111"),
        ("378282246310005", "CREDIT_CARD", "378********0005"),
        ("0912345678", "TW_MOBILE", "091*****78"),
        ("0912-345-678", "TW_MOBILE", "091*-***-*78"),
        ("abc@example.com", "EMAIL_ADDRESS", "a**@example.com"),
        ("a@example.com", "EMAIL_ADDRESS", "*@example.com"),
        ("SECRET99", "SOMETHING_NEW", "SE****99"),
        ("ab", "SOMETHING_NEW", "*b"),
    ],
)
def test_mask_keeps_a_few_edge_characters_and_the_separators(value, entity_type, expected):
    assert mask(value, entity_type) == expected


@pytest.mark.parametrize(
    ("value", "entity_type"),
    [("A123456789", "TW_NATIONAL_ID"), ("4222222222222", "CREDIT_CARD"), ("+886 912 345 678", "TW_MOBILE"),
     ("x", "TW_MOBILE"), ("--", "CREDIT_CARD"), ("no-at-sign", "EMAIL_ADDRESS"), ("中文", "UNKNOWN")],
)
def test_mask_never_returns_the_value_and_hides_at_least_half(value, entity_type):
    masked = mask(value, entity_type)
    assert masked != value
    assert len(masked) == len(value)
    shown = sum(1 for a, b in zip(value, masked) if a == b and a.isalnum())
    assert shown <= sum(ch.isalnum() for ch in value) // 2


def test_mask_of_empty_is_empty():
    assert mask("", "TW_MOBILE") == ""
