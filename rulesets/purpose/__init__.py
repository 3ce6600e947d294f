"""Purpose and consent: may this personal data personalise this marketing, for this recipient?

Pure: a copy's provenance (which personal-data categories personalised it, the recipient's
marketing consent) and where it runs in, findings out. The policies are data, one YAML file per
jurisdiction beside this module, validated on load and fingerprinted like the rule packs.
"""
from rulesets.purpose.check import check_purpose
from rulesets.purpose.policy import (CONSENT_STATES, PurposePolicy, load_categories, load_purpose_policies,
                                     purpose_fingerprints)

__all__ = ["CONSENT_STATES", "PurposePolicy", "check_purpose", "load_categories", "load_purpose_policies",
           "purpose_fingerprints"]
