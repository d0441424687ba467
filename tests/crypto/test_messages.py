"""CryptoError carries its code and fields; the message areas do not collide; one describe() serves
the CLI and the GUI. (Each code's text: tests/foundation/test_error_messages.py.)"""

from __future__ import annotations

from collections import Counter

from app.messages import AREAS, describe
from app.messages.crypto import MESSAGES
from crypto.errors import CODES, CryptoError


def test_error_carries_code_and_fields() -> None:
    err = CryptoError("x", code="keyring_locked", backend="b")
    assert (err.code, err.fields, str(err)) == ("keyring_locked", {"backend": "b"}, "x")
    assert CryptoError("y").code == "crypto_error"


def test_codes_do_not_collide_with_other_areas() -> None:
    # app.messages merges every area's dict into one: a shared code would show the wrong text.
    for area, texts in AREAS.items():
        if texts is not MESSAGES:
            assert not set(texts) & set(CODES), area
    counts = Counter(code for texts in AREAS.values() for code in texts)
    assert [code for code, n in counts.items() if n > 1] == []


def test_every_module_of_the_package_is_an_area() -> None:
    # The package lists its areas explicitly: a new module must be added there too.
    import pkgutil

    import app.messages

    modules = {m.name for m in pkgutil.iter_modules(app.messages.__path__)}
    assert modules - {"marker"} == set(AREAS)


def test_one_describe_for_cli_and_gui() -> None:
    err = CryptoError("developer text", code="journal_exists", path="/j")
    english = describe(err)
    assert english.startswith("A crash journal already exists at /j.")
    # The GUI passes its translator in; the describing code stays Qt-free.
    seen: list[tuple[str, str]] = []

    def tagged(context: str, text: str) -> str:
        seen.append((context, text))
        return "[ja] " + text

    assert describe(err, tagged) == "[ja] " + english
    assert seen == [("Messages", MESSAGES["journal_exists"])]
    # Without a text for the code: the CLI prints the error's own (English) message, the GUI a
    # generic translated text naming the code; a missing field falls back / stays visible.
    odd = CryptoError("own words", code="no_such_code")
    assert describe(odd) == "own words"
    assert describe(odd, tagged).startswith("[ja] Something went wrong (code: no_such_code).")
    bare = CryptoError("own words", code="journal_exists")
    assert describe(bare) == "own words"
    assert "{path}" in describe(bare, tagged)
