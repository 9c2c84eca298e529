"""The password rule (NCSC and ASVS 2.1): long enough, and not one that attackers try first.

The common-password list and the guessability estimate come from the pinned `zxcvbn` package (its
30,000 most common leaked passwords, plus patterns such as sequences, repeats and dates), so nothing
is fetched at run time.
"""
from __future__ import annotations

import re
from functools import cache

MIN_LENGTH = 12
MAX_LENGTH = 128  # argon2 copes with more; a cap stops megabyte "passwords" costing a hash each
MIN_SCORE = 3     # zxcvbn's 0-4 scale: 3 is "safely unguessable" against online and slow-hash attacks

TOO_SHORT = f"The password must be at least {MIN_LENGTH} characters"
TOO_LONG = f"The password must be {MAX_LENGTH} characters or fewer"
TOO_COMMON = "This password is too easy to guess: it is a common password or pattern. Try three random words"


def password_problem(password: str, related: tuple[str, ...] = ()) -> str | None:
    """What is wrong with a new password, in words for the form, or None if it will do.

    `related` are things about the person (username, name) that make a password easy to guess.
    """
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    from zxcvbn import zxcvbn

    if password.lower() in _common_passwords():
        return TOO_COMMON
    # Each word of a name on its own too: "chris.changer1" is as guessable for Chris Changer as "chrischanger".
    words = {w for r in related for w in re.split(r"[\W_]+", r.lower()) if len(w) >= 3}
    if zxcvbn(password, user_inputs=sorted(words | {r.lower() for r in related if r}))["score"] < MIN_SCORE:
        return TOO_COMMON
    return None


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS
    return frozenset(FREQUENCY_LISTS["passwords"])
