"""Our recognizers, in the order they run. Add a bank's own recognizer class to this tuple."""
from rulesets.pii.recognizers.credit_card import CreditCardRecognizer
from rulesets.pii.recognizers.email import EmailRecognizer
from rulesets.pii.recognizers.tw_mobile import TwMobileRecognizer
from rulesets.pii.recognizers.tw_national_id import TwNationalIdRecognizer

RECOGNIZERS = (TwNationalIdRecognizer, CreditCardRecognizer, TwMobileRecognizer, EmailRecognizer)

__all__ = ["RECOGNIZERS", "CreditCardRecognizer", "EmailRecognizer", "TwMobileRecognizer", "TwNationalIdRecognizer"]
