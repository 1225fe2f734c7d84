"""Journal entries, one module per log, each on the shared owned-entry base (`base.Owned`).

Invariants are Meta constraints, not only form rules; nothing here writes (journal.services does).
"""

from .accounts import Session, SignupRecord, SubmitToken
from .base import EARLIEST_DATE, Owned
from .body import Fracture, HeightMeasurement
from .dexa import DexaScan, DexaSiteResult
from .exercise import ExerciseSession
from .falls import Fall
from .flags import FlagDiscussion
from .imports import PendingImport
from .labs import LabResult
from .medicines import Dose, Medicine
from .mood import MoodQuestionnaire
from .pain import (
    LOCATION_CODES,
    LOCATION_MASK_MAX,
    PAIN_NEWEST_FIRST,
    PAIN_OLDEST_FIRST,
    LocationsField,
    PainEntry,
    decode_locations,
    encode_locations,
)
from .profile import Profile
from .reminders import (
    CalendarFeed,
    Preferences,
    ReminderSchedule,
    SenderRun,
    SentReminder,
)
from .treatment import TreatmentCourse, TreatmentSession
from .wellbeing import PegCheckIn, SleepEntry

__all__ = [
    "EARLIEST_DATE",
    "LOCATION_CODES",
    "LOCATION_MASK_MAX",
    "PAIN_NEWEST_FIRST",
    "PAIN_OLDEST_FIRST",
    "DexaScan",
    "DexaSiteResult",
    "Dose",
    "ExerciseSession",
    "Fall",
    "FlagDiscussion",
    "Fracture",
    "HeightMeasurement",
    "LabResult",
    "LocationsField",
    "MoodQuestionnaire",
    "Medicine",
    "Owned",
    "PainEntry",
    "PendingImport",
    "PegCheckIn",
    "Preferences",
    "Profile",
    "CalendarFeed",
    "ReminderSchedule",
    "SenderRun",
    "SentReminder",
    "SleepEntry",
    "TreatmentCourse",
    "TreatmentSession",
    "Session",
    "SignupRecord",
    "SubmitToken",
    "decode_locations",
    "encode_locations",
]
