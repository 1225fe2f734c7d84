"""Input parsing and validation, one module per log, with messages a person understands.

Every limit here is also a database constraint (journal.models); the form is where a person
learns of it. Forms never write: journal.services does.
"""

from .accounts import SignupForm
from .base import DATE_FORMAT, JournalForm, ModelJournalForm, OwnedChoiceField
from .body import FractureForm, HeightForm
from .checkins import MoodForm, PegForm, SleepForm, SleepQuickForm
from .dexa import DexaForm
from .exercise import ExerciseForm
from .falls import FallForm
from .labs import LabForm
from .medicines import DoseForm, MedicineForm
from .pain import PainForm
from .profile import ProfileForm
from .reminders import CalendarForm, EmailForm, RemindersForm, UnitsForm
from .treatment import SessionForm, TreatmentForm

__all__ = [
    "DATE_FORMAT",
    "CalendarForm",
    "EmailForm",
    "RemindersForm",
    "UnitsForm",
    "DexaForm",
    "DoseForm",
    "ExerciseForm",
    "FallForm",
    "FractureForm",
    "HeightForm",
    "JournalForm",
    "LabForm",
    "MedicineForm",
    "ModelJournalForm",
    "MoodForm",
    "OwnedChoiceField",
    "PainForm",
    "PegForm",
    "ProfileForm",
    "SessionForm",
    "SignupForm",
    "SleepForm",
    "SleepQuickForm",
    "TreatmentForm",
]
