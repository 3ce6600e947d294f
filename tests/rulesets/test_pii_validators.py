"""The new recognizers' validators without the engine: checksums (valid values generated here
with each algorithm, independently of the code under test), number rules and placeholders."""
from datetime import date

import pytest

from rulesets.pii.recognizers.date_of_birth import is_plausible_birth_date, parse_date
from rulesets.pii.recognizers.iban import is_valid_iban
from rulesets.pii.recognizers.phone_number import is_personal_phone_number
from rulesets.pii.recognizers.tw_bank_account import is_plausible_account
from rulesets.pii.recognizers.tw_landline import is_valid_tw_landline
from rulesets.pii.recognizers.tw_person_name import is_name
from rulesets.pii.recognizers.tw_resident_certificate import (
    is_valid_new_resident_certificate,
    is_valid_old_resident_certificate,
    is_valid_resident_certificate,
)
from rulesets.pii.recognizers.tw_ubn import is_valid_ubn
from rulesets.pii.recognizers.uk_nino import is_valid_nino
from rulesets.pii.recognizers.us_itin import is_valid_itin
from rulesets.pii.recognizers.us_ssn import is_valid_ssn

# ---- generators: the published algorithms, written out again for the tests -------------------

AREA = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
                                              22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33)))


def tw_id_like(letter: str, second: str, body: str) -> str:
    """National ID / new resident certificate: area code, 9 digits, weights 1 9 8 7 6 5 4 3 2 1 1."""
    code = AREA[letter]
    digits = [code // 10, code % 10] + [int(d) for d in second + body]
    total = sum(d * w for d, w in zip(digits, (1, 9, 8, 7, 6, 5, 4, 3, 2, 1)))
    return f"{letter}{second}{body}{(10 - total % 10) % 10}"


def old_arc(letter: str, second: str, body: str) -> str:
    """Old resident certificate: the second letter's area code counts with its last digit only."""
    code = AREA[letter]
    digits = [code // 10, code % 10, AREA[second] % 10] + [int(d) for d in body]
    total = sum(d * w for d, w in zip(digits, (1, 9, 8, 7, 6, 5, 4, 3, 2, 1)))
    return f"{letter}{second}{body}{(10 - total % 10) % 10}"


def ubn(body: str) -> str:
    """UBN: weights 1 2 1 2 1 2 4 1, digit sums of the products, total divisible by 10."""
    def total(number: str) -> int:
        return sum(sum(map(int, str(int(n) * w))) for n, w in zip(number, (1, 2, 1, 2, 1, 2, 4, 1)))
    return next(body + str(d) for d in range(10) if total(body + str(d)) % 10 == 0)


def iban(country: str, bban: str) -> str:
    """IBAN: check digits make (BBAN + country + 00 -> digits) mod 97 == 1."""
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def flip_last(value: str) -> str:
    return value[:-1] + str((int(value[-1]) + 1) % 10)


NEW_ARCS = [tw_id_like("A", "8", "0000001"), tw_id_like("F", "9", "1234567"), tw_id_like("Z", "8", "7654321")]
OLD_ARCS = [old_arc("F", "A", "1234568"), old_arc("A", "C", "0000000"), old_arc("T", "D", "2468024")]
UBNS = [ubn("0459525"), ubn("2265678"), ubn("1234567"), ubn("8765432")]
IBANS = [iban("GB", "WEST12345698765432"), iban("DE", "370400440532013000"), iban("FR", "20041010050500013M02606")]


@pytest.mark.parametrize("value", NEW_ARCS + ["A800000014", "a800000014"])
def test_new_resident_certificate_checksum_accepts_generated_values(value):
    assert is_valid_new_resident_certificate(value) and is_valid_resident_certificate(value)


@pytest.mark.parametrize("value", OLD_ARCS + ["FA12345689", "AA00000009"])
def test_old_resident_certificate_checksum_accepts_generated_values(value):
    assert is_valid_old_resident_certificate(value) and is_valid_resident_certificate(value)


@pytest.mark.parametrize(
    "value",
    [flip_last(v) for v in NEW_ARCS + OLD_ARCS]
    + ["A123456789",   # a national ID (second digit 1), not a resident certificate
       "FE12345689",   # second letter outside A-D
       "A70000001",    # too short
       "1800000014"],  # no area letter
)
def test_resident_certificate_rejects_bad_checksums_and_formats(value):
    assert not is_valid_resident_certificate(value)


@pytest.mark.parametrize("value", UBNS)
def test_ubn_accepts_generated_values(value):
    assert is_valid_ubn(value)


def test_ubn_accepts_the_2023_divisible_by_5_rule():
    """A number whose weighted sum ends in 5 passes the MoF's 2023 rule, not the original one."""
    body = "1234567"
    five = next(body + str(d) for d in range(10) if _ubn_sum(body + str(d)) % 10 == 5)
    assert is_valid_ubn(five)


def _ubn_sum(number: str) -> int:
    return sum(sum(map(int, str(int(n) * w))) for n, w in zip(number, (1, 2, 1, 2, 1, 2, 4, 1)))


def _ubn_passes(number: str) -> bool:
    """Either rule (10 or 5); a 7 in 7th place gives 28 -> 10, which may also count as 1."""
    totals = {_ubn_sum(number)} | ({_ubn_sum(number) - 9} if number[6] == "7" else set())
    return any(total % 5 == 0 for total in totals)


def invalid_ubn(valid: str) -> str:
    """The same number with a last digit that fails both rules."""
    return next(valid[:-1] + str(d) for d in range(10) if not _ubn_passes(valid[:-1] + str(d)))


@pytest.mark.parametrize(
    "value",
    [invalid_ubn(u) for u in UBNS]
    + ["00000000", "11111111", "1234567", "123456789", "1234567a"],
)
def test_ubn_rejects_bad_checksums_placeholders_and_formats(value):
    assert not is_valid_ubn(value)


@pytest.mark.parametrize("value", ["536-22-1234", "536 22 1234", "536221234", "001-01-0001", "899-99-9999"])
def test_ssn_accepts_issuable_numbers(value):
    assert is_valid_ssn(value)


@pytest.mark.parametrize(
    ("value", "why"),
    [("000-12-3456", "area 000"), ("666-12-3456", "area 666"), ("900-12-3456", "area 9xx is ITIN"),
     ("536-00-1234", "group 00"), ("536-22-0000", "serial 0000"), ("078-05-1120", "Woolworth sample"),
     ("219-09-9999", "SSA advertisement"), ("123-45-6789", "well-known sample"), ("555-55-5555", "one digit"),
     ("536-22-123", "too short")],
)
def test_ssn_rejects_never_issued_numbers(value, why):
    assert not is_valid_ssn(value), why


@pytest.mark.parametrize("group", [50, 65, 70, 88, 90, 92, 94, 99])
def test_itin_accepts_every_irs_group_range_edge(group):
    assert is_valid_itin(f"912-{group:02d}-3456")


@pytest.mark.parametrize("value", ["912-49-3456", "912-66-3456", "912-69-3456", "912-89-3456", "912-93-3456",
                                   "812-70-3456", "912-70-0000", "912-70-345"])
def test_itin_rejects_other_groups_and_non_9_areas(value):
    assert not is_valid_itin(value)


@pytest.mark.parametrize("value", ["AB123456C", "AB 12 34 56 C", "ab123456d", "JG103759A", "CE123456A"])
def test_nino_accepts_valid_prefixes_and_suffixes(value):
    assert is_valid_nino(value)


@pytest.mark.parametrize(
    ("value", "why"),
    [("QQ123456C", "Q never first (the sample prefix)"), ("DA123456A", "D never first"),
     ("AO123456A", "O never second"), ("AD123456A", "D never second"), ("GB123456A", "GB not issued"),
     ("BG123456A", "BG not issued"), ("NK123456A", "NK not issued"), ("TN123456A", "TN not issued"),
     ("ZZ123456A", "ZZ not issued"), ("AB123456E", "suffix beyond D"), ("AB000000A", "one digit repeated"),
     ("AB12345C", "too short")],
)
def test_nino_rejects_hmrc_prefix_rules(value, why):
    assert not is_valid_nino(value), why


@pytest.mark.parametrize("value", IBANS + ["GB82 WEST 1234 5698 7654 32"])
def test_iban_accepts_generated_check_digits(value):
    assert is_valid_iban(value)


@pytest.mark.parametrize("value", [IBANS[0][:2] + f"{(int(IBANS[0][2:4]) + 1) % 100:02d}" + IBANS[0][4:],
                                   "GB82WEST1234569876543", "XX82WEST12345698765432"])
def test_iban_rejects_bad_check_digits_lengths_and_countries(value):
    assert not is_valid_iban(value)


@pytest.mark.parametrize("value", ["(02)2736-1234", "02-2736-1234", "0227361234", "+886-2-2736-1234",
                                   "(07)331-2345", "04-2345-6781", "(037)261234", "049-231-2345"])
def test_tw_landline_accepts_area_code_lengths(value):
    assert is_valid_tw_landline(value)


@pytest.mark.parametrize(
    ("value", "why"),
    [("0800-123-456", "toll-free"), ("0809-123-456", "toll-free"), ("(02)0123-4567", "local starts with 0"),
     ("(02)1234-5678", "local starts with 1"), ("02-736-1234", "Taipei needs 8 local digits"),
     ("07-3312-3456", "Kaohsiung has 7 local digits"), ("(02)2222-2222", "placeholder"),
     ("0912-345-678", "a mobile number")],
)
def test_tw_landline_rejects_service_lines_and_impossible_numbers(value, why):
    assert not is_valid_tw_landline(value), why


@pytest.mark.parametrize("value", ["(212) 736-1234", "+1 212 736 1234", "212.736.1234", "020 7946 0958",
                                   "07911 123456", "+44 7911 123456", "+44 (0)20 7946 0958"])
def test_phone_number_accepts_fixed_and_mobile_lines(value):
    assert is_personal_phone_number(value)


@pytest.mark.parametrize(
    ("value", "why"),
    [("1-800-736-1234", "US toll-free"), ("(888) 736-1234", "US toll-free"), ("0800 123 4567", "UK freephone"),
     ("0345 300 0000", "UK non-geographic company line"), ("(212) 555-0123", "fictional 555-01XX"),
     ("07700 900123", "Ofcom drama range"), ("(212) 111-1111", "impossible exchange"),
     ("(212) 777-7777", "placeholder")],
)
def test_phone_number_rejects_company_fictional_and_invalid_numbers(value, why):
    assert not is_personal_phone_number(value), why


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1985/03/12", [date(1985, 3, 12)]), ("1985年3月12日", [date(1985, 3, 12)]),
     ("民國74年3月12日", [date(1985, 3, 12)]), ("74/03/12", [date(1985, 3, 12)]),
     ("12/03/1985", [date(1985, 3, 12), date(1985, 12, 3)]), ("12 March 1985", [date(1985, 3, 12)]),
     ("March 12, 1985", [date(1985, 3, 12)]), ("1985/02/30", []), ("31/31/1985", [])],
)
def test_birth_dates_are_parsed_in_every_supported_form(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "plausible"), [("1985/03/12", True), ("1899/12/31", False),
                                                 ("2999/01/01", False), ("1985/13/01", False)])
def test_birth_date_must_exist_and_lie_between_1900_and_today(text, plausible):
    assert is_plausible_birth_date(text, today=date(2026, 1, 1)) is plausible


@pytest.mark.parametrize(
    ("value", "plausible"),
    [("004123987650", True), ("(822)004123987650", True), ("822-004-123-987650", True),
     ("123456789012", True),     # a run of digits is not a declared placeholder; 000000000000 is
     ("000000000000", False), ("12345", False), ("12345678901234567", False),
     ("0912-345-678", False),    # a mobile number near 匯款 is still a phone number
     ("02-2736-1234", False)],   # so is a landline
)
def test_bank_account_plausibility(value, plausible):
    assert is_plausible_account(value) is plausible


@pytest.mark.parametrize(("text", "name"), [("王小明", True), ("王牌", False), ("林立", False), ("單身", False)])
def test_surname_plus_character_words_are_not_names(text, name):
    assert is_name(text) is name
