"""English personal names, only where the copy greets, titles or labels a person: "Dear Jane
Smith", "Hi John,", "Hello Mr. Patel", "Ms Jones", "Name: Jane Smith". The match is the name itself (the greeting and title
sit in lookbehinds), case-sensitive, up to three capitalised words.

Salutations that address nobody in particular are not names: "Dear Customer", "Dear Valued
Member", "Dear Cardholder", "Dear Sir or Madam", "Hi there"; placeholders such as
"Dear {{first_name}}", "Dear [Name]", "Dear XXX" have no capitalised word to match. A name
marked as made up just after it ("Jane (not her real name)") is not reported.
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import CjkSafeRecognizer

NOT_NAMES = (
    "Customer", "Client", "Member", "Cardholder", "Cardmember", "Card", "Holder", "Account", "Accountholder",
    "Policyholder", "Policy", "Shareholder", "Stakeholder", "Investor", "Valued", "Sir", "Madam", "Madame",
    "Friend", "Team", "All", "Everyone", "Everybody", "There", "World", "Applicant", "Partner", "Colleague",
    "Reader", "Subscriber", "Guest", "Saver", "User", "Borrower", "Homeowner", "Student", "Parent", "Patient",
    "Future", "Fellow", "New", "Existing", "Prospective", "Premier", "Gold", "Platinum", "Business", "Small",
    "Our", "Your", "You", "Folks", "Neighbor", "Neighbour", "Traveler", "Traveller", "Shopper", "Name", "First",
    "Last", "Full", "Recipient", "Beneficiary", "Owner", "Merchant", "Depositor", "Advisor", "Adviser",
    "Retiree", "Veteran", "Resident", "Supporter", "Patron", "Visitor", "Buyer", "Seller", "Employee",
    "Employer", "Manager", "Director", "Officer", "Agent", "Representative", "Again", "Back", "Today", "Welcome",
    "Thanks", "Thank", "Please", "Congratulations", "Good", "Great", "Happy", "Hello", "Hi", "Dear", "Valuable",
    "Loyal", "Esteemed", "Respected", "Lucky", "Winner", "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Miss", "The",
    "This", "That", "These", "Those", "And", "Or", "Of", "To", "From", "With", "We", "It", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Spring", "Summer", "Autumn",
    "Winter", "Everyone", "Folk", "Family", "Families", "Household", "People", "Person", "Citizen", "Taxpayer",
    "Insured", "Policyowner", "Savers", "Investors", "Sirs", "Madams",
)
_NOT_NAME = "(?!(?:" + "|".join(sorted(set(NOT_NAMES), key=len, reverse=True)) + r")s?(?![A-Za-z]))"
_WORD = _NOT_NAME + r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NAME = _WORD + r"(?: " + _WORD + r"){0,2}(?![A-Za-z])"
_TITLE = r"(?:Mrs|Mr|Ms|Mx|Dr|Prof|Miss)"
_GREETING = r"(?<![A-Za-z])(?:Dear|Hi|Hello|Hey|Attn:?|Attention:?)[ \t]+"
# A form label at the start of a line or after punctuation ("File name: Report" is not one).
_LABEL = (r"(?:^|(?<=[\n.;,|(，。：\u3400-\u9fff]))[ \t]*(?:(?:Full|Customer|Client|Your|First|Last|Account|Card)[ \t]+)?"
          r"(?:[Nn]ame|[Aa]pplicant|[Cc]ardholder|[Bb]eneficiary|[Aa]ccount [Hh]older|[Hh]older|[Pp]ayee)[ \t]*:[ \t]*")


class EnPersonNameRecognizer(CjkSafeRecognizer):
    ENTITY = "PERSON"
    PATTERNS = (
        ("en_name_greeting", "(?<=" + _GREETING + "(?:" + _TITLE + r"\.?[ \t]+)?)" + _NAME, 0.5),
        # After a title anywhere, but not "Miss" ("Don't Miss Out" is not a greeting).
        ("en_name_title", r"(?<=(?<![A-Za-z])(?:Mrs|Mr|Ms|Mx|Dr|Prof)\.?[ \t]+)" + _WORD + "(?: " + _WORD + r")?(?![A-Za-z])", 0.5),
        # After a form label: "Name: Jane Smith", "Account holder: John Doe".
        ("en_name_label", "(?<=" + _LABEL + "(?:" + _TITLE + r"\.?[ \t]+)?)" + _NAME, 0.5),
    )
    CONTEXT = ("name", "dear", "姓名")
    TRIGGER = r"Dear|Hi|Hello|Hey|Attn|Attention|Mr|Ms|Mx|Dr|Prof|[Nn]ame|[Aa]pplicant|[Cc]ardholder|[Bb]eneficiary|[Hh]older|[Pp]ayee"
    CASE_SENSITIVE = True
    SUPPRESS_AFTER = r"not (?:his|her|their|my|our) real name|pseudonym|name changed|fictional|化名"
    SUPPRESS_WINDOW = 30
