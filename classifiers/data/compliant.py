"""Hand-written compliant fragments: product facts, mandated warnings, hard negatives.

The hard negatives matter most: negated guarantees (「不保證最低收益」), mandated
disclaimers that contain trigger words ("does not guarantee"), sourced and dated
comparisons, real deadlines with terms, and confident but balanced wording. Without
them a character model learns "保證 / guarantee => violation" and nothing else.
"""

from classifiers.data.templates import ALL, INV, MARKET

NEUTRAL = {
    "zh-TW": {
        "credit_card": ["{b}{p}國內一般消費享{c}%現金回饋，每月回饋上限{cap}元。",
                        "新戶核卡後{n}0天內累積消費滿{amt}元，可獲{gift}。",
                        "{p}海外消費享{c}%回饋，活動期間即日起至{date}止。",
                        "{p}首年免年費，次年起年度消費滿{n}筆即免年費。"],
        "deposit": ["{b}{p}一年期固定利率{d}%，每人存款上限{amt}元。",
                    "{p}活存利率{d}%，適用期間為開戶起{m}個月，期滿回歸牌告利率。",
                    "{b}{p}可線上開戶，存款利率依本行牌告為準。"],
        "loan": ["{b}{p}利率{d}%起，貸款期間最長{y}年。",
                 "{p}可線上申請，審核進度隨時查詢。",
                 "{p}提供固定與機動兩種利率方案，可依需求選擇。"],
        "fund": ["{p}主要投資{sector}，由{b}投資團隊管理。",
                 "{p}近一年配息率{d}%，配息來源可能為本金。",
                 "每月{amt}元起即可定期定額投資{p}。"],
        "securities": ["{b}{p}電子下單手續費享{c}折優惠。",
                       "{p}提供即時報價、技術線圖與研究報告。",
                       "透過{p}，每月{amt}元起即可分散投資{sector}。"],
        "insurance": ["{b}{p}提供身故保障並兼顧長期累積。",
                      "{p}宣告利率{d}%，宣告利率非保證，將依市場狀況調整。",
                      "{p}投資標的涵蓋{sector}，保戶可依需求轉換。"],
        "crypto": ["{b}{p}每月{amt}元起即可定期買入。",
                   "{p}支援新台幣入金，提供24小時交易服務。",
                   "{p}提供冷錢包保管與雙重驗證登入。"],
        "other": ["{b}{p}即日起開放申請，操作簡單。",
                  "使用{p}可隨時查詢交易明細。",
                  "{p}提供24小時客服專線，協助您處理各項問題。"],
    },
    "en": {
        "credit_card": ["The {p} gives {c}% cash back on everyday purchases, up to ${cap} a month.",
                        "Spend ${amt} in the first {n}0 days after approval to receive {gift}.",
                        "Earn {c}% back on purchases abroad until {date}.",
                        "No annual fee in the first year with the {p}."],
        "deposit": ["The {p} pays a fixed {d}% AER for 12 months on balances up to ${amt}.",
                    "The {p} pays {d}% for the first {m} months, then the standard variable rate.",
                    "Open the {p} online in minutes."],
        "loan": ["The {p} starts from {d}% interest, with terms of up to {y} years.",
                 "Apply for the {p} online and track your application at any time.",
                 "Choose a fixed or variable rate for your {p}."],
        "fund": ["The {p} invests mainly in {sector} and is managed by {b}.",
                 "The {p} currently pays an income yield of {d}%, which may include capital.",
                 "Invest in the {p} from ${amt} a month."],
        "securities": ["Trade with the {p} from ${c} per deal.",
                       "The {p} offers live prices, charts and research.",
                       "With the {p} you can spread ${amt} a month across {sector}."],
        "insurance": ["The {p} combines life cover with long-term saving.",
                      "The {p} currently declares a {d}% bonus rate, which is not guaranteed and may change.",
                      "The {p} lets you switch between funds investing in {sector}."],
        "crypto": ["Buy through the {p} from ${amt} a month.",
                   "The {p} supports bank transfers and trades around the clock.",
                   "The {p} keeps assets in cold storage with two-factor login."],
        "other": ["The {p} is open for sign-ups from today.",
                  "See every transaction in the {p} as it happens.",
                  "Our {p} support line is open 24 hours a day."],
    },
}

# Mandated or customary risk warnings for investment products.
WARNINGS = {
    "zh-TW": {
        "fund": ["投資一定有風險，基金投資有賺有賠，申購前應詳閱公開說明書。", "本基金經金管會核准，惟不表示絕無風險。",
                 "基金經理公司以往之經理績效不保證基金之最低投資收益。", "本基金配息來源可能為本金，配息率不代表報酬率。"],
        "securities": ["投資一定有風險，證券投資可能損失本金，請審慎評估。", "本資料僅供參考，不構成投資建議，投資人應自行承擔風險。",
                       "ETF不保證最低收益，投資前請詳閱公開說明書。"],
        "insurance": ["本商品為保險商品，非存款，不受存款保險保障。", "投資型保單之投資風險由保戶自行承擔，帳戶價值可能減損。",
                      "本商品不保證最低收益，詳細內容以保單條款為準。"],
        "crypto": ["虛擬資產價格波動劇烈，可能損失全部投入資金，請審慎評估。", "虛擬資產非法定貨幣，不受存款保險保障，投資前請確認自身風險承受度。"],
    },
    "en": {
        "fund": ["Past performance is not a reliable indicator of future results.",
                 "Capital at risk. The value of investments can fall as well as rise and you may get back less than you invest.",
                 "Please read the prospectus before investing.", "Income payouts may be paid out of capital."],
        "securities": ["Capital at risk.", "All investing involves risk, including loss of principal.",
                       "Past performance is not a reliable indicator of future results."],
        "insurance": ["This is an insurance product, not a deposit, and its value can go down as well as up.",
                      "Non-guaranteed benefits may be lower than illustrated.", "Capital at risk."],
        "crypto": ["Don't invest unless you're prepared to lose all the money you invest. This is a high-risk investment.",
                   "Cryptoassets are highly volatile and you could lose all your money."],
    },
}

# Terms and conditions lines for products that need no investment risk warning.
CONDITIONS = {
    "zh-TW": {
        "credit_card": ["謹慎理財 信用至上。", "核卡與否及額度依本行審核結果為準。", "循環信用年利率依本行信用評分結果而定，詳見官網。"],
        "deposit": ["利率以本行牌告為準，活動辦法詳見官網。", "本存款受中央存款保險保障。"],
        "loan": ["總費用年百分率{apr}%起，核貸與否及實際條件依本行審核結果為準。", "借款前請評估自身還款能力。"],
        "other": ["相關費用與服務條款詳見官網。", "本服務依主管機關相關規定辦理。"],
    },
    "en": {
        "credit_card": ["Terms and conditions apply.", "Representative {apr}% APR (variable).", "Subject to status and credit approval."],
        "deposit": ["Rate accurate as of {date} and may change after account opening.", "Deposits are protected up to the applicable limit."],
        "loan": ["Representative {apr}% APR. Subject to status.", "Borrow only what you can afford to repay."],
        "other": ["Fees apply; see our website for details.", "Terms and conditions apply."],
    },
}

# Compliant sentences that look like violations to a keyword matcher.
HARD = {
    "zh-TW": [
        ("本商品非存款，不保證本金及收益，投資人可能損失部分或全部本金。", INV),
        ("以往績效不代表未來表現，投資人應審慎評估。", INV),
        ("依{src}資料（截至{date}），{p}近一年報酬率為{d}%。", frozenset({"fund", "securities"})),
        ("依{src}統計（截至{date}），本行手續費低於前五大同業平均。", frozenset({"securities", "fund", "other", "credit_card"})),
        ("我們對長期策略充滿信心，但市場難免起伏，請依自身需求審慎評估。", INV),
        ("我們全力以赴，把每一筆費用都清楚列出。", ALL),
        ("活動期間即日起至{date}止，名額{n}00名，詳細辦法請見官網。", ALL),
        ("本商品不保證最低收益，亦非存款保險保障範圍。", INV),
        ("強勁的市場表現不代表未來績效。", MARKET),
    ],
    "en": [
        ("There are no guaranteed returns, and you may lose some or all of your capital.", INV),
        ("Past performance does not guarantee future results.", INV),
        ("According to {src} data as of {date}, the {p} returned {d}% over the past year.", frozenset({"fund", "securities"})),
        ("According to {src} data as of {date}, our fees were below the average of the ten largest providers.",
         frozenset({"securities", "fund", "other", "credit_card", "deposit", "loan"})),
        ("We're proud of our long-term track record, but markets go up and down and returns are never certain.", INV),
        ("We work hard to keep costs low, and every fee is listed in the table below.", ALL),
        ("Offer available until {date} for the first {n}00 applicants; terms apply.", ALL),
        ("This product does not guarantee your capital or any minimum return.", INV),
        ("Strong recent performance is no guarantee of future returns.", MARKET),
    ],
}

CTA = {
    "zh-TW": ["詳情請洽{b}各分行或官網。", "歡迎至官網了解更多。", "立即上官網申辦！", "線上申請，步驟簡單。"],
    "en": ["Learn more on our website.", "Visit any branch to find out more.", "Apply online today.", "Find out more in the app."],
}

OPT_OUT = {"zh-TW": "回覆N退訂。", "en": "Reply STOP to opt out."}
