"""Our recognizers, in the order they run. Add a bank's own recognizer class to this tuple."""
from rulesets.pii.recognizers.credit_card import CreditCardRecognizer
from rulesets.pii.recognizers.date_of_birth import DateOfBirthRecognizer
from rulesets.pii.recognizers.email import EmailRecognizer
from rulesets.pii.recognizers.en_person_name import EnPersonNameRecognizer
from rulesets.pii.recognizers.iban import IbanRecognizer
from rulesets.pii.recognizers.passport import PassportRecognizer
from rulesets.pii.recognizers.phone_number import PhoneNumberRecognizer
from rulesets.pii.recognizers.tw_address import TwAddressRecognizer
from rulesets.pii.recognizers.tw_bank_account import TwBankAccountRecognizer
from rulesets.pii.recognizers.tw_landline import TwLandlineRecognizer
from rulesets.pii.recognizers.tw_mobile import TwMobileRecognizer
from rulesets.pii.recognizers.tw_national_id import TwNationalIdRecognizer
from rulesets.pii.recognizers.tw_nhi_card import TwNhiCardRecognizer
from rulesets.pii.recognizers.tw_person_name import TwPersonNameRecognizer
from rulesets.pii.recognizers.tw_resident_certificate import TwResidentCertificateRecognizer
from rulesets.pii.recognizers.tw_ubn import TwUbnRecognizer
from rulesets.pii.recognizers.uk_bank_account import UkBankAccountRecognizer
from rulesets.pii.recognizers.uk_nino import UkNinoRecognizer
from rulesets.pii.recognizers.us_itin import UsItinRecognizer
from rulesets.pii.recognizers.us_ssn import UsSsnRecognizer

RECOGNIZERS = (
    # Taiwan
    TwNationalIdRecognizer, TwResidentCertificateRecognizer, TwUbnRecognizer, TwMobileRecognizer,
    TwLandlineRecognizer, TwNhiCardRecognizer, TwBankAccountRecognizer, TwAddressRecognizer, TwPersonNameRecognizer,
    # US / UK
    UsSsnRecognizer, UsItinRecognizer, UkNinoRecognizer, UkBankAccountRecognizer, IbanRecognizer,
    PhoneNumberRecognizer, EnPersonNameRecognizer,
    # everywhere
    CreditCardRecognizer, EmailRecognizer, PassportRecognizer, DateOfBirthRecognizer,
)

__all__ = [
    "RECOGNIZERS",
    "CreditCardRecognizer",
    "DateOfBirthRecognizer",
    "EmailRecognizer",
    "EnPersonNameRecognizer",
    "IbanRecognizer",
    "PassportRecognizer",
    "PhoneNumberRecognizer",
    "TwAddressRecognizer",
    "TwBankAccountRecognizer",
    "TwLandlineRecognizer",
    "TwMobileRecognizer",
    "TwNationalIdRecognizer",
    "TwNhiCardRecognizer",
    "TwPersonNameRecognizer",
    "TwResidentCertificateRecognizer",
    "TwUbnRecognizer",
    "UkBankAccountRecognizer",
    "UkNinoRecognizer",
    "UsItinRecognizer",
    "UsSsnRecognizer",
]
