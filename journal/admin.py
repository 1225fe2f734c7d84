from django.contrib import admin

from . import models as m


class OwnedAdmin(admin.ModelAdmin):
    list_display = ("date", "user", "__str__")
    list_filter = ("date",)
    search_fields = ("user__username",)
    date_hierarchy = "date"
    raw_id_fields = ("user",)


class SiteResultInline(admin.TabularInline):
    model = m.DexaSiteResult
    extra = 0


@admin.register(m.DexaScan)
class DexaScanAdmin(OwnedAdmin):
    inlines = [SiteResultInline]


class SessionInline(admin.TabularInline):
    model = m.TreatmentSession
    extra = 0
    raw_id_fields = ("user",)


@admin.register(m.TreatmentCourse)
class TreatmentCourseAdmin(OwnedAdmin):
    inlines = [SessionInline]


@admin.register(m.TreatmentSession)
class TreatmentSessionAdmin(OwnedAdmin):
    raw_id_fields = ("user", "treatment")


for model in (
    m.PainEntry,
    m.ExerciseSession,
    m.HeightMeasurement,
    m.Fracture,
    m.MoodQuestionnaire,
    m.SleepEntry,
    m.PegCheckIn,
    m.LabResult,
    m.Fall,
):
    admin.site.register(model, OwnedAdmin)


@admin.register(m.Medicine)
class MedicineAdmin(OwnedAdmin):
    list_display = ("date", "user", "name", "kind", "schedule", "stopped")
    list_filter = ("kind", "schedule")


@admin.register(m.Dose)
class DoseAdmin(OwnedAdmin):
    list_display = ("date", "time", "user", "medicine")
    raw_id_fields = ("user", "medicine")


@admin.register(m.Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "birth_year", "sex", "timezone")
    raw_id_fields = ("user",)
