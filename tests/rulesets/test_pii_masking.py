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
        ("FA12345689", "TW_RESIDENT_CERTIFICATE", "FA1*****89"),
        ("(02)2736-1234", "TW_LANDLINE", "(02)2***-**34"),
        ("536-22-1234", "US_SSN", "***-**-1234"),
        ("912-78-1234", "US_ITIN", "***-**-1234"),
        ("AB 12 34 56 C", "UK_NINO", "AB ** ** ** *"),
        ("GB82 WEST 1234 5698 7654 32", "IBAN_CODE", "GB82 **** **** **** **54 32"),
        ("(822)004123987650", "TW_BANK_ACCOUNT", "(***)********7650"),
        ("20-00-00, account 31926819", "UK_BANK_ACCOUNT", "**-**-**, ******* ****6819"),
        ("312345678", "PASSPORT", "******678"),
        ("000048217365", "TW_NHI_CARD", "********7365"),
        ("臺北市大安區忠孝東路四段100號", "TW_ADDRESS", "臺北市大安區**********"),
        ("1985/03/12", "DATE_OF_BIRTH", "****/**/**"),
        ("王小明", "PERSON", "王**"),
        ("John Smith", "PERSON", "J*** *****"),
        ("+1 212 736 1234", "PHONE_NUMBER", "+1 21* *** **34"),
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
