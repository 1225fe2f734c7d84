"""The journal's vocabulary: choices, limits, the WHO categories, targets and sources, in one place.

Pure Python (Django's TextChoices only), shared by models, forms, rules, wording, trends and charts.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models


class Location(models.TextChoices):
    # Order matters: it fixes the bit of each location in the stored mask. Append only.
    LOWER_BACK = "lower_back", "Lower back"
    MID_BACK = "mid_back", "Upper or mid back"
    NECK = "neck", "Neck"
    HIP = "hip", "Hip"
    KNEE = "knee", "Knee"
    WRIST = "wrist", "Wrist"
    SHOULDER = "shoulder", "Shoulder"
    OTHER = "other", "Other"


BACK_LOCATIONS = frozenset({Location.LOWER_BACK.value, Location.MID_BACK.value})


class Onset(models.TextChoices):
    GRADUAL = "gradual", "Came on gradually"
    SUDDEN = "sudden", "Came on suddenly"


class Quality(models.TextChoices):
    DULL = "dull", "Dull"
    ACHING = "aching", "Aching"
    SHARP = "sharp", "Sharp"
    BURNING = "burning", "Burning"


class Site(models.TextChoices):
    SPINE = "spine", "Lumbar spine"
    TOTAL_HIP = "total_hip", "Total hip"
    FEMORAL_NECK = "femoral_neck", "Femoral neck"
    FOREARM = "forearm", "Forearm (1/3 radius)"


class ExerciseKind(models.TextChoices):
    WALKING = "walking", "Walking"
    BRISK_WALKING = "brisk_walking", "Brisk walking or running"
    IMPACT = "impact", "Weight-bearing impact (jumps, step, dance)"
    STRENGTH = "strength", "Resistance or strength"
    BALANCE = "balance", "Balance"
    FLEXIBILITY = "flexibility", "Flexibility or yoga"
    LOW_IMPACT = "low_impact", "Swimming or cycling (not weight-bearing)"
    OTHER = "other", "Other"


WEIGHT_BEARING_KINDS = frozenset({"walking", "brisk_walking", "impact", "strength"})
WALKING_KINDS = frozenset({"walking", "brisk_walking"})


class Intensity(models.TextChoices):
    LIGHT = "light", "Light"
    MODERATE = "moderate", "Moderate"
    VIGOROUS = "vigorous", "Vigorous"


# Moderate-equivalent minutes: a vigorous minute counts twice, a light one not at all (WHO 2020).
INTENSITY_WEIGHT = {"light": 0, "moderate": 1, "vigorous": 2}


class FractureSite(models.TextChoices):
    SPINE = "spine", "Spine (vertebra)"
    HIP = "hip", "Hip"
    WRIST = "wrist", "Wrist or forearm"
    SHOULDER = "shoulder", "Shoulder or upper arm"
    RIB = "rib", "Rib"
    PELVIS = "pelvis", "Pelvis"
    ANKLE = "ankle", "Ankle or foot"
    OTHER = "other", "Other"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"


# Limits, shared by the forms and the database constraints.
SCORE_MIN, SCORE_MAX = 0, 10
SEVERE_PAIN_FROM = 7  # a score of 7 or more is severe pain (the charts' shaded band)
# The words the quick entry puts beside its scores: 0 none, 1-3 mild, 4-6 moderate, 7-10 severe
# (the usual bands of a 0-10 numeric rating scale).
PAIN_BANDS = (("none", 0, 0), ("mild", 1, 3), ("moderate", 4, 6), ("severe", SEVERE_PAIN_FROM, 10))


def pain_band(score: int) -> str:
    return next(name for name, low, high in PAIN_BANDS if low <= score <= high)


T_MIN, T_MAX = Decimal("-6.00"), Decimal("4.00")
BMD_MIN, BMD_MAX = Decimal("0.200"), Decimal("2.000")
MINUTES_MIN, MINUTES_MAX = 1, 600
HEIGHT_MIN, HEIGHT_MAX = Decimal("100.0"), Decimal("250.0")
LOAD_MAX_KG = Decimal("100.0")
JUMPS_MAX = 10000
NOTE_MAX = 2000
EARLIEST_YEAR = 1900


class Category(models.TextChoices):
    NORMAL = "normal", "Normal"
    OSTEOPENIA = "osteopenia", "Osteopenia"
    OSTEOPOROSIS = "osteoporosis", "Osteoporosis"


CATEGORY_RANK = {"normal": 0, "osteopenia": 1, "osteoporosis": 2}

OSTEOPOROSIS_AT = Decimal("-2.5")  # T <= -2.5: osteoporosis (exactly -2.5 counts)
OSTEOPENIA_BELOW = Decimal("-1.0")  # T < -1.0: osteopenia (exactly -1.0 is normal)
# The WHO bands as (category, lower T-score, upper T-score), None for open-ended: charts and pages.
WHO_BANDS = (
    (Category.NORMAL.value, OSTEOPENIA_BELOW, None),
    (Category.OSTEOPENIA.value, OSTEOPOROSIS_AT, OSTEOPENIA_BELOW),
    (Category.OSTEOPOROSIS.value, None, OSTEOPOROSIS_AT),
)
LOW_CATEGORIES = frozenset({Category.OSTEOPENIA.value, Category.OSTEOPOROSIS.value})

# Moderate-equivalent minutes a week (WHO 2020; "Bone loss and chronic pain": fewer is sedentary).
WEEKLY_TARGET_MINUTES = 150


class Source(models.TextChoices):
    """The five source documents, by the short titles every flag cites (shared/seeds/README.md)."""

    ACUPUNCTURE = "acupuncture", "Acupuncture for osteoporosis pain"
    SPINAL = "spinal", "Spinal osteoporosis and back pain"
    DEPRESSION = "depression", "Chronic pain and depression"
    REVERSED = "reversed", "Can osteoporosis be reversed"
    BONE_LOSS = "bone_loss", "Bone loss and chronic pain"


SOURCE_TITLES = tuple(str(label) for _, label in Source.choices)


def label(choices, value: str) -> str:
    """The label of `value` in a TextChoices enum, or a readable fallback for an unknown value."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value.replace("_", " ").capitalize()


def site_label(site: str) -> str:
    return label(Site, site)


def who_category(t_score: Decimal | float) -> str:
    """WHO category of a T-score: normal (>= -1.0), osteopenia, osteoporosis (<= -2.5)."""
    t = Decimal(str(t_score))
    if t <= OSTEOPOROSIS_AT:
        return Category.OSTEOPOROSIS.value
    if t < OSTEOPENIA_BELOW:
        return Category.OSTEOPENIA.value
    return Category.NORMAL.value


def worst_category(categories) -> str | None:
    categories = list(categories)
    if not categories:
        return None
    return max(categories, key=CATEGORY_RANK.__getitem__)


def moderate_minutes(minutes: int, intensity: str) -> int:
    return minutes * INTENSITY_WEIGHT.get(intensity, 0)


# --- medicines and supplements, lab results (issue 13) ------------------------------------------


class MedicineKind(models.TextChoices):
    BISPHOSPHONATE_ORAL = "bisphosphonate_oral", "Bisphosphonate tablet (alendronate, risedronate…)"
    ZOLEDRONATE = "zoledronate", "Zoledronate (yearly infusion)"
    DENOSUMAB = "denosumab", "Denosumab (Prolia, injection every 6 months)"
    ANABOLIC = "anabolic", "Bone-building (teriparatide, abaloparatide, romosozumab)"
    HORMONE = "hormone", "Hormone therapy or raloxifene"
    CALCIUM = "calcium", "Calcium"
    VITAMIN_D = "vitamin_d", "Vitamin D"
    PARACETAMOL = "paracetamol", "Paracetamol (acetaminophen)"
    NSAID = "nsaid", "Anti-inflammatory painkiller (ibuprofen, naproxen…)"
    OPIOID = "opioid", "Opioid painkiller"
    OTHER = "other", "Other"


BONE_MEDICINE_KINDS = frozenset(
    {"bisphosphonate_oral", "zoledronate", "denosumab", "anabolic", "hormone"}
)
OTC_PAIN_KINDS = frozenset({"paracetamol", "nsaid"})  # over-the-counter pain relievers
PAIN_RELIEVER_KINDS = frozenset({"paracetamol", "nsaid", "opioid"})  # the pain chart's strip


class DoseUnit(models.TextChoices):
    MG = "mg", "mg"
    MCG = "mcg", "mcg"
    IU = "iu", "IU"
    ML = "ml", "mL"
    TABLET = "tablet", "tablet(s)"


class Schedule(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Every week"
    MONTHLY = "monthly", "Every month"
    EVERY_3_MONTHS = "every_3_months", "Every 3 months"
    EVERY_6_MONTHS = "every_6_months", "Every 6 months"
    YEARLY = "yearly", "Every year"
    AS_NEEDED = "as_needed", "When needed"


# The schedule a kind usually has: proposed when the person picks the kind, theirs to change.
USUAL_SCHEDULE = {
    "bisphosphonate_oral": "weekly",
    "zoledronate": "yearly",
    "denosumab": "every_6_months",
    "anabolic": "daily",
    "hormone": "daily",
    "calcium": "daily",
    "vitamin_d": "daily",
    "paracetamol": "as_needed",
    "nsaid": "as_needed",
    "opioid": "as_needed",
}

NAME_MAX = 80
DOSE_MIN, DOSE_MAX = Decimal("0.001"), Decimal("100000")  # 0.25 mcg calcitriol to 100,000 IU


class LabTest(models.TextChoices):
    VITAMIN_D = "vitamin_d", "25-OH vitamin D"


class LabUnit(models.TextChoices):
    NG_ML = "ng_ml", "ng/mL"
    NMOL_L = "nmol_l", "nmol/L"


NMOL_PER_NG_VITAMIN_D = Decimal("2.496")  # 1 ng/mL of 25-OH vitamin D = 2.496 nmol/L
VITAMIN_D_LOW_BELOW_NG = Decimal("20")  # "Bone loss and chronic pain": deficiency below 20 ng/mL
# Plausible results, per test and unit: anything outside is a typing or unit slip. The same
# span in both units (1-400 ng/mL), so a result is never accepted in one unit and not the other.
LAB_LIMITS = {
    ("vitamin_d", "ng_ml"): (Decimal("1.0"), Decimal("400.0")),
    ("vitamin_d", "nmol_l"): (Decimal("2.5"), Decimal("998.4")),
}
LAB_UNITS = {"vitamin_d": ("ng_ml", "nmol_l")}


# --- Treatments, mood, sleep and the PEG check-in -----------------------------------------------


class TreatmentKind(models.TextChoices):
    ACUPUNCTURE = "acupuncture", "Acupuncture"
    ELECTROACUPUNCTURE = "electroacupuncture", "Electroacupuncture"
    PHYSIOTHERAPY = "physiotherapy", "Physiotherapy"
    MASSAGE = "massage", "Massage"
    TENS = "tens", "TENS (electrical nerve stimulation)"
    HEAT_COLD = "heat_cold", "Heat or cold therapy"
    PSYCHOLOGY = "psychology", "Psychological therapy"
    HYDROTHERAPY = "hydrotherapy", "Hydrotherapy"
    OTHER = "other", "Other"


TREATMENT_NAME_MAX = 120
SESSION_MINUTES_MIN, SESSION_MINUTES_MAX = 1, 600

# The PHQ-9 (Kroenke, Spitzer and Williams 2001; Pfizer made it free to reproduce in 2010). The
# bands hold only for the standard form, so the items keep the standard wording and frame.
PHQ9_FRAME = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself, or that you are a failure or have let yourself or your family "
    "down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed; or the opposite, being so "
    "fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead, or of hurting yourself in some way",
)
PHQ9_ANSWERS = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
PHQ9_ITEM_MIN, PHQ9_ITEM_MAX = 0, 3
PHQ9_FIELDS = tuple(f"q{i}" for i in range(1, len(PHQ9_ITEMS) + 1))
PHQ9_SAFETY_FIELD = "q9"  # thoughts of being better off dead or of self-harm
# (band, lowest total, highest total): Kroenke, Spitzer and Williams 2001.
PHQ9_BANDS = (
    ("minimal", 0, 4),
    ("mild", 5, 9),
    ("moderate", 10, 14),
    ("moderately severe", 15, 19),
    ("severe", 20, 27),
)


def phq9_band(total: int) -> str:
    """The PHQ-9 severity band of a total from 0 to 27: 0-4 minimal ... 20-27 severe."""
    for band, low, high in PHQ9_BANDS:
        if low <= total <= high:
            return band
    raise ValueError(f"a PHQ-9 total is 0 to 27, not {total}")


def phq9_answer(value: int) -> str:
    return dict(PHQ9_ANSWERS).get(value, str(value))


SLEEP_QUALITY = ((1, "Very poor"), (2, "Poor"), (3, "Fair"), (4, "Good"), (5, "Very good"))
SLEEP_QUALITY_MIN, SLEEP_QUALITY_MAX = 1, 5
GOOD_SLEEP_FROM = 4  # "good" or "very good": the insights' good nights
SLEEP_HOURS_MAX = 24
# Hours of sleep in half hours: 0, 0.5, ... 24 (the database refuses anything else).
SLEEP_HOURS = tuple(Decimal(n) / 2 for n in range(2 * SLEEP_HOURS_MAX + 1))

# The PEG: average pain, and how much pain got in the way of enjoying life and of general
# activity, each 0-10 over the past week; its score is their mean (Krebs et al. 2009).
PEG_FIELDS = ("pain", "enjoyment", "activity")
PEG_MIN, PEG_MAX = 0, 10
