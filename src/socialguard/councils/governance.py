"""A council's governance rules, read from ``governance.yaml`` in its active policy pack.

Who approves a business case and in what order, who creates accounts, how many administrators
an account needs, what staff need before they may run one: all data, each citing its clauses.
The screening engine reads the rest of the pack; this file is the Django side's part.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from socialguard.accounts.roles import Role
from socialguard.councils.models import Council


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApprovalStep(_Strict):
    id: str
    name: str
    role: Role
    clauses: tuple[str, ...] = Field(min_length=1)
    proposers_own_manager: bool = False  # only the proposer's line manager may decide
    proposer_training: str | None = None  # the proposer must hold this training first


class BusinessCaseRules(_Strict):
    steps: tuple[ApprovalStep, ...] = Field(min_length=1)


class AccountRules(_Strict):
    created_by_role: Role
    min_administrators: int = Field(ge=1)
    review_period_months: int = Field(ge=1, le=36)
    clauses: tuple[str, ...]


class AccessRules(_Strict):
    agreement_required: bool
    countersignature_required: bool
    training_course: str | None
    clauses: tuple[str, ...]


class PublicInfo(_Strict):
    feedback: str
    clauses: tuple[str, ...]


class Governance(_Strict):
    business_case: BusinessCaseRules
    accounts: AccountRules
    access: AccessRules
    public: PublicInfo


class GovernanceError(Exception):
    pass


@lru_cache(maxsize=32)
def load_governance(pack_dir: Path) -> Governance:
    path = pack_dir / "governance.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Governance.model_validate(data)
    except FileNotFoundError:
        raise GovernanceError(f"{path}: missing; every policy pack needs governance.yaml") from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise GovernanceError(f"{path}: {exc}") from exc


def governance_for(council: Council) -> Governance:
    """The governance rules of ``council``'s active policy pack."""
    return load_governance(Path(settings.POLICY_PACKS_DIR) / council.policy_pack)
