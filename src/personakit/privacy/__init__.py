"""Privacy: personal-data recognisers, ``scrub`` and the minimum group size."""

from personakit.privacy._groups import (
    DEFAULT_MIN_GROUP_SIZE,
    large_enough,
    min_group_size,
    share_count,
)
from personakit.privacy._names import find_names
from personakit.privacy._patterns import (
    find_addresses,
    find_bsns,
    find_emails,
    find_ibans,
    find_phones,
    find_postcodes,
)
from personakit.privacy._registry import (
    Finding,
    FunctionRecognizer,
    Recognizer,
    recognizers,
    register_recognizer,
    unregister_recognizer,
)
from personakit.privacy._scrub import (
    KnownValuesRecognizer,
    ScrubResult,
    find_pii,
    placeholder,
    scrub,
)

# The built-ins register exactly as a plugin would.
for _name, _kind, _func in (
    ("email", "email", find_emails),
    ("iban", "iban", find_ibans),
    ("address", "address", find_addresses),
    ("postcode", "postcode", find_postcodes),
    ("phone", "phone", find_phones),
    ("bsn", "bsn", find_bsns),
    ("name", "name", find_names),
):
    register_recognizer(FunctionRecognizer(_name, _kind, _func), replace=True)

__all__ = [
    "DEFAULT_MIN_GROUP_SIZE",
    "Finding",
    "FunctionRecognizer",
    "KnownValuesRecognizer",
    "Recognizer",
    "ScrubResult",
    "find_addresses",
    "find_bsns",
    "find_emails",
    "find_ibans",
    "find_names",
    "find_phones",
    "find_pii",
    "find_postcodes",
    "large_enough",
    "min_group_size",
    "placeholder",
    "recognizers",
    "register_recognizer",
    "scrub",
    "share_count",
    "unregister_recognizer",
]
