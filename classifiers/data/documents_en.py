"""Whole English documents (US and UK styles), each written by hand as one piece.

Each entry is (product, kind, labels, text); labels is "none" or comma-separated label names.
Written in the register of US (Reg Z / Truth in Savings / FINRA-style) and UK (FCA COBS, CONC,
FSCS) documents from general knowledge of how they are laid out; see documents.py for why.
Nothing is taken from shared/eval/.
"""

DOCUMENTS_EN = [
    # --- fund: complete disclosure blocks (UK and US) -------------------------------------------
    ("fund", "block", "none",
     "Important information. The value of your investment and any income from it can fall as well as rise, "
     "and you may get back less than you originally invested. This fund invests in smaller companies, "
     "whose shares can be harder to sell and whose prices can move sharply. Overseas holdings are affected "
     "by changes in exchange rates. Please read the Key Investor Information Document and the prospectus "
     "before you decide to invest."),
    ("fund", "block", "none",
     "Investors should consider the fund's investment objectives, risks, charges and expenses carefully before "
     "investing. The prospectus contains this and other information and should be read carefully. "
     "Performance data quoted represents past performance, which does not guarantee future results. "
     "Current performance may be lower or higher. Investment return and principal value will fluctuate, so "
     "shares, when redeemed, may be worth more or less than their original cost."),
    ("fund", "block", "none",
     "Income paid by the fund can vary, is never assured, and may come partly from capital, which shrinks your "
     "holding and limits its growth later on. The quoted yield is an estimate of a year's payouts divided by "
     "today's share price, before any initial charge, and payouts may be taxed."),
    ("fund", "block", "none",
     "Bond funds are subject to interest rate risk: when rates rise, bond prices usually fall. They are also "
     "subject to credit risk, the risk that an issuer fails to make payments of interest or principal. "
     "High-yield bonds carry a greater risk of default than investment-grade bonds. The fund may use "
     "derivatives, which can magnify losses as well as gains."),
    ("fund", "block", "none",
     "An investment in a money market fund is not insured or guaranteed by the Federal Deposit Insurance "
     "Corporation or any other government agency. Although the fund seeks to preserve the value of your "
     "investment at $1.00 per share, it cannot guarantee it will do so, and you could lose money by investing "
     "in the fund."),
    ("fund", "block", "none",
     "ETF shares are bought and sold at market price, not net asset value, and are not individually redeemed "
     "from the fund. Brokerage commissions will reduce returns. The fund's return may not match the return of "
     "its index because of fees, transaction costs and differences between the fund's holdings and the index."),
    ("fund", "block", "none",
     "Risk and reward profile: the fund is in category 6 because its share price has shown high volatility in "
     "the past. The category is based on historical data and may not be a reliable indication of the future "
     "risk profile; it is not guaranteed and may change over time. The lowest category does not mean "
     "risk free."),
    ("fund", "block", "none",
     "Target date funds are designed for investors expecting to retire around the year in the fund's name. "
     "The asset mix becomes more conservative over time. An investment in a target date fund is not guaranteed "
     "at any time, including on or after the target date, and you may experience losses near or after "
     "retirement."),
    ("fund", "block", "none",
     "Ongoing charges: 0.85% a year, taken from the fund's capital. Transaction costs: 0.12%. Platform fee: "
     "0.35% a year on the first £250,000 and 0.10% above that. Charges reduce the value of your investment; "
     "an illustration of their effect over time is in your key features document. Investments can fall as "
     "well as rise in value."),
    ("fund", "block", "none",
     "This is a marketing communication. Tax treatment depends on your individual circumstances and may be "
     "subject to change in future. The information here is not personal advice; if you are unsure whether an "
     "investment is suitable for you, please contact a financial adviser. Capital at risk."),
    # --- insurance ------------------------------------------------------------------------------
    ("insurance", "block", "none",
     "Policy exclusions. We will not pay a claim that arises from a pre-existing medical condition you did not "
     "tell us about, from self-inflicted injury, or from taking part in hazardous activities listed in your "
     "policy document. A waiting period of 90 days applies to illness claims. Please read the policy summary "
     "and full terms before you buy."),
    ("insurance", "block", "none",
     "This is a term assurance plan with no cash-in value at any time. If you stop paying your premiums your "
     "cover will end. Premiums are guaranteed not to change during the term unless you change your cover. "
     "The policy does not pay out if you survive to the end of the term."),
    ("insurance", "block", "none",
     "With-profits policies: bonuses are not guaranteed. The amount you get back depends on the performance of "
     "the with-profits fund and on any market value reduction applied if you take money out early, which could "
     "mean you get back less than you paid in. Past bonus rates are not a guide to future rates."),
    ("insurance", "block", "none",
     "Variable annuities are long-term investments designed for retirement. They involve investment risk, "
     "including possible loss of principal, and the value of the subaccounts will fluctuate. Guarantees are "
     "backed by the claims-paying ability of the issuing insurance company. Withdrawals may be subject to "
     "surrender charges and, if taken before age 59 1/2, a 10% federal tax penalty."),
    ("insurance", "block", "none",
     "Cancellation rights: you have 30 days from receiving your policy documents to cancel and receive a full "
     "refund of any premium paid, provided you have not made a claim. After that, you can cancel at any time "
     "but no refund will be due. We are covered by the Financial Services Compensation Scheme; for long-term "
     "insurance, protection is for 100% of the claim with no upper limit."),
    ("insurance", "block", "none",
     "Your excess is £250 for each claim, or £500 for subsidence. Cover for accidental damage is optional and "
     "costs extra. We may decline a claim if the property has been unoccupied for more than 60 days in a row. "
     "Insurance is underwritten by the insurer named in your schedule."),
    ("insurance", "block", "none",
     "Indexed universal life policies do not directly participate in any stock or equity investments. Index "
     "credits are subject to caps and participation rates that the company may change. Policy charges will "
     "reduce cash values, and the policy may lapse if cash values are insufficient to cover them."),
    # --- loan (UK and US) ------------------------------------------------------------------------
    ("loan", "block", "none",
     "Representative example: borrowing £7,500 over 48 months at a representative 6.9% APR (fixed) and an annual "
     "interest rate of 6.7% (fixed), you would pay 48 monthly repayments of £178.56. The total amount payable "
     "would be £8,570.88, including interest of £1,070.88. The rate you are offered will depend on your "
     "personal circumstances and may be higher."),
    ("loan", "block", "none",
     "Think carefully before securing other debts against your home. Your home may be repossessed if you do "
     "not keep up repayments on a mortgage or any other debt secured on it. Consolidating debts may mean you "
     "pay more in total, because the term is longer."),
    ("loan", "block", "none",
     "The APR shown reflects the yearly cost of borrowing, origination fee included. "
     "APRs on this product range from 8.49% to 35.99%; the rate you receive depends on your credit history, "
     "income and loan term. Example: a $10,000 loan over 36 months at 12.99% APR has monthly payments of "
     "$336.89. Loans are subject to credit approval."),
    ("loan", "block", "none",
     "Checking your rate generates a soft credit inquiry, which will not affect your credit score. If you "
     "continue with an application, a hard inquiry will be made, which may affect your score. Late payments "
     "incur a fee of $15 or 5% of the unpaid amount, whichever is greater, and are reported to credit bureaus."),
    ("loan", "block", "none",
     "Early repayment: you can repay all or part of your loan at any time. If you do, we may charge up to 58 "
     "days' interest on the amount repaid, in line with the Consumer Credit Act. We will tell you the exact "
     "settlement figure before you pay."),
    ("loan", "block", "none",
     "Missing payments could have severe consequences and make obtaining credit more difficult. This is a "
     "high-cost short-term loan and is not suitable for sustained borrowing over long periods; it would be "
     "expensive. If you are struggling with debt, free and impartial help is available from MoneyHelper."),
    ("loan", "block", "none",
     "Adjustable-rate mortgage disclosure: the initial rate stays the same for five years and then adjusts annually "
     "based on the index plus a margin of 2.75%. Your payment could increase significantly after the initial "
     "period. Rate caps of 2/2/5 apply. Property insurance is required, and flood insurance may be required."),
    # --- credit card -----------------------------------------------------------------------------
    ("credit_card", "block", "none",
     "Interest rates and charges. Annual Percentage Rate for purchases: 21.24% to 29.24%, based on your "
     "creditworthiness; this APR will vary with the market based on the Prime Rate. APR for cash advances: "
     "29.99%. How to avoid paying interest on purchases: your due date is at least 25 days after the close of "
     "each billing cycle; we will not charge you interest on purchases if you pay your entire balance by the "
     "due date each month."),
    ("credit_card", "block", "none",
     "Fees. Annual fee: none. Balance transfer: either $5 or 3% of the amount of each transfer, whichever is "
     "greater. Cash advance: either $10 or 5%, whichever is greater. Foreign transaction: none. "
     "Penalty fees: late payment up to $40; returned payment up to $40."),
    ("credit_card", "block", "none",
     "Representative example: if you spend £1,200 at a purchase rate of 24.9% p.a. (variable), your "
     "representative APR will be 24.9% APR (variable) with an assumed credit limit of £1,200. The 0% "
     "introductory rate on balance transfers lasts 18 months from account opening; a transfer fee of 3.49% "
     "applies. After that, the standard rate applies."),
    ("credit_card", "block", "none",
     "Minimum payments: if you only make the minimum payment each month, it will take you longer and cost you "
     "more to clear your balance. Paying late or going over your credit limit may mean you lose any promotional "
     "rates and may affect your ability to borrow in future."),
    ("credit_card", "block", "none",
     "Rewards terms: points are earned on eligible purchases only; balance transfers, cash advances, fees and "
     "gambling transactions do not earn points. Points expire 36 months after they are earned and have no cash "
     "value. We may change the rewards programme with 30 days' notice."),
    ("credit_card", "block", "none",
     "Your credit limit will be set after we assess your application and may be lower than the amount shown. "
     "We may review it from time to time. Credit is available to UK residents aged 18 or over, subject to "
     "status. Using more of your available credit can affect your credit score."),
    # --- deposit ---------------------------------------------------------------------------------
    ("deposit", "block", "none",
     "The Annual Percentage Yield (APY) quoted is the one in force on the date printed here; we can alter it once the "
     "account is open. "
     "A minimum deposit of $500 is required to open the account and earn the stated APY. Fees may reduce "
     "earnings. A penalty may be imposed for early withdrawal from a certificate of deposit."),
    ("deposit", "block", "none",
     "How your savings are protected: if this bank were to fail, the FSCS would pay compensation on the money "
     "you hold with us, subject to its limit per person. Balances above that limit would be at risk. Money you "
     "keep with our sister brands shares one limit with this account, because we hold a single banking licence."),
    ("deposit", "block", "none",
     "Deposits are FDIC insured up to $250,000 per depositor, per insured bank, for each account ownership "
     "category. Funds held in investment products through our affiliate are not deposits, are not FDIC insured "
     "and may lose value."),
    ("deposit", "block", "none",
     "Fixed rate bond: you cannot withdraw or add money during the term. Interest is calculated daily and can be "
     "paid monthly or on maturity; the monthly option pays a lower rate. When the bond matures we will write to "
     "you with your options. The AER figure lets you compare our bond with other savings on a like-for-like "
     "basis, as if interest were added to your balance one time a year."),
    ("deposit", "block", "none",
     "Early withdrawal penalty for certificates: terms of 12 months or less, 90 days of simple interest; terms "
     "over 12 months, 180 days of simple interest. The penalty may reduce your principal. Interest compounds "
     "daily and is credited monthly."),
    # --- securities and crypto -------------------------------------------------------------------
    ("securities", "block", "none",
     "Securities are offered through our broker-dealer, member FINRA/SIPC. Investment products are not FDIC "
     "insured, are not bank guaranteed and may lose value. SIPC protection does not cover losses caused by market "
     "declines. Options involve risk and are not suitable for all investors."),
    ("securities", "block", "none",
     "Trading on margin involves risk. You can lose more funds than you deposit in the margin account, and we "
     "can sell your securities without contacting you if the equity in your account falls below the maintenance "
     "requirement. Margin interest rates vary with the amount borrowed."),
    ("securities", "block", "none",
     "Contracts for difference are complex instruments and come with a high risk of losing money rapidly due to "
     "leverage. A majority of retail investor accounts lose money when trading CFDs with this provider. "
     "You should consider whether you understand how CFDs work and whether you can afford to take the high risk "
     "of losing your money."),
    ("securities", "block", "none",
     "Stocks and shares ISA: tax rules can change and their benefits depend on your circumstances. You can "
     "invest up to the annual ISA allowance across all your ISAs. The value of investments can go down as well "
     "as up, so you could get back less than you put in."),
    ("crypto", "block", "none",
     "Don't invest unless you're prepared to lose all the money you invest. This is a high-risk investment and "
     "you should not expect to be protected if something goes wrong. Cryptoassets are not covered by the "
     "Financial Ombudsman Service or the FSCS. Take two minutes to learn more about the risks."),
    ("crypto", "block", "none",
     "Crypto assets are not bank deposits, are not insured by the FDIC or SIPC, and are highly volatile. "
     "Staking rewards are variable and may be zero; staked assets may be locked for a period and cannot be sold "
     "during it. Availability depends on your state of residence."),
    # --- terms of a promotion --------------------------------------------------------------------
    ("deposit", "terms", "none",
     "Offer terms. To receive the $300 bonus, open a new checking account by June 30 and have direct deposits "
     "totalling at least $1,000 within 90 days of opening. The bonus will be credited within 15 days after the "
     "requirements are met and is reported as interest on Form 1099-INT. Existing customers and those who closed "
     "an account within the past year are not eligible. One bonus per customer."),
    ("deposit", "terms", "none",
     "Switching offer terms: to get the £175 payment you must complete a full switch using the Current Account "
     "Switch Service, including at least two active Direct Debits, and pay in £1,500 within 60 days. You can only "
     "receive this payment once. We can withdraw this offer at any time, but it will not affect applications "
     "already made."),
    ("credit_card", "terms", "none",
     "Welcome bonus terms: 60,000 bonus points are yours once you charge $4,000 to the card within 90 days of "
     "approval. Expect them to appear about two months after you reach that amount. Anyone who has had an "
     "introductory bonus on this same card during the last four years cannot earn it again."),
    ("securities", "terms", "none",
     "Free share promotion terms: new customers who open an account and deposit at least £100 by 31 March will "
     "receive one free share worth between £10 and £100, chosen at random. The share must be held for 30 days "
     "before it can be sold. Capital at risk; the value of the share may go down."),
    ("insurance", "terms", "none",
     "Gift card offer: buy a new home insurance policy online between 1 and 31 October and we will send you a "
     "£30 gift card within 90 days, as long as your policy is still active. Not available through comparison "
     "websites. The gift card cannot be exchanged for cash. Cover is subject to our underwriting criteria."),
    ("loan", "terms", "none",
     "Rate discount terms: the 0.25% interest rate reduction for automatic payments applies only while payments "
     "are made automatically from a checking or savings account. If automatic payments stop, the discount ends "
     "and your rate will increase. This discount cannot be combined with other offers."),
    ("other", "terms", "none",
     "Refer a friend terms: you and your friend will each receive $50 once your friend opens an eligible account "
     "using your link and makes five debit card purchases within 45 days. Limit of 10 referral rewards per "
     "calendar year. Rewards may be reported as income for tax purposes."),
    ("fund", "terms", "none",
     "Cashback offer: transfer an ISA or pension worth £10,000 or more to us by 5 April and we will pay cashback "
     "of up to £500 into your account within 12 weeks of the transfer completing. Your transferred investments "
     "must stay with us for 12 months. Tax rules can change. Investments can go down as well as up."),
    # --- fee tables ------------------------------------------------------------------------------
    ("securities", "fees", "none",
     "Our charges at a glance. Account fee: 0.25% a year on funds, capped at £3.50 a month for shares. Online "
     "share deal: £11.95. Regular investing: £1.50 per purchase. Foreign exchange: 1.0% on the first £25,000. "
     "Transfer out: free. Investments can fall in value and you may get back less than you invest."),
    ("deposit", "fees", "none",
     "Account fees: monthly maintenance fee $12, waived with a $1,500 minimum daily balance or $500 in monthly "
     "direct deposits. Out-of-network ATM withdrawal $3. Outgoing domestic wire $25; international wire $45. "
     "Stop payment $30. Overdraft fee $0."),
    ("credit_card", "fees", "none",
     "Charges: cash withdrawal fee 3% (minimum £3); non-sterling transaction fee 2.99%; late payment fee £12; "
     "over-limit fee £12; returned payment fee £12; copy statement £0. Charges are applied to your next statement."),
    ("loan", "fees", "none",
     "Mortgage fees: product fee £999, which can be added to the loan (interest is then charged on it); "
     "valuation fee £0; funds transfer fee £25; early repayment charge 5% in year one, 4% in year two and 3% in "
     "year three of the amount repaid above your overpayment allowance."),
    ("fund", "fees", "none",
     "Annual fund operating expenses (as a percentage of the value of your investment): management fee 0.55%; "
     "distribution and service (12b-1) fees 0.25%; other expenses 0.18%; total annual fund operating expenses "
     "1.00%. The example assumes a 5% return each year and is not a prediction of future performance."),
    ("crypto", "fees", "none",
     "Fees: a spread of around 0.5% is included in the price when you buy or sell. A transaction fee of 1.49% "
     "applies to card purchases. Network fees for sending crypto vary and are shown before you confirm. Crypto "
     "prices are volatile and you could lose all the money you invest."),
    # --- risk lists ------------------------------------------------------------------------------
    ("fund", "risks", "none",
     "Principal risks. Market risk: prices of securities may fall. Currency risk: changes in exchange rates may "
     "reduce returns. Concentration risk: the fund holds a limited number of companies. Liquidity risk: some "
     "assets may be hard to sell at a fair price. Counterparty risk: a party to a derivative contract may fail."),
    ("securities", "risks", "none",
     "Key risks of investing in structured products: you could lose some or all of your capital if the issuer "
     "defaults; returns depend on the performance of an index; the product may be difficult to sell before "
     "maturity; and early sale could mean you get back less than you invested."),
    ("insurance", "risks", "none",
     "Things to consider: the cash value of this policy is linked to investment funds and can go down; charges "
     "are deducted each month; if you surrender in the early years you may get back less than you paid; and the "
     "cost of cover rises with age."),
    ("loan", "risks", "none",
     "Before you borrow, consider: on a variable deal each instalment grows when the Bank of England base figure "
     "climbs; a missed instalment is recorded on your credit file and adds charges; and a longer term makes each "
     "instalment smaller while the total cost grows."),
    ("crypto", "risks", "none",
     "Risks you should know: prices can fall sharply in a short time; you may not be able to sell when you want "
     "to; platforms can fail or be hacked; and losing your keys can mean losing access permanently. These risks "
     "could lead to the loss of all the money you invest."),
    # --- rate, APR and APY footnotes --------------------------------------------------------------
    ("deposit", "footnote", "none",
     "*APY accurate as of 03/01. Rate may change at any time without notice after the account is opened. No "
     "minimum balance required to earn the APY. Fees could reduce earnings on the account."),
    ("loan", "footnote", "none",
     "1. Representative 5.9% APR on loans between £7,500 and £25,000 over one to five years. Rates for other "
     "amounts and terms may differ. All loans subject to status."),
    ("credit_card", "footnote", "none",
     "†After the intro period, a variable APR of 20.49% to 28.49% applies. Intro APR does not apply to cash "
     "advances. See pricing and terms for details."),
    ("deposit", "footnote", "none",
     "Rates shown are gross and AER, correct at the time of publication. Interest is paid without tax deducted; "
     "you may have to pay tax on interest above your personal savings allowance."),
    ("fund", "footnote", "none",
     "Source: fund manager, bid to bid, net income reinvested, in sterling, to 31 December. Discrete annual "
     "returns are shown for each of the last five years. Past performance is not a reliable indicator of future "
     "returns."),
    ("loan", "footnote", "none",
     "Rates as low as 6.99% APR include a 0.25% autopay discount and are available to the most creditworthy "
     "applicants. Your actual rate depends on credit, term and amount."),
    # --- long product pages, balanced ------------------------------------------------------------
    ("deposit", "page", "none",
     "Our instant access saver lets you move money in and out as often as you need, without giving notice and "
     "without losing a penny. It earns a variable 3.75% AER, 3.69% gross, from your first pound, worked out on each "
     "day's balance and added to the account every month. Existing customers can open one in the app in about "
     "ten minutes. This is a variable deal, so what it earns can change; we will write to you before any cut. "
     "Money in this account counts towards FSCS compensation, within the scheme's limit per person."),
    ("loan", "page", "none",
     "A personal loan could help you spread the cost of a new kitchen, a car or a wedding. Borrow £1,000 to "
     "£25,000 over one to seven years, and see your personalised rate before you apply without affecting your "
     "credit score. Representative 7.9% APR. Example: £10,000 over 5 years at 7.6% p.a. fixed, monthly "
     "repayment £200.06, total payable £12,003.60. Lending is subject to status and affordability; think about "
     "whether you can keep up repayments before you borrow."),
    ("credit_card", "page", "none",
     "Earn 1.5% cash back on every purchase, with no category limits and no annual fee. Redeem cash back as a "
     "statement credit or deposit at any time. New cardholders get 0% intro APR on purchases for 15 months; "
     "after that, a variable APR of 19.99% to 28.99% applies based on your creditworthiness. Balance transfer "
     "fee 3%. Settling just the smallest amount due each month means a bigger total bill and a longer wait to be clear."),
    ("fund", "page", "none",
     "Our global equity fund aims to grow your money over at least five years by investing in around 60 "
     "companies worldwide that we believe can compound their earnings. The team meets company management and "
     "keeps turnover low. Ongoing charge 0.79%. Over the past five years the fund returned 42.1% against 48.3% "
     "for its benchmark (source: fund manager, to 30 September). Past performance is not a reliable indicator of "
     "future returns. The value of investments can fall and you may get back less than you invest."),
    ("securities", "page", "none",
     "Start investing with as little as £25 a month in a stocks and shares ISA, a general account or a SIPP. "
     "Choose from ready-made portfolios or pick your own shares, funds and ETFs. Our platform fee is 0.35% a "
     "year and online share deals cost £5.95. We do not give personal advice, so make sure an investment is "
     "right for you. Investing should be for the long term; capital at risk."),
    ("insurance", "page", "none",
     "Level term life insurance pays a fixed lump sum if you die during the policy term, which could help your "
     "family pay off the mortgage or cover living costs. You choose the amount and length of cover; premiums stay "
     "the same unless you change your policy. There is no cash value, and if you stop paying, your cover stops. "
     "Not everyone will be accepted, and the price depends on your age, health and lifestyle. It is a protection "
     "policy, not a savings plan or a deposit."),
    ("crypto", "page", "none",
     "Buy, sell and hold bitcoin and ether in the same app you use for banking. Purchases start at $10, and the "
     "spread and fees are shown before you confirm each trade. Crypto is not a deposit, is not FDIC or SIPC "
     "insured, and its price can change quickly. Only invest what you can afford to lose. Crypto services are "
     "provided by a licensed partner and are not available in every state."),
    ("other", "page", "none",
     "Our budgeting app groups your spending by category, warns you before a bill is due and lets you set aside "
     "money in pots. It is free to use with a current account; premium features cost £3 a month and you can "
     "cancel at any time. We will never ask you to move money to a safe account or share a one-time passcode."),
    ("loan", "page", "none",
     "Thinking of buying your first home? Our 95% mortgages let you buy with a 5% deposit. Fixed rates for two "
     "or five years are available, after which you move to our standard variable rate unless you choose a new "
     "deal. The overall cost for comparison is 6.3% APRC representative. Your home may be repossessed if you do "
     "not keep up repayments on your mortgage."),
    ("deposit", "page", "none",
     "Earn 4.25% APY on a 12-month certificate of deposit with a $1,000 minimum opening deposit. Your rate is "
     "locked until the term ends, and at maturity you have a 10-day grace period to withdraw or add funds. An early "
     "withdrawal penalty applies. Deposits are FDIC insured up to the maximum allowed by law. The APY quoted is "
     "today's and can be revised for new certificates."),
    ("insurance", "page", "none",
     "Our income protection pays up to 60% of your monthly earnings if illness or injury stops you working, after "
     "a waiting period you choose of 4, 8, 13 or 26 weeks. A longer waiting period means lower premiums. Benefits "
     "are paid until you return to work, retire or the policy ends. Some conditions are excluded; see the policy "
     "summary. The policy has no cash value and is not a deposit."),
    ("fund", "page", "none",
     "If you want regular income, this bond fund invests mainly in investment-grade corporate bonds and pays "
     "income monthly. The current distribution yield is 4.6%; it is not guaranteed and will vary. When interest "
     "rates rise, the value of the fund's bonds tends to fall. The fund is not a cash deposit and your capital is "
     "at risk. Read the key information document before investing."),
    ("credit_card", "page", "none",
     "According to the Moneyfacts survey of 12 March, our balance transfer card offers the longest 0% period "
     "on the market at 30 months, with a 3.45% fee. Representative 24.9% APR (variable). Balance transfers must "
     "be made within 90 days. Missing a payment could mean you lose the promotional rate."),
    # --- pages that carry violating claims, with their disclosures --------------------------------
    ("fund", "page", "guarantee_or_promissory",
     "Lock in a guaranteed 9% return every year with our income fund - your money is safe with us whatever the "
     "markets do. Minimum investment £1,000. The value of investments can fall as well as rise, and you may get "
     "back less than you invest. Please read the key information document."),
    ("insurance", "page", "guarantee_or_promissory",
     "This annuity will double your savings in ten years, guaranteed, so you never have to worry about "
     "retirement again. Guarantees are backed by the claims-paying ability of the issuer. Surrender charges "
     "apply to early withdrawals. Not FDIC insured."),
    ("loan", "page", "guarantee_or_promissory",
     "Bad credit? No problem. Everyone is approved, guaranteed, and the money can be in your account today. "
     "Representative 49.9% APR. Missing payments could have severe consequences. Subject to status."),
    ("crypto", "page", "guarantee_or_promissory,unbalanced_or_exaggerated",
     "Earn a fixed 2% every week on your crypto with our yield vault - zero risk, your principal is always "
     "protected and you can sit back and watch it grow. Crypto is highly volatile and you could lose all the money "
     "you invest."),
    ("securities", "page", "misleading_performance",
     "Our members turned $5,000 into $80,000 in a single year by following our trade alerts, and this year "
     "looks even better. Join today. Trading involves risk and past results do not guarantee future performance."),
    ("fund", "page", "misleading_performance",
     "Up 61% in the last six months! This technology fund is the one to own, and at this pace it will have "
     "doubled again by next summer. Past performance is not a reliable indicator of future returns. Capital at "
     "risk."),
    ("insurance", "page", "misleading_performance",
     "The funds linked to this plan grew by 18% last year, so a £200 monthly premium could be worth over "
     "£150,000 in fifteen years. The value of your plan can fall as well as rise and is not guaranteed."),
    ("credit_card", "page", "pressure_tactics",
     "Only 6 hours left! Apply now or lose your 50,000-point bonus forever - thousands have already grabbed theirs "
     "and spaces are almost gone. Variable APR 21.99% to 29.99%. Terms apply."),
    ("loan", "page", "pressure_tactics",
     "Rates are going up tomorrow. Don't wait - lock in your loan before midnight tonight or you'll pay more for "
     "years. Representative 11.9% APR. Loans subject to status and affordability."),
    ("insurance", "page", "pressure_tactics",
     "Act now: your family is unprotected every day you delay, and this price disappears at the end of the week. "
     "Call before Friday. Terms, conditions and exclusions apply; cover subject to underwriting. This plan has no "
     "cash value and is not a deposit."),
    ("deposit", "page", "unsubstantiated_comparison",
     "The best savings rate in Britain, beating every high street bank by a mile. 4.1% AER variable on balances "
     "up to £50,000. Interest paid monthly. Eligible deposits protected by the FSCS."),
    ("securities", "page", "unsubstantiated_comparison",
     "The cheapest way to trade in America - you will pay less with us than with any other broker, every time. "
     "Member FINRA/SIPC. Investing involves risk, including loss of principal."),
    ("insurance", "page", "unsubstantiated_comparison",
     "Switch today and save up to 40% on your car insurance compared with what you pay now. We beat every other "
     "insurer on price. Cover subject to acceptance; excesses apply. Insurance is not a deposit or a savings "
     "product."),
    ("loan", "page", "unsubstantiated_comparison",
     "Number one for debt consolidation in the UK - nobody helps more people clear their debts. Representative "
     "17.9% APR. Think carefully before securing debts against your home."),
    ("fund", "page", "unbalanced_or_exaggerated",
     "The ultimate no-brainer investment: put your savings here and you will never need to worry about money "
     "again. Monthly income, zero stress. Capital at risk; income may vary and is not guaranteed."),
    ("loan", "page", "unbalanced_or_exaggerated",
     "Wipe away all your money worries in one simple step - our loan makes every financial problem disappear "
     "overnight. Representative 19.9% APR. Borrowing costs money; check you can afford the repayments."),
    ("other", "page", "unbalanced_or_exaggerated",
     "Write off up to 80% of your debts and be debt free in months, without anyone knowing. Fees apply and a "
     "debt solution can affect your credit rating."),
    ("fund", "page", "missing_risk_warning",
     "Our sustainable equity fund backs companies leading the transition to clean energy. Invest from £100 or "
     "£25 a month in an ISA, with an ongoing charge of 0.65%. Open an account online today."),
    ("crypto", "page", "missing_risk_warning",
     "Start your crypto journey with $10. Buy bitcoin, ether and more than 200 other coins in seconds, set up "
     "recurring buys and track everything in one app. Download now and get your first trade fee-free."),
    ("securities", "page", "missing_risk_warning",
     "Trade US and UK shares commission-free from your phone, with fractional shares from $1 and real-time "
     "quotes. Open an account in minutes and fund it instantly by debit card."),

    # --- second pass: short footnotes, long pages, more blocks -----------------------------------
    ("loan", "footnote", "none", "Subject to status. Over 18s and UK residents only."),
    ("credit_card", "footnote", "none", "*Balance transfer fee applies. 25.9% APR representative (variable)."),
    ("fund", "footnote", "none", "Yields are not guaranteed and will vary. Capital at risk."),
    ("securities", "footnote", "none", "Commission-free trading refers to $0 commissions for online US-listed stock trades; "
     "other fees may apply. Investing involves risk."),
    ("deposit", "footnote", "none", "**Rate correct as of 1 May. The rate is tiered and applies to the whole balance."),
    ("insurance", "footnote", "none", "Terms, conditions and exclusions apply. Quotes are based on a non-smoker aged 35."),
    ("other", "footnote", "none", "Card issued by our partner bank pursuant to a license from the card network."),
    ("crypto", "footnote", "none", "Crypto is high risk and unregulated in the UK. Prices can go down as well as up."),
    ("fund", "block", "none",
     "Important information: this document is for professional investors only and should not be relied on by "
     "retail clients. Opinions here belong to the investment team on the day of writing and can be revised later. "
     "Companies are named to illustrate a point, never to suggest that anyone deal in their shares."),
    ("insurance", "block", "none",
     "Critical illness cover pays a lump sum on diagnosis of one of the conditions defined in the policy, at the "
     "level of severity stated. Some conditions are covered only for a partial payment. Cover does not pay out on "
     "death, and claims made in the first 14 days after diagnosis must still meet the policy definitions."),
    ("loan", "block", "none",
     "A guarantor loan means your guarantor agrees to make the repayments if you cannot. If they do not, we may "
     "take action against them, which could affect their credit rating. Your guarantor should take independent "
     "advice before signing."),
    ("loan", "block", "none",
     "Buy now, pay later agreements are a form of credit. If you miss a payment you may be charged a late fee of "
     "up to $8, and the missed payment may appear on your credit report. Make sure you can afford the instalments "
     "before you agree."),
    ("credit_card", "block", "none",
     "Credit card disclosures under the Truth in Lending Act are provided with your application. Promotional "
     "rates may end early if a payment is 60 days late. We apply payments above the minimum to the balance with "
     "the highest rate first."),
    ("deposit", "block", "none",
     "Overdrafts on this account are charged at 39.9% EAR, which can vary; so if you borrowed £1,200 on an agreed "
     "limit for a year, interest would be worked out at that yearly figure. We do not offer borrowing beyond the "
     "agreed limit: a payment that would go past it is refused."),
    ("securities", "block", "none",
     "Our analysts' notes are general commentary. They are written without knowledge of your aims, your finances "
     "or what you need, and an analyst can revise a rating at any time. Analysts may hold positions in the securities "
     "they cover, as set out in our conflicts of interest policy."),
    ("other", "block", "none",
     "How we are paid: when you take out a product that we introduced, the lender or insurer pays us a fee. "
     "The fee differs between providers and products, and your price is the same either way. Ask us the figure "
     "before you decide and we will tell you."),
    ("other", "block", "none",
     "Money in your e-money account is safeguarded, which means it is held separately from our own funds. It is "
     "not protected by the Financial Services Compensation Scheme. Withdrawals to a bank account normally take "
     "one working day."),
    ("fund", "page", "none",
     "Planning for retirement is easier when your money works steadily in the background. Our ready-made "
     "portfolios range from cautious to adventurous, each spread across thousands of shares and bonds around the "
     "world and rebalanced for you. You pick a level of risk that matches how you would feel if the value dropped, "
     "and you can change it whenever your plans change. The total cost is shown before you invest: our 0.45% "
     "service fee plus fund charges of around 0.20% a year. Over the long term, shares have tended to grow faster "
     "than cash, but there have been years when they fell sharply, and there is no guarantee that they will not "
     "do so again. The value of your investments can go down as well as up, and you could get back less than you "
     "put in. If you are not sure what is right for you, speak to a financial adviser."),
    ("loan", "page", "none",
     "Our debt consolidation loan brings several debts together into one fixed monthly payment, which some "
     "people find easier to manage. You can borrow from $5,000 to $40,000 over 24 to 84 months. APRs range from "
     "8.99% to 29.99% and include an origination fee of up to 6%, which is deducted from the amount you receive. "
     "For example, a $20,000 loan over 60 months at 14.49% APR would have monthly payments of $470. "
     "Consolidating may not lower what you pay in total, particularly if you choose a longer term, and it works "
     "only if you avoid building up new balances on the accounts you pay off. Checking your rate will not affect "
     "your credit score; accepting a loan involves a hard inquiry."),
    ("insurance", "page", "none",
     "Home insurance that covers what matters. Buildings cover protects the structure of your home, including "
     "walls, roof and permanent fixtures, up to £1 million. Contents cover protects your belongings at home up to "
     "£50,000, with single items worth more than £2,000 to be listed. You can add accidental damage, personal "
     "possessions away from home and legal expenses. The standard excess is £100, with a separate excess for "
     "escape of water and subsidence claims. We do not cover wear and tear, gradual damage, or loss while the "
     "home is unoccupied for more than 60 days. You can cancel within 14 days of receiving your documents for a "
     "full refund if you have not claimed. This is an insurance policy, not a deposit or an investment."),
    ("credit_card", "page", "none",
     "Building credit takes time, and this card is designed to help you do it responsibly. Credit limits start at "
     "£250 and we review them regularly; we will never raise your limit without asking. You can set up a Direct "
     "Debit for the full balance so you never pay interest on purchases. Representative 34.9% APR (variable). "
     "Using the card sensibly and paying on time is one factor in how lenders see you, but it is not a quick fix, "
     "and missed payments will harm your credit record. Check your eligibility first without any effect on your "
     "credit score."),
    ("securities", "page", "none",
     "Trade options with clear pricing: $0.65 per contract, no base commission. Before you can trade options, we "
     "will review your experience, objectives and finances, and approve you for a level of trading. Options carry "
     "a high level of risk, including the loss of the entire premium paid, and selling options can expose you to "
     "losses greater than the amount received. Please read Characteristics and Risks of Standardized Options "
     "before trading. Supporting documentation for any claims will be supplied on request."),
    ("deposit", "page", "none",
     "A notice account could suit you if you can leave your savings alone for a while. Give us 95 days' notice and "
     "you can withdraw some or all of your money without a charge; until then, your savings stay in the account. "
     "The account currently earns 4.05% AER variable, worked out daily. You can pay in as often as you like from "
     "£1. If we lower the return, we will give you at least 14 days' notice, during which you can close the "
     "account without giving the full notice. Eligible deposits are covered by the FSCS."),
    ("fund", "page", "guarantee_or_promissory,misleading_performance",
     "Our flagship fund has beaten the market every single year for a decade and will keep doing so - a "
     "guaranteed way to grow your pension. Invest from £50 a month. The value of your investment can go down as "
     "well as up. Past performance is not a reliable indicator of future returns. Read the key information "
     "document before investing."),
    ("loan", "page", "guarantee_or_promissory,pressure_tactics",
     "Approval guaranteed for everyone who applies before Sunday - no credit checks, no questions, no waiting. "
     "Don't miss out: this offer will never be repeated. Representative 39.9% APR. Late repayments can cause you "
     "serious money problems."),
    ("insurance", "page", "unsubstantiated_comparison,unbalanced_or_exaggerated",
     "America's most trusted life insurer, with the best coverage at the lowest price anywhere - protect your "
     "family forever with one simple decision. Coverage subject to underwriting and policy terms. Premiums vary "
     "by age and health. Life insurance is not a deposit and is not FDIC insured."),
    ("credit_card", "page", "unsubstantiated_comparison",
     "Why settle for less? No other card pays more cash back than ours. Get 2% on everything you buy, with no cap. "
     "Variable APR 20.24% to 28.24%. Terms apply; see rates and fees."),
    ("crypto", "page", "guarantee_or_promissory,misleading_performance",
     "Bitcoin always recovers and has made early buyers millionaires - it will reach $250,000 by next year, so "
     "every dip is free money. Don't invest unless you can afford to lose all the money you put in; crypto is "
     "high risk."),
    ("securities", "page", "pressure_tactics",
     "Markets won't wait for you. Open an account in the next 48 hours or miss the biggest opportunity of the "
     "decade - every minute you hesitate costs you money. Investing involves risk, including possible loss of "
     "principal."),
    ("deposit", "page", "unbalanced_or_exaggerated",
     "Put your money here and never think about your finances again - our savings account takes care of "
     "everything, forever. 3.5% AER variable. Eligible deposits covered by the FSCS."),
]
