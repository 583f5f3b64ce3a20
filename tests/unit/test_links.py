import pytest

from odoo_mcp.odoo.links import SANDBOX_BASE, record_url


def test_a_record_opens_in_the_web_client() -> None:
    assert record_url("https://books.example.com/", "account.move", 42) == "https://books.example.com/odoo/account.move/42"


def test_no_link_without_a_record_or_a_web_client() -> None:
    assert record_url("https://books.example.com", "account.move", None) is None
    assert record_url("https://books.example.com", "account.move", 0) is None
    assert record_url(SANDBOX_BASE, "account.move", 42) is None


@pytest.mark.parametrize("model", ["account.move/../../web", "Account.Move", "res", "x.y?z=1"])
def test_a_model_name_cannot_change_the_address(model: str) -> None:
    with pytest.raises(ValueError, match="not an Odoo model name"):
        record_url("https://books.example.com", model, 1)
