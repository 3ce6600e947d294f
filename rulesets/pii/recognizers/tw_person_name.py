"""Chinese personal names, only where the copy addresses or titles a person: a common surname,
one or two given-name characters, then an honorific (王小明先生, 陳美玲小姐, 林志明經理), a
greeting (王小明您好), after 親愛的 / 敬愛的 (親愛的王小明，) or after a form label
(姓名：王小明, 戶名：林志明).

Without that context a surname plus characters is usually an ordinary word (王牌, 林立, 高達,
陳列), so bare names are never matched. Placeholders (王○○, 陳OO, 王XX, 王某某) have no Han
given name and never match; words that read like a surname + character before 先生/小姐
(單身女士, 方案經理) are in ``NOT_NAMES``. A name marked as made up just after it
(王大明先生（化名）) is not reported.
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import HAN, CjkSafeRecognizer

# Common surnames in Taiwan (household registration statistics), traditional characters. Rare
# surnames that mostly start ordinary words (時, 常, 全, 單, 文, 萬, 易, 花...) are left out.
SINGLE_SURNAMES = (
    "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高簡朱鍾施游詹沈彭胡余盧潘顏梁趙柯翁魏方孫"
    "戴范宋鄧杜侯曹薛傅丁溫紀蔣歐藍連唐馬董石卓程姚康馮古姜湯汪白田涂鄒巫尤鐘龔嚴韓黎阮袁童陸金錢邵夏倪"
    "俞秦毛孔崔段雷任譚柳盛龍甘凌殷喬辛孟粘饒官熊郝武賀鮑池麥練褚戚舒聶祝符裴葛蒲尹伍郁闕苗莫穆樊焦滕"
    "饒顧于"
)
DOUBLE_SURNAMES = ("歐陽", "司馬", "諸葛", "張簡", "范姜", "上官", "東方", "司徒", "皇甫", "夏侯", "令狐", "端木", "公孫", "長孫", "慕容")
HONORIFICS = ("先生", "小姐", "女士", "太太", "夫人")
TITLES = ("總經理", "經理", "襄理", "協理", "副理", "專員", "理專", "主任", "董事長", "執行長", "副總")
GREETINGS = ("您好", "你好")
# Form labels that introduce a person's name: 姓名：王小明, 戶名：林志明.
LABELS = ("姓名", "聯絡人", "戶名", "申請人", "持卡人", "負責人", "收件人", "要保人", "被保險人", "受益人", "客戶姓名")
# Surname + character pairs that are ordinary words, seen before an honorific or title.
NOT_NAMES = frozenset({
    "王牌", "林立", "高達", "陳列", "方案", "高級", "高階", "高端", "高齡", "高貴", "金融", "金卡", "金牌", "白金",
    "黃金", "石油", "江湖", "馬上", "任何", "連續", "程式", "溫馨", "溫柔", "周年", "周末", "夏季", "夏日", "古典",
    "田園", "康健", "顧客", "顧問", "單身", "龍頭", "孔雀", "曾經", "何時", "於是", "余額",
})

_SURNAME = "(?:" + "|".join(DOUBLE_SURNAMES) + "|[" + "".join(sorted(set(SINGLE_SURNAMES))) + "])"
# A given-name character: Han, not the start of an honorific/title/greeting, not a function
# word, and not 某 (王某某 is "Mr Wang so-and-so").
_STOPS = "|".join(HONORIFICS + TITLES + GREETINGS)
_GIVEN = "(?:(?!" + _STOPS + r")(?![的之和與及或在是請為向跟給讓您你我他她們某])" + HAN + ")"
_END = r"(?=[\s,，.。:：;；、!！?？)）」』]|$)"
_LABEL_END = r"(?=[\s,，.。:：;；、!！?？()（）「」『』/0-9A-Za-z]|$|" + "|".join(HONORIFICS) + ")"


def is_name(text: str) -> bool:
    return text[:2] not in NOT_NAMES


class TwPersonNameRecognizer(CjkSafeRecognizer):
    ENTITY = "PERSON"
    PATTERNS = (
        ("tw_name_honorific", _SURNAME + _GIVEN + "{1,2}(?=" + "|".join(HONORIFICS) + ")", 0.5),
        ("tw_name_title", _SURNAME + _GIVEN + "{2}(?=" + "|".join(TITLES) + ")", 0.5),
        ("tw_name_greeting", _SURNAME + _GIVEN + "{2}(?=" + "|".join(GREETINGS) + ")", 0.5),
        ("tw_name_dear", "(?<=親愛的|敬愛的)" + _SURNAME + _GIVEN + "{1,2}" + _END, 0.5),
        ("tw_name_label", "(?:(?<=" + ")|(?<=".join(f"{label}:" for label in LABELS) + "))[ ]?"
         + _SURNAME + _GIVEN + "{1,2}" + _LABEL_END, 0.5),
    )
    CONTEXT = ("姓名", "客戶", "name")
    TRIGGER = "|".join(HONORIFICS + TITLES + GREETINGS + LABELS + ("親愛的", "敬愛的"))
    SUPPRESS_AFTER = r"化名|假名|虛構|非真名"
    SUPPRESS_WINDOW = 8

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if is_name(pattern_text) else False
