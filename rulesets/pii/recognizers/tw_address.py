"""Taiwan street addresses: 縣/市 + 區/鄉/鎮/市 + 路/街/大道 (段, 巷, 弄) + 號 (樓).

``臺北市大安區忠孝東路四段100巷5弄3號5樓``. The city must be one of the 22 (both 臺 and 台), so
ordinary words never start a match; placeholders (台北市○○區○○路○號, XX路XX號) have no Han
characters or digits where the pattern needs them. A bank's own branch address (總行, 分行,
本行...) in the same clause just before is not personal data and is not reported.
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import HAN, CjkSafeRecognizer

CITIES = (
    "臺北市", "台北市", "新北市", "桃園市", "臺中市", "台中市", "臺南市", "台南市", "高雄市", "基隆市", "新竹市",
    "嘉義市", "新竹縣", "苗栗縣", "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣", "臺東縣",
    "台東縣", "澎湖縣", "金門縣", "連江縣",
)
_NUM = r"(?:[0-9]{1,4}|[一二三四五六七八九十]{1,3})"
_ADDRESS = (
    "(?:" + "|".join(CITIES) + ")"
    + HAN + r"{1,3}?[區鄉鎮市]"                      # district / township
    + r"(?:" + HAN + r"{1,3}?[村里](?:[0-9]{1,3}鄰)?)?"  # village, neighbourhood
    + HAN + r"{1,6}?(?:路|街|大道)"                   # road / street
    + r"(?:" + HAN + r"?" + _NUM + r"段)?"              # section: 四段, 東一段
    + r"(?:[0-9]{1,4}巷)?(?:[0-9]{1,4}弄)?"
    + r"[0-9]{1,5}(?:[\-之][0-9]{1,4})?號(?:之[0-9]{1,3})?"
    + r"(?:[0-9]{1,3}樓(?:之[0-9]{1,3})?|[Bb][0-9]{1,2})?"
)
BUSINESS_WORDS = r"總行|分行|營業部|本行|本公司|服務中心|門市|營業據點|營業所|行址"


class TwAddressRecognizer(CjkSafeRecognizer):
    ENTITY = "TW_ADDRESS"
    PATTERNS = (("tw_address", _ADDRESS, 0.5),)
    CONTEXT = ("地址", "住址", "通訊地址", "戶籍地址", "戶籍", "居住", "寄至", "送至", "address")
    SUPPRESS_BEFORE = BUSINESS_WORDS
    TRIGGER = "號"
