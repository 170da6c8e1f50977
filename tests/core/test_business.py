"""Tests of business types, priority levels and the branch catalogue."""

from __future__ import annotations

import pytest

from counterdesk.core.business import BusinessType, Catalogue, Priority
from counterdesk.core.errors import DomainError, NotFoundError


def btype(code: str = "DEP", prefix: str = "A", **kwargs: object) -> BusinessType:
    fields: dict[str, object] = {
        "name_en": "Deposit",
        "name_zh": "存款",
        "target_seconds": 600,
        **kwargs,
    }
    return BusinessType(code, prefix, **fields)  # type: ignore[arg-type]


@pytest.fixture
def catalogue() -> Catalogue:
    return Catalogue(
        [
            btype("DEP", "A"),
            btype("WDR", "B", name_en="Withdrawal", name_zh="取款"),
            btype("VIP_WM", "V", target_seconds=300, priority_weight=Priority.VIP),
        ]
    )


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("normal", Priority.NORMAL),
        ("VIP", Priority.VIP),
        ("  Green ", Priority.GREEN),
        ("0", Priority.NORMAL),
        ("1", Priority.VIP),
        ("2", Priority.GREEN),
    ],
)
def test_priority_parse(text: str, level: Priority) -> None:
    assert Priority.parse(text) is level


@pytest.mark.parametrize("text", ["", "gold", "3", "-1", "v i p"])
def test_priority_parse_refuses_unknown_levels(text: str) -> None:
    with pytest.raises(DomainError, match="expected one of: normal, vip, green"):
        Priority.parse(text)


def test_priority_order() -> None:
    assert Priority.GREEN > Priority.VIP > Priority.NORMAL
    assert int(Priority.NORMAL) == 0


def test_business_type_names() -> None:
    t = btype()
    assert t.name("en") == "Deposit"
    assert t.name("zh_CN") == "存款"
    assert t.priority_weight == Priority.NORMAL


@pytest.mark.parametrize(
    ("code", "prefix", "kwargs", "message"),
    [
        ("dep", "A", {}, "code 'dep' must be 1-16 capitals"),
        ("1DEP", "A", {}, "must be 1-16 capitals"),
        ("A" * 17, "A", {}, "must be 1-16 capitals"),
        ("", "A", {}, "must be 1-16 capitals"),
        ("DEP", "a", {}, "DEP: prefix must be one capital letter"),
        ("DEP", "AB", {}, "prefix must be one capital letter"),
        ("DEP", "1", {}, "prefix must be one capital letter"),
        ("DEP", "A", {"name_en": " "}, "names in en and zh are required"),
        ("DEP", "A", {"name_zh": ""}, "names in en and zh are required"),
        ("DEP", "A", {"target_seconds": 0}, "target_seconds must be positive"),
        ("DEP", "A", {"priority_weight": 3}, "priority_weight must be 0, 1 or 2"),
        ("DEP", "A", {"priority_weight": -1}, "priority_weight must be 0, 1 or 2"),
    ],
)
def test_business_type_validation(
    code: str, prefix: str, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        btype(code, prefix, **kwargs)


def test_business_type_accepts_the_longest_code() -> None:
    assert btype("A_1" + "X" * 13).code == "A_1" + "X" * 13


@pytest.mark.parametrize("key", ["DEP", "dep", " Dep ", "A", "a"])
def test_catalogue_get_by_code_or_prefix(catalogue: Catalogue, key: str) -> None:
    assert catalogue.get(key).code == "DEP"


def test_catalogue_unknown_key_lists_known_codes(catalogue: Catalogue) -> None:
    with pytest.raises(NotFoundError) as info:
        catalogue.get("FX")
    message = str(info.value)
    assert "'FX'" in message
    assert "known: DEP (A), WDR (B), VIP_WM (V)" in message
    assert isinstance(info.value, DomainError)


def test_catalogue_resolve_keeps_order_and_dedups(catalogue: Catalogue) -> None:
    assert catalogue.resolve(["b", "DEP", "WDR", "a", "v"]) == ("WDR", "DEP", "VIP_WM")
    assert catalogue.resolve([]) == ()


def test_catalogue_resolve_refuses_unknown(catalogue: Catalogue) -> None:
    with pytest.raises(NotFoundError, match="unknown business type 'Z'"):
        catalogue.resolve(["A", "Z"])


def test_catalogue_refuses_duplicate_prefix() -> None:
    with pytest.raises(DomainError, match="DEP and WDR share ticket prefix A"):
        Catalogue([btype("DEP", "A"), btype("WDR", "A")])


def test_catalogue_refuses_duplicate_code() -> None:
    with pytest.raises(DomainError, match="code DEP is defined twice"):
        Catalogue([btype("DEP", "A"), btype("DEP", "B")])


def test_catalogue_collection(catalogue: Catalogue) -> None:
    assert len(catalogue) == 3
    assert catalogue.codes == ("DEP", "WDR", "VIP_WM")
    assert [t.prefix for t in catalogue] == ["A", "B", "V"]
    assert catalogue.targets() == {"DEP": 600, "WDR": 600, "VIP_WM": 300}


def test_a_code_that_is_another_types_prefix_is_refused() -> None:
    with pytest.raises(DomainError, match="code B is also the ticket prefix of WDR"):
        Catalogue(
            [
                BusinessType("B", "A", "Deposit", "存款", 600),
                BusinessType("WDR", "B", "Withdrawal", "取款", 600),
            ]
        )


def test_head_office_types_overlay_the_shipped_ones_in_place_and_add_new_ones(
    catalogue: Catalogue,
) -> None:
    renamed = btype("DEP", "A", name_en="Cash deposit (counter)", target_seconds=480)
    merged = catalogue.overlaid([btype("FX", "X", name_en="Foreign exchange"), renamed])

    assert merged.codes == ("DEP", "WDR", "VIP_WM", "FX")
    assert merged.get("DEP").name_en == "Cash deposit (counter)"
    assert merged.targets()["DEP"] == 480
    assert merged.get("X").code == "FX"
    # The shipped catalogue itself is unchanged.
    assert catalogue.get("DEP").target_seconds == 600


def test_a_retired_type_is_found_for_the_days_tickets_but_no_longer_offered(
    catalogue: Catalogue,
) -> None:
    merged = catalogue.overlaid([], retired=["WDR"])

    assert merged.codes == ("DEP", "VIP_WM")
    assert [t.code for t in merged] == ["DEP", "VIP_WM"]
    assert merged.get("B").code == "WDR"  # its tickets still show their type
    assert not merged.offers("WDR")
    assert not merged.offers("B")
    assert merged.offers("A")
    assert merged.retired == ("WDR",)
    # Published again, it is offered again.
    assert merged.overlaid([btype("WDR", "B")]).offers("WDR")


def test_a_type_keeps_its_ticket_letter_and_a_retired_letter_stays_taken(
    catalogue: Catalogue,
) -> None:
    with pytest.raises(DomainError, match="DEP: its ticket letter A cannot change to Q"):
        catalogue.overlaid([btype("DEP", "Q")])
    retired = catalogue.overlaid([], retired=["WDR"])
    with pytest.raises(DomainError, match="share ticket prefix B"):
        retired.overlaid([btype("FX", "B")])
