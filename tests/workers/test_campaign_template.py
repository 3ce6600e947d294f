"""Template specs: slots and disclosures are checked when the template is submitted; rendering
places every slot and disclosure; SMS segmentation follows the GSM-7 / UCS-2 rules."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.workers.campaign_samples import GOOD, SPEC, fill
from workers.campaign.sms import segment
from workers.campaign.template import TemplateSpec, render


@pytest.mark.parametrize("spec, complaint", [
    ({"text": "Hi {{name}}", "slots": {}}, "not declared: name"),
    ({"text": "Hi", "slots": {"name": {}}}, "slots.name\n  slot declared but not used in the text"),
    ({"text": "Hi {{name}}. Capital at risk.", "slots": {"name": {}}, "disclosures": ["Capital at loss."]}, "not in the template"),
    ({"text": "Hi {{name}}", "slots": {"name": {"min": 5, "max": 1}}}, "min is greater than max"),
    ({"text": "Hi {{name}}", "slots": {"name": {"pattern": "("}}}, "does not compile"),
    ({"text": "Hi {{name}}", "slots": {"name": {"colour": "red"}}}, "Extra inputs"),
])
def test_a_spec_that_does_not_fit_its_text_is_refused(spec, complaint):
    with pytest.raises(ValidationError, match=complaint):
        TemplateSpec.model_validate(spec)


def test_a_disclosure_must_lie_in_the_fixed_text_not_across_a_slot():
    with pytest.raises(ValidationError, match="not in the template"):
        TemplateSpec(text="Rates {{rate}} apply.", slots={"rate": {}}, disclosures=["Rates  apply."])


def test_rendering_places_each_slot_and_disclosure():
    rendered = render(SPEC, GOOD)
    assert rendered.text == fill(GOOD)
    for name, start, end in rendered.spans:
        assert rendered.text[start:end] == GOOD[name]
    for disclosure, start, end in rendered.disclosures:
        assert rendered.text[start:end] == disclosure


def test_the_fingerprint_changes_with_any_constraint():
    looser = SPEC.model_copy(update={"slots": {**SPEC.slots, "rate": SPEC.slots["rate"].model_copy(update={"max": 20})}})
    assert looser.fingerprint != SPEC.fingerprint and len(SPEC.fingerprint) == 64


@pytest.mark.parametrize("text, encoding, lengths", [
    ("a" * 160, "gsm7", [160]),
    ("a" * 161, "gsm7", [153, 8]),
    ("€" * 80, "gsm7", [80]),              # extension characters take two septets: 160 septets, one segment
    ("€" * 81, "gsm7", [76, 5]),           # 153 septets hold 76 of them; one is never split across segments
    ("中" * 70, "ucs2", [70]),
    ("中" * 71, "ucs2", [67, 4]),
    ("a" * 60 + "中", "ucs2", [61]),        # one character outside GSM-7 makes the whole message UCS-2
    ("😀" * 35, "ucs2", [35]),             # an emoji is two UTF-16 code units
    ("😀" * 36, "ucs2", [33, 3]),
])
def test_sms_segments_follow_the_alphabet_and_concatenation_limits(text, encoding, lengths):
    cut = segment(text)
    assert cut.encoding == encoding
    assert [end - start for start, end in cut.segments] == lengths
    assert cut.segments[-1][1] == len(text)
