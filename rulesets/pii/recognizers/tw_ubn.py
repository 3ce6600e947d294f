"""Taiwan unified business number (統一編號, UBN): eight digits with a checksum.

python-stdnum's ``tw.ubn`` checks the original rule (weighted digit sum divisible by 10). Since
2023 the Ministry of Finance also issues numbers whose sum is divisible by 5 (the pool of the
old rule ran low), so ``stdnum.tw.ubn.calc_checksum`` is reused for that rule too.

Eight-digit numbers are everywhere in copy (amounts without commas, serials), and one in five
passes, so a match counts only next to a context word (統一編號, 統編...). A company's own UBN is
public; one of a sole proprietor identifies a person, hence a (minor) finding. A number right
after 本公司, 本行, 銀行, 股份有限公司... is the company's own and is not reported, unless the
recipient's business (貴公司, 貴商號...) is named after it, nearer the number: in
「本行已核准貴公司（統一編號…）」 the number is the customer's.
"""
from __future__ import annotations

import regex
from stdnum.tw import ubn

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, is_dummy_number


def is_valid_ubn(number: str) -> bool:
    if len(number) != 8 or not number.isdigit() or is_dummy_number(number):
        return False
    if ubn.is_valid(number):
        return True
    # The 2023 rule: divisible by 5; when the 7th digit is 7, its product 28 may count as 2+8 or 1.
    checksum = ubn.calc_checksum(number)
    return checksum % 5 == 0 or (number[6] == "7" and (checksum + 1) % 5 == 0)


class TwUbnRecognizer(CjkSafeRecognizer):
    ENTITY = "TW_UBN"
    PATTERNS = (("tw_ubn", NUMBER_START + r"[0-9]{8}" + NUMBER_END, 0.3),)
    CONTEXT = ("統一編號", "統編", "營利事業", "扣繳", "ubn")
    NEEDS_CONTEXT = ("tw_ubn",)
    SUPPRESS_BEFORE = r"本公司|本行|(?<!貴)公司|銀行|股份有限|證券|投信|投顧|保險|人壽|產險"
    # The addressee's business: named nearer the number than the issuer, the number is theirs.
    RECIPIENT = regex.compile(r"貴公司|貴行|貴單位|貴商號|貴寶號|貴司|您的公司|客戶")

    def suppressed(self, text: str, start: int, end: int) -> bool:
        if not super().suppressed(text, start, end):
            return False
        before = text[max(0, start - self.SUPPRESS_WINDOW):start]
        issuer = [m.end() for m in self._suppress.finditer(before)]
        recipient = [m.end() for m in self.RECIPIENT.finditer(before)]
        return not (recipient and issuer and recipient[-1] > issuer[-1])

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid_ubn(pattern_text)
