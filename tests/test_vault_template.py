"""AI_Employee_Vault/: the template the owner opens in Obsidian on day one.

It must hold every folder the project writes to, starter files that parse, machine-readable
goals, and no number that could pass for real accounting data before the sync has run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
VAULT = ROOT / "AI_Employee_Vault"

# DESIGN.md, "Vault layout".
DESIGN_FOLDERS = ["Needs_Action", "Pending_Approval", "Approved", "Rejected", "Done",
                  "Accounting", "Briefings", "Logs"]
# Folders the project's code reads request and report files from: a stray Markdown file there
# (a README, say) would be taken for one of them.
MACHINE_FOLDERS = DESIGN_FOLDERS
STARTER_FILES = ["Dashboard.md", "Company_Handbook.md", "Business_Goals.md"]
THRESHOLD_KEYS = ["revenue_below_target_pct", "overdue_days", "expense_increase_pct", "draft_age_days"]

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)

# Amounts that look like real figures: currency symbols or codes next to digits, and numbers
# with thousands separators or cents.
_MONEY = [
    re.compile(r"[$€£¥]\s?\d"),
    re.compile(r"\b\d[\d,.' ]*\s?(?:USD|EUR|GBP|CHF|CAD|AUD|JPY|INR)\b"),
    re.compile(r"\b(?:USD|EUR|GBP|CHF|CAD|AUD|JPY|INR)\s?\d"),
    re.compile(r"\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b"),
    re.compile(r"\b\d+\.\d{2}\b"),
]


def front_matter(path: Path) -> dict[str, Any]:
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} has no YAML front matter"
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict), f"{path.name}: front matter is not a mapping"
    return data


def money_like(text: str) -> list[str]:
    return [match.group(0) for pattern in _MONEY for match in pattern.finditer(text)]


def template_markdown() -> list[Path]:
    return sorted(VAULT.rglob("*.md"))


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --- folders and files -----------------------------------------------------------------------------


def test_design_folders_match_the_code():
    from odoo_mcp.vault import layout

    assert set(layout.FOLDERS) == set(DESIGN_FOLDERS)
    assert layout.DASHBOARD in STARTER_FILES and layout.BUSINESS_GOALS in STARTER_FILES


@pytest.mark.parametrize("folder", [*DESIGN_FOLDERS, "Inbox"])
def test_folder_exists_and_survives_a_clone(folder):
    path = VAULT / folder
    assert path.is_dir(), f"{folder}/ is missing from the template"
    assert any(path.iterdir()), f"{folder}/ is empty, so git would not keep it"


@pytest.mark.parametrize("folder", MACHINE_FOLDERS)
def test_machine_folders_hold_no_markdown(folder):
    assert not list((VAULT / folder).glob("*.md")), f"{folder}/ would show a template file as real data"


@pytest.mark.parametrize("name", STARTER_FILES)
def test_starter_file_exists_with_front_matter(name):
    path = VAULT / name
    assert path.is_file(), f"{name} is missing"
    data = front_matter(path)
    assert data.get("type"), f"{name}: front matter has no type"
    body = _FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
    assert body.lstrip().startswith("# "), f"{name}: the page starts with a title"


def test_every_markdown_front_matter_parses():
    with_front = [p for p in template_markdown() if p.read_text(encoding="utf-8").startswith("---\n")]
    assert any(p.name == "Business_Goals.md" for p in with_front)
    for path in with_front:
        assert front_matter(path)


def test_wiki_links_point_at_existing_notes():
    notes = {path.stem for path in template_markdown()}
    for path in template_markdown():
        for target in re.findall(r"\[\[([^\]|#]+)", path.read_text(encoding="utf-8")):
            assert Path(target).name in notes, f"{path.name} links to missing note [[{target}]]"


# --- Business_Goals.md ------------------------------------------------------------------------------


def test_business_goals_front_matter_has_numeric_targets():
    goals = front_matter(VAULT / "Business_Goals.md")
    assert is_number(goals["monthly_revenue_target"]) and goals["monthly_revenue_target"] > 0
    assert re.fullmatch(r"[A-Z]{3}", goals["currency"])
    thresholds = goals["alert_thresholds"]
    assert isinstance(thresholds, dict)
    for key in THRESHOLD_KEYS:
        assert is_number(thresholds.get(key)), f"alert_thresholds.{key} must be a number"
        assert thresholds[key] > 0
    assert 0 < thresholds["revenue_below_target_pct"] <= 100
    for key, value in thresholds.items():
        assert is_number(value), f"alert_thresholds.{key} must be a number"


def test_business_goals_values_from_the_brief():
    goals = front_matter(VAULT / "Business_Goals.md")
    assert goals["monthly_revenue_target"] == 20000 and goals["currency"] == "USD"
    assert {key: goals["alert_thresholds"][key] for key in THRESHOLD_KEYS} == {
        "revenue_below_target_pct": 80, "overdue_days": 30, "expense_increase_pct": 20, "draft_age_days": 7,
    }


def test_business_goals_documents_every_key_it_holds():
    path = VAULT / "Business_Goals.md"
    goals = front_matter(path)
    body = _FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
    keys = [key for key in goals if key not in ("type", "alert_thresholds")]
    keys += [f"alert_thresholds.{key}" for key in goals["alert_thresholds"]]
    for key in keys:
        assert f"`{key}`" in body, f"Business_Goals.md does not explain {key}"


# --- no fake figures --------------------------------------------------------------------------------


def test_money_detector_catches_figures_and_spares_prose():
    for figure in ("$1,200.00", "Revenue: 4500 USD", "EUR 300", "12,500", "paid 99.50", "€ 40"):
        assert money_like(figure), figure
    for prose in ("Step 1. read it", "within 30 days", "draft_age_days", "Q3 objectives", "`odoo-mcp sync --once`"):
        assert not money_like(prose), prose


@pytest.mark.parametrize("path", template_markdown(), ids=lambda path: str(path.relative_to(VAULT)))
def test_no_figure_dressed_up_as_accounting_data(path):
    text = path.read_text(encoding="utf-8")
    if path.name == "Business_Goals.md":
        # Targets belong in the front matter only; the human text names the keys instead.
        text = _FRONT_MATTER.sub("", text)
    assert money_like(text) == []


def test_dashboard_has_no_numbers_only_placeholders():
    text = (VAULT / "Dashboard.md").read_text(encoding="utf-8")
    without_list_markers = re.sub(r"(?m)^\s*\d+\.\s", "", text)
    assert not re.search(r"\d", without_list_markers), "Dashboard.md must not carry figures before the sync"
    assert "odoo-mcp sync --once" in text


def test_dashboard_sections_the_sync_owns_are_marked_and_balanced():
    text = (VAULT / "Dashboard.md").read_text(encoding="utf-8")
    begins = re.findall(r"<!-- odoo-mcp:begin (\S+) -->", text)
    ends = re.findall(r"<!-- odoo-mcp:end (\S+) -->", text)
    assert begins and begins == ends
    for name in begins:
        section = text.split(f"<!-- odoo-mcp:begin {name} -->", 1)[1].split(f"<!-- odoo-mcp:end {name} -->", 1)[0]
        assert "_Run `odoo-mcp sync --once` to fill this from Odoo" in section


def test_dashboard_explains_approvals_and_points_at_the_folders():
    text = (VAULT / "Dashboard.md").read_text(encoding="utf-8")
    for folder in DESIGN_FOLDERS:
        assert f"{folder}/" in text, f"Dashboard.md does not mention {folder}/"
    assert re.search(r"move the file to `Approved/`", text)
    assert "`Rejected/`" in text
    assert "[[Business_Goals]]" in text and "[[Company_Handbook]]" in text
    for folder in ("Pending_Approval", "Needs_Action", "Briefings", "Accounting"):
        assert f'```query\npath:"{folder}/"\n```' in text


def test_handbook_states_the_rules_of_engagement():
    text = (VAULT / "Company_Handbook.md").read_text(encoding="utf-8").lower()
    for rule in ("never pay without an approved request", "not been paid before",
                 "large_payment_amount", "never change anything in odoo without an approved request",
                 "never move, create or edit a file in `approved/`"):
        assert rule in text, rule


# --- what git keeps -------------------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("git") or not (ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize(
    "relative, ignored",
    [
        ("Accounting/2026-11.md", True),
        ("Pending_Approval/PAYMENT_acme_2026-11-22_abc123.md", True),
        ("Logs/2026-11-22.jsonl", True),
        (".obsidian/workspace.json", True),
        ("Accounting/.gitkeep", False),
        ("Dashboard.md", False),
        ("Business_Goals.md", False),
    ],
)
def test_owner_data_stays_out_of_git(relative, ignored):
    result = subprocess.run(["git", "check-ignore", "-q", f"AI_Employee_Vault/{relative}"], cwd=ROOT)
    assert (result.returncode == 0) is ignored
