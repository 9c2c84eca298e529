"""Property-based checks: generated contact details never survive, wherever runs are split."""
import io

import docx
from faker import Faker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.redaction import Detector, redact_docx
from documents.redaction.values import normalise

from redaction_samples import package_text, split_runs

WORDS = ("the", "witness", "said", "that", "she", "called", "on", "Monday", "and", "then", "left", "shop",
         "Catch22", "reported", "PC", "Ford", "6305", "at", "10.30", "Theft", "Act", "1968", "17", "October")

seeds = st.integers(min_value=0, max_value=2**32 - 1)
sentences = st.lists(st.sampled_from(WORDS), min_size=0, max_size=12)


def faker(seed: int) -> Faker:
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    return fake


def value_of(kind: str, fake: Faker) -> str:
    return {
        "phone": fake.phone_number,
        "mobile": fake.cellphone_number,
        "postcode": fake.postcode,
        "email": fake.free_email,
        "company_email": fake.company_email,
        "street": fake.street_address,
    }[kind]()


kinds = st.sampled_from(["phone", "mobile", "postcode", "email", "company_email", "street"])


def redact(text: str) -> str:
    out = text
    for span in reversed(Detector().find(text)):
        out = out[:span.start] + "[REDACTED]" + out[span.end:]
    return out


@settings(max_examples=300, deadline=None)
@given(seed=seeds, kind=kinds, before=sentences, after=sentences, separator=st.sampled_from([" ", ", ", ": ", " (", "\t"]))
def test_generated_values_in_random_sentences_are_always_removed(seed, kind, before, after, separator):
    value = value_of(kind, faker(seed))
    text = " ".join(before) + separator + value + ("" if separator != " (" else ")") + " " + " ".join(after)
    assert normalise(value) not in normalise(redact(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=seeds, kind=kinds, cuts=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=4))
def test_random_split_points_across_runs_never_leak(seed, kind, cuts):
    value = value_of(kind, faker(seed))
    text = f"Contact details: {value} (given on 17 October 2026)."
    points = sorted({c % len(text) for c in cuts} - {0})
    pieces = [text[a:b] for a, b in zip([0] + points, points + [len(text)])]
    document = docx.Document()
    paragraph = document.add_paragraph()
    for piece in pieces:
        lines = piece.split("\n")
        for i, line in enumerate(lines):
            if i:
                paragraph.add_run().add_break()
            split_runs(paragraph, [line])
    out = io.BytesIO()
    document.save(out)
    output, _ = redact_docx(out.getvalue())
    text_out = package_text(output)
    assert normalise(value) not in text_out
    assert normalise("17 October 2026") in text_out
