"""Fee-completeness lines: a price stated together with what it leaves out ("no other fees").

0.4.0 read these as comparisons (unsubstantiated_comparison 0.89-0.99 in both languages) though the
corpus holds none of them, and 「無其他應繳費用」 is part of the wording TW zero-rate instalment ads
must carry (catalog TW-LOAN-ZERO-RATE-TRAP). `build_corpus.fee_items` composes them into copy with
the corpus's own product facts, warnings and conditions; a quarter also carry a real comparison and
are labelled as such, so "other" in "other banks" keeps its weight. Written for this purpose; nothing
is taken from shared/eval/ or bench/data/.
"""
from classifiers.data.fragments import BANKING, F
from classifiers.data.templates import ALL

INSTALMENT = F({"credit_card"})
LENDING = F({"loan", "credit_card"})
ACCOUNTS = F({"deposit", "securities", "other"})

FEE_LINES = {
    "zh-TW": [
        ("分期期間除各期本金外，無其他應繳費用，總費用年百分率為0%。", INSTALMENT),
        ("以分期金額{amt}元、分{n}期試算，每期手續費0元，無其他費用。", INSTALMENT),
        ("帳單分期利率年息{d}%，除分期利息外不另收取手續費或其他費用。", INSTALMENT),
        ("本卡免年費，亦不收取卡片工本費或其他費用。", INSTALMENT),
        ("本貸款僅收取開辦費{amt}元，無其他相關費用，總費用年百分率已計入開辦費。", F({"loan"})),
        ("除貸款利息外，不另收取帳戶管理費、徵信費或其他費用。", F({"loan"})),
        ("提前清償不收違約金，亦無其他手續費。", LENDING),
        ("開戶免手續費，亦不收取帳戶管理費或其他月費。", ACCOUNTS),
        ("外幣帳戶間轉帳免手續費，無其他費用。", F({"deposit"})),
        ("存款期間不收取管理費或其他費用，到期本息一次給付。", F({"deposit"})),
        ("電子下單手續費享{c}折，每筆最低{n}元，證券交易稅依法另計，無其他費用。", F({"securities"})),
        ("定期定額每筆扣款手續費1元，扣款失敗不收費，亦無其他費用。", F({"securities", "fund"})),
        ("網路申購手續費{c}折，買回免手續費，無其他額外費用；經理費已反映於淨值。", F({"fund"})),
        ("定期定額扣款不另收取其他費用，申購手續費依公告費率計收。", F({"fund"})),
        ("保險費已含全部附加費用，無須另付其他費用。", F({"insurance"})),
        ("線上投保免手續費，保險費之外不收取其他費用。", F({"insurance"})),
        ("入金免手續費，交易手續費{d}%，提領依鏈上費用計收，無其他平台費用。", F({"crypto"})),
        ("除上述費用外，無其他費用。", ALL),
        ("所列金額已含全部費用，不另收取其他費用。", ALL),
        ("收費以本行收費標準為準，除上列項目外不收取其他費用。", BANKING),
    ],
    "en": [
        ("No other fees apply to the plan; its APR is 0%.", INSTALMENT),
        ("There is no annual fee and no other account charge.", INSTALMENT),
        ("The plan fee is {c}% of the amount each month, with no other fees or interest.", INSTALMENT),
        ("There are no origination, early repayment or other fees.", F({"loan"})),
        ("The APR includes every fee we charge; there are no other costs to take the loan.", F({"loan"})),
        ("No other fees apply beyond the arrangement fee of {amt}.", LENDING),
        ("No monthly fee and no other charges to open or keep the account.", F({"deposit", "other"})),
        ("There are no other fees for transfers between your own accounts.", F({"deposit"})),
        ("Online trades cost {n} dollars each; there are no other commissions or account fees.", F({"securities"})),
        ("No account minimums and no other account fees.", F({"securities", "deposit"})),
        ("No sales charge and no other charges to buy or sell; ongoing charges are taken from the fund.",
         F({"fund"})),
        ("Your premium includes all charges; no other fees are added.", F({"insurance"})),
        ("Deposits are free; the trading fee is {d}% and no other platform fees apply.", F({"crypto"})),
        ("No other fees apply.", ALL),
        ("There are no other charges.", ALL),
        ("Apart from the fees listed above, we charge nothing else.", ALL),
    ],
}
