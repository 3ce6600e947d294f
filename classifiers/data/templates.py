"""Hand-written fragments that build_seed.py composes into labelled copy.

Every sentence here was written for this seed set. None is taken from the
evaluation data in shared/eval, which is measurement data only. Slots in
braces are filled by build_seed.SLOTS; `{p}` is the product name and `{b}` the
brand. Each fragment carries the products it fits, so a loan never "returns 12%".
"""

PRODUCTS = ("credit_card", "deposit", "loan", "fund", "securities", "insurance", "crypto", "other")
# Products whose copy must carry a risk warning; without one it is labelled
# missing_risk_warning (TW fund/ILP/VA warnings, UK COBS 4, FINRA 2210 balance).
INVESTMENT = frozenset({"fund", "securities", "insurance", "crypto"})
ALL = frozenset(PRODUCTS)
INV = INVESTMENT
CREDIT = frozenset({"credit_card", "loan"})
MARKET = frozenset({"fund", "securities", "crypto"})

NAMES = {
    "zh-TW": {
        "credit_card": ["鈦金回饋卡", "旅遊聯名卡", "數位生活卡", "現金回饋御璽卡"],
        "deposit": ["外幣定存", "數位帳戶活存", "新台幣定期存款", "美元優利定存"],
        "loan": ["個人信貸", "青年首購房貸", "汽車貸款", "整合負債方案"],
        "fund": ["全球科技基金", "亞太高股息基金", "新興市場債券基金", "永續能源基金"],
        "securities": ["台股ETF定期定額", "美股複委託帳戶", "智能選股App", "當沖交易平台"],
        "insurance": ["投資型保單", "美元利變型壽險", "六年期儲蓄險", "變額年金保險"],
        "crypto": ["比特幣定期定額", "以太幣質押服務", "穩定幣活存", "加密貨幣交易所"],
        "other": ["行動支付", "外幣兌換服務", "記帳App", "數位薪轉帳戶"],
    },
    "en": {
        "credit_card": ["Platinum Cash Back Card", "Travel Rewards Card", "Everyday Card", "Signature Miles Card"],
        "deposit": ["Fixed-Term Saver", "Easy Access Savings", "12-Month Bond Account", "High-Yield Savings Account"],
        "loan": ["Personal Loan", "First Home Mortgage", "Car Finance", "Debt Consolidation Loan"],
        "fund": ["Global Technology Fund", "Asia Pacific Income Fund", "Emerging Markets Bond Fund", "Clean Energy Fund"],
        "securities": ["Share Dealing Account", "ETF Regular Investing Plan", "Stock Trading App", "Options Trading Platform"],
        "insurance": ["Investment-Linked Policy", "Whole Life Savings Plan", "Variable Annuity", "With-Profits Bond"],
        "crypto": ["Bitcoin Savings Plan", "Ethereum Staking", "Stablecoin Earn Account", "Crypto Exchange App"],
        "other": ["Mobile Wallet", "Currency Exchange Service", "Budgeting App", "Payroll Account"],
    },
}

BRANDS = {
    "zh-TW": ["安和銀行", "遠晴證券", "青松人壽", "晨光投信", "北辰金控", "本行"],
    "en": ["Harbor Bank", "Northwind Securities", "Evergreen Life", "Summit Asset Management", "Brightside Finance"],
}

# Violating fragments, one label each; build_seed combines them into multi-label copy.
CLAIMS = {
    "guarantee_or_promissory": {
        "zh-TW": [
            ("保證年報酬{r}%，到期穩穩領回。", INV),
            ("投資{p}穩賺不賠，本金絕對安全！", INV),
            ("零風險、零虧損，每月固定收益自動入帳。", INV),
            ("選擇{p}，保本又保息，安心交給我們。", INV),
            ("跟著{b}操作，保證獲利！", MARKET),
            ("只賺不賠，閉著眼睛買都會賺。", INV),
            ("報酬保證{r}%，絕不讓您賠一毛錢。", INV),
            ("錢放進{p}就會自己長大，100%安全。", INV),
            ("{p}一定核貸，保證過件，免看信用紀錄！", frozenset({"loan"})),
            ("保證核卡，免財力證明也能輕鬆辦。", frozenset({"credit_card"})),
            ("躺著賺，每年輕鬆多賺{n}萬元。", INV),
            ("分紅保證{r}%，領到老都不用擔心。", frozenset({"insurance"})),
            ("{p}利率保證年年調升，存越久賺越多。", frozenset({"deposit"})),
            ("保證每筆兌換都賺到匯差，穩賺不吃虧。", frozenset({"other"})),
            ("{p}保證每年配息{r}%，絕無風險。", INV),
        ],
        "en": [
            ("Guaranteed {r}% returns, year after year.", INV),
            ("With {p} you simply can't lose.", INV),
            ("Risk-free income, paid straight into your account every month.", INV),
            ("Your money is 100% safe and will only go up.", INV),
            ("Double your money in {m} months, guaranteed.", INV),
            ("Zero risk, all reward.", INV),
            ("Approval guaranteed, whatever your credit history.", CREDIT),
            ("Lock in a secure {r}% return with no downside.", INV),
            ("We promise you will never lose a single cent.", INV),
            ("Follow our signals and profit is guaranteed.", MARKET),
            ("Everyone is accepted and no credit check is ever needed.", CREDIT),
            ("A guaranteed bonus of {r}% on top of your policy value, every year.", frozenset({"insurance"})),
            ("Your {p} rate is guaranteed to rise every single year.", frozenset({"deposit"})),
            ("Guaranteed profit on every currency swap you make.", frozenset({"other"})),
        ],
    },
    "misleading_performance": {
        "zh-TW": [
            ("{p}近{m}個月大漲{R}%，下一波漲勢就在眼前！", MARKET),
            ("去年報酬{R}%，今年目標再翻一倍。", INV),
            ("預估年化報酬{r}%，明年持續創新高。", INV),
            ("學員跟單平均獲利{R}%，你也可以。", frozenset({"securities", "crypto"})),
            ("歷史績效證明，長期持有{p}必定賺錢。", frozenset({"fund", "securities", "insurance"})),
            ("月配息{r}%，高配息就等於高報酬。", frozenset({"fund", "insurance"})),
            ("回測年化報酬率{R}%，穩定打敗大盤。", MARKET),
            ("早期買進的客戶資產都已翻倍，下一個就是你。", INV),
            ("過去{y}年從未虧損，未來也會一樣穩定。", INV),
            ("明年上看{R}%漲幅，專家一致看好。", MARKET),
        ],
        "en": [
            ("Up {R}% in the last {m} months, and still climbing.", MARKET),
            ("Returned {R}% last year, so expect the same again.", INV),
            ("Our model projects {R}% a year for the next decade.", INV),
            ("Backtested {R}% annual growth, beating the market every year.", MARKET),
            ("Early investors have already doubled their money, and you're next.", INV),
            ("A {r}% monthly payout means sky-high returns for you.", frozenset({"fund", "insurance"})),
            ("Past results show you'll keep beating the market.", frozenset({"fund", "securities"})),
            ("It has never had a losing year, and it never will.", INV),
            ("Analysts expect {p} to surge {R}% by next summer.", MARKET),
            ("Members of our trading club made {R}% on average last quarter.", frozenset({"securities", "crypto"})),
        ],
    },
    "unbalanced_or_exaggerated": {
        "zh-TW": [
            ("史上最強{p}，一次改變你的人生。", ALL),
            ("財富自由從{p}開始，從此不必再為錢煩惱。", INV | {"deposit"}),
            ("高收益、低波動、零煩惱，一次全部滿足！", INV),
            ("最高回饋{R}%！刷越多賺越多。", frozenset({"credit_card"})),
            ("先享受後付款，錢從來不是問題。", CREDIT),
            ("最低應繳就好，輕鬆無負擔。", frozenset({"credit_card"})),
            ("借錢零壓力，夢想馬上實現！", frozenset({"loan"})),
            ("人生贏家都在用{p}，年年大賺。", ALL),
            ("改變一生的理財神器，用過就回不去了。", frozenset({"other", "securities", "crypto"})),
            ("活存利率最高{r}%！", frozenset({"deposit"})),
            ("只要輕鬆一點，財富就自動翻倍。", frozenset({"other", "crypto", "securities"})),
        ],
        "en": [
            ("The most powerful money move you'll ever make.", ALL),
            ("Never worry about money again.", ALL),
            ("Earn up to {R}% cash back on everything!", frozenset({"credit_card"})),
            ("Spend now, worry later.", CREDIT),
            ("Life-changing returns with none of the stress.", INV),
            ("All upside, no headaches.", INV | {"deposit"}),
            ("Borrow freely, because repayments are a breeze.", CREDIT),
            ("Savings rates up to {r}%!", frozenset({"deposit"})),
            ("This app will make you rich while you sleep.", frozenset({"other", "crypto", "securities"})),
            ("The smartest thing you will ever do with your money.", ALL),
        ],
    },
    "pressure_tactics": {
        "zh-TW": [
            ("限時{n}天，錯過不再！", ALL),
            ("名額只剩{n}位，立即搶購！", ALL),
            ("今晚12點截止，現在不買就來不及了！", ALL),
            ("最後倒數{n}小時，手刀申辦！", ALL),
            ("別再猶豫了，馬上行動，晚一步就沒了。", ALL),
            ("限量{n}名，額滿即止，要搶要快！", ALL),
            ("現在不上車，以後只能看別人賺。", INV),
            ("大家都已經搶先加入，就差你了！", ALL),
        ],
        "en": [
            ("Offer ends at midnight, act now!", ALL),
            ("Only {n} spots left. Don't miss out!", ALL),
            ("Last chance: apply in the next {n} hours.", ALL),
            ("Rates like this won't last, so buy before it's too late.", ALL),
            ("Everyone is getting in. Don't be the one left behind.", ALL),
            ("Sign up today or lose this deal forever.", ALL),
            ("Hurry, this window closes in {n} days!", ALL),
            ("Decide now. Tomorrow will be too late.", ALL),
        ],
    },
    "unsubstantiated_comparison": {
        "zh-TW": [
            ("{p}利率全台最低，其他銀行都比不上。", CREDIT),
            ("{p}利率全台最高，別家通通比不上。", frozenset({"deposit"})),
            ("手續費業界最低，別家都在多收你的錢。", frozenset({"securities", "fund", "other", "crypto"})),
            ("報酬率贏過銀行定存{x}倍。", INV),
            ("比定存還划算的{p}，存保險比存銀行好。", frozenset({"insurance"})),
            ("績效全市場第一，同業望塵莫及。", frozenset({"fund", "securities"})),
            ("回饋最優，市面上沒有一張卡比得上。", frozenset({"credit_card"})),
            ("別家銀行都在騙你，只有{b}最實在。", ALL),
            ("比其他基金每年多賺{n}%。", frozenset({"fund"})),
            ("全台最安全的交易平台，其他都不可靠。", frozenset({"crypto", "securities"})),
            ("匯率最好，全台找不到更划算的。", frozenset({"other"})),
        ],
        "en": [
            ("The lowest rates in the country. Nobody beats us.", CREDIT),
            ("Better than any savings account out there.", INV),
            ("Beats bank deposits by {r}% a year.", INV),
            ("{p} is the number one choice on the market, full stop.", ALL),
            ("Cheaper than every other bank.", ALL),
            ("Other lenders overcharge you. We never do.", frozenset({"loan"})),
            ("Outperforms the competition year after year.", frozenset({"fund", "securities"})),
            ("The highest savings rate anywhere, beating every bank in the country.", frozenset({"deposit"})),
            ("The best rewards card in the world, bar none.", frozenset({"credit_card"})),
            ("The safest exchange around, unlike the rest.", frozenset({"crypto"})),
            ("Better exchange rates than any bank in town.", frozenset({"other"})),
        ],
    },
}
