"""Disclosure-heavy fragments: the small print of real product pages, written by the team.

Why: compliant product pages are mostly terms, fee tables, rate calculations, policy clauses and
fraud notices, full of numbers, percentages and words such as "guarantee", "maximum" or "only"
used literally. A model trained mostly on short promotional copy reads that register as risky.
These fragments teach it that disclosure is not a claim; mixed into violating copy they also
teach that small print does not cure a promise.

Written from general knowledge of how TW banks/insurers and UK/US firms lay out their terms
(APR examples under the TW loan-advertising rules, insurance clause summaries, fee schedules,
FCA-style representative examples). Nothing is taken from shared/eval/ (measurement data only).
Same conventions as templates.py: slots in braces, each fragment tagged with the products it fits.
"""

from classifiers.data.templates import ALL, CREDIT

F = frozenset
CARD, DEP, LOAN, FUND, SEC, INS, CRY, OTH = (F({p}) for p in (
    "credit_card", "deposit", "loan", "fund", "securities", "insurance", "crypto", "other"))

DISCLOSURES = {
    "zh-TW": [
        ("總費用年百分率係依主管機關規定之計算方式，以貸款金額{amt}元、期間{n}年、年利率{r}%及開辦費新臺幣{cap}元試算，"
         "總費用年百分率約為{apr}%。", LOAN),
        ("本試算僅供參考，實際貸款條件依本行審核結果及契約約定為準。", LOAN),
        ("貸款年利率{r}%起，採機動利率，依本行定儲利率指數加碼計算，指數調整時隨之調整。", LOAN),
        ("提前清償違約金：借款日起一年內提前清償者，按提前清償本金之{d}%計收。", LOAN),
        ("信用卡循環信用年利率為{r}%~15%，依本行電腦評等結果核定，基準日為{date}。", CARD),
        ("預借現金手續費為預借金額×3%加新臺幣150元，預借現金之循環利率依持卡人評等訂定。", CARD),
        ("分期付款之各期應付金額、利息及手續費總額已於分期交易時揭露，請持卡人詳閱。", CARD),
        ("回饋以刷卡金方式於次月帳單折抵，每戶每月回饋上限{cap}元，不含預借現金、繳稅及保費。", CARD),
        ("年費：正卡首年免年費，次年起年度消費滿六次或{amt}元即免次年年費。", CARD),
        ("外幣交易國外交易服務費為交易金額之1.5%，實際以本行公告為準。", F({"credit_card", "other"})),
        ("存款利率依本行牌告為準，本行保留調整之權利；外幣存款需承擔匯率變動風險。", DEP),
        ("本存款受中央存款保險公司存款保險保障，每一存款人最高保額新臺幣三百萬元。", DEP),
        ("優惠利率{d}%限新資金存入，每人承作上限{amt}元，到期後依當時牌告利率續存。", DEP),
        ("商品核准文號：金管保壽字第{cap}號。本商品經本公司合格簽署人員檢視，其內容業經確認。", INS),
        ("生存保險金：被保險人於每一保單週年日仍生存者，本公司按保險金額之{d}%給付，至契約期滿為止。", INS),
        ("身故保險金：被保險人身故時，按身故時之保單價值準備金或已繳保費總和之較大者給付。", INS),
        ("除外責任：被保險人故意自殺或犯罪行為所致之事故，本公司不負給付責任，詳見保單條款。", INS),
        ("契約撤銷權：要保人得於保單送達翌日起十日內，以書面檢同保單向本公司撤銷本契約。", INS),
        ("解約金：要保人終止契約時，本公司按保單價值準備金扣除解約費用後給付，前{n}年之解約費用率較高。", INS),
        ("本商品為分紅保險單，紅利部分非保證給付，可能為零。", INS),
        ("基金經理費年率{d}%，保管費年率0.2%，另有申購手續費最高3%，詳見公開說明書。", FUND),
        ("申購手續費前收最高3%，實際費率依銷售機構規定；短線交易者將收取買回價金0.1%之費用。", FUND),
        ("證券交易手續費為成交金額之0.1425%，電子下單優惠折扣依本公司公告辦理。", SEC),
        ("開戶次月起三個月內，電子交易手續費折抵金每月上限{cap}元，逾期未使用者失效。", SEC),
        ("複委託交易之外國證券交易費用依各市場規定，另收取匯款費用，實際以成交回報為準。", SEC),
        ("虛擬資產交易手續費為成交金額之0.1%，提領另收網路手續費，依區塊鏈實際狀況調整。", CRY),
        ("本平台已完成洗錢防制法之虛擬資產服務商登記，惟登記不代表主管機關保證虛擬資產價值。", CRY),
        ("提醒您：本行不會以電話或簡訊要求您操作ATM或提供網路銀行密碼，如有疑問請撥打客服專線。", ALL),
        ("請勿點選來路不明之簡訊連結或下載不明程式，以免個人資料外洩。", ALL),
        ("本活動依個人資料保護法告知事項辦理，詳見本行網站隱私權政策。", ALL),
        ("活動期間：{date}起至{date}止，本行保留活動變更及終止之權利，並於官網公告。", ALL),
        ("手續費收費標準：跨行轉帳每筆新臺幣15元，每月前{n}筆免收。", F({"deposit", "other"})),
    ],
    "en": [
        ("Representative example: borrow £{amt} over {n} years at a fixed rate of {r}% p.a.; "
         "total amount payable shown on your agreement. Representative {apr}% APR (fixed).", LOAN),
        ("The rate you are offered depends on your circumstances and may differ from the representative APR.", LOAN),
        ("An early repayment charge of {d}% of the amount repaid applies in the first year.", LOAN),
        ("Your home may be repossessed if you do not keep up repayments on your mortgage.", LOAN),
        ("Purchase rate {r}% p.a. (variable). Cash advances attract a 3% fee and interest from the date of the "
         "transaction.", CARD),
        ("Balance transfers must be made within 60 days of account opening; a transfer fee of 3% applies.", CARD),
        ("Cashback is paid annually into your card account and is capped at £{cap} a year.", CARD),
        ("A non-sterling transaction fee of 2.99% applies to purchases made abroad.", F({"credit_card", "other"})),
        ("Minimum repayment is 1% of the balance plus interest and charges, or £25 if greater.", CARD),
        ("Interest is calculated daily and paid monthly. AER stands for Annual Equivalent Rate and shows what "
         "the interest rate would be if interest were paid and compounded once a year.", DEP),
        ("Gross is the rate of interest paid without tax taken off. Tax treatment depends on your "
         "circumstances and may change.", DEP),
        ("Eligible deposits are protected by the Financial Services Compensation Scheme up to the limit.", DEP),
        ("Withdrawals are not permitted during the fixed term; the rate applies to deposits of £{amt} or more.", DEP),
        ("Our standard dealing commission is £{cap} per online trade; telephone trades cost more.", SEC),
        ("Trades in foreign shares involve a currency conversion charge of up to 1% of the value.", SEC),
        ("Custody is free for accounts holding funds only; other charges are set out in our rates and "
         "charges document.", F({"securities", "fund"})),
        ("Ongoing charges figure: {d}% a year. Entry and exit charges: none. Full details in the key "
         "information document.", FUND),
        ("Prices are published daily. Fund units are bought and sold at the next valuation point.", FUND),
        ("Benefit summary: a lump sum of £{amt} is paid on death during the term. There is no cash-in value "
         "at any time.", INS),
        ("Exclusions apply; please read the policy wording for the full terms and conditions.", INS),
        ("You have 30 days from receiving your policy documents to cancel for a full refund of premiums.", INS),
        ("Premiums are fixed for the term of the policy and are reviewed only if you change your cover.", INS),
        ("Crypto transactions incur a spread of up to 1.49% plus a network fee that varies with demand.", CRY),
        ("We are registered with the regulator for anti-money laundering purposes only.", CRY),
        ("We will never ask you to move money to a safe account or share your one-time passcode.", ALL),
        ("Terms and conditions apply. Offer available from {date} to {date} and may be withdrawn at any time.", ALL),
        ("Full eligibility criteria and a summary box are available before you apply.", CREDIT),
        ("Calls may be recorded. Lines open 8am to 8pm, Monday to Friday.", ALL),
        ("Fees: £{cap} per month for the account, waived if you pay in £{amt} or more each month.",
         F({"deposit", "other"})),
    ],
}
