"""Writes to Odoo, each exactly as the owner approved it, once.

    inputs    the tools' arguments (pydantic), normalised so a request hashes one way
    plans     typed plans: everything that will be written, resolved when the owner is asked
    base      Proposal, Outcome, Mismatch and the errors an action raises
    lookups   read-only lookups shared by the actions (partner, taxes, terms, journals, moves)
    markers   the idempotency marker: an external id created with the record in one `load`
    partner, moves, post, payment   one module per action: propose, re-check, write, read back
    actions   the registry: each action's name, input, plan, propose and run

    gate, request_store, request_file, request_folders, signing, mismatch_note   the approval gate and its files
    request_store_sqlite, request_store_postgres   the request store's backends (one server; several sharing one store)
"""

from .actions import ACTIONS, ActionName, WriteAction, proposer, runner
from .base import Books, InvalidRequest, Mismatch, Outcome, Proposal, StaleRequest

__all__ = ["ACTIONS", "ActionName", "Books", "InvalidRequest", "Mismatch", "Outcome", "Proposal", "StaleRequest", "WriteAction",
           "proposer", "runner"]
