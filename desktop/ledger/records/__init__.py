"""Every record the ledger keeps: one SQLModel class each, shared with the provincial server."""

from desktop.ledger.records.base import (
    ChangeAction,
    ChangeEntry,
    ChangeOrigin,
    SyncedRecord,
    new_id,
    utcnow,
)
from desktop.ledger.records.commendation import (
    Certificate,
    CertificateBlock,
    CommendationProposal,
    Occasion,
    ProposalStatus,
    SubjectType,
)
from desktop.ledger.records.device import DeviceState, Epoch
from desktop.ledger.records.households import (
    Area,
    Category,
    Classification,
    Education,
    Employment,
    Household,
    Member,
    Sex,
)
from desktop.ledger.records.model_cases import (
    Attachment,
    ModelCase,
    ModelCaseHousehold,
    ModelCaseKind,
    ModelCaseStatus,
)
from desktop.ledger.records.officers import Officer, Role
from desktop.ledger.records.places import Commune, Village, VillageKind
from desktop.ledger.records.reference import ReferenceDocument, ReferenceKind
from desktop.ledger.records.registrations import (
    Registration,
    RegistrationReview,
    RegistrationStatus,
    ReviewResult,
)
from desktop.ledger.records.settings import Setting
from desktop.ledger.records.support import Repayment, SupportGiven, SupportKind
from desktop.ledger.records.sync_state import SyncConflict, SyncState
from desktop.ledger.records.targets import PovertyTarget, TargetLevel
from desktop.ledger.vocabulary import CATEGORY_LABELS

# Synced records in dependency order: parents before children, as sync and restore need them.
SYNCED_RECORDS: tuple[type[SyncedRecord], ...] = (
    Village,
    Household,
    Member,
    Classification,
    Registration,
    RegistrationReview,
    SupportGiven,
    ModelCase,
    ModelCaseHousehold,
    Attachment,
    CommendationProposal,
    Certificate,
    PovertyTarget,
    ReferenceDocument,
)

__all__ = [
    "CATEGORY_LABELS",
    "SYNCED_RECORDS",
    "Area",
    "Attachment",
    "Category",
    "Certificate",
    "CertificateBlock",
    "ChangeAction",
    "ChangeEntry",
    "ChangeOrigin",
    "Classification",
    "CommendationProposal",
    "Commune",
    "DeviceState",
    "Education",
    "Employment",
    "Epoch",
    "Household",
    "Member",
    "ModelCase",
    "ModelCaseHousehold",
    "ModelCaseKind",
    "ModelCaseStatus",
    "Occasion",
    "Officer",
    "PovertyTarget",
    "ProposalStatus",
    "ReferenceDocument",
    "ReferenceKind",
    "Registration",
    "RegistrationReview",
    "RegistrationStatus",
    "Repayment",
    "ReviewResult",
    "Role",
    "Setting",
    "Sex",
    "SubjectType",
    "SupportGiven",
    "SupportKind",
    "SyncConflict",
    "SyncState",
    "SyncedRecord",
    "TargetLevel",
    "Village",
    "VillageKind",
    "new_id",
    "utcnow",
]
