"""Forms for the applicant's søknad in the portal: start (school year, level, county) and the tilbud search.

Every bad input gives a Norwegian message; the services check the deadline and the wishes again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inntak.models import Soknad
from inntak.portal import tilbudssok
from inntak.services.soknad_soker import dato_tekst
from kodeverk.models import Fylke, Skolear
from kodeverk.niva import Inntaksniva
from vigo.widgets import RaskSelect


class StartSkjema(forms.Form):
    skolear = forms.ChoiceField(
        label=_("Skoleår"), error_messages={"required": _("Velg skoleåret du søker til.")}
    )
    niva = forms.ChoiceField(
        label=_("Nivå"),
        choices=Inntaksniva.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg nivået du søker til."),
            "invalid_choice": _("Velg Vg1, Vg2 eller Vg3."),
        },
    )
    fylke = forms.ChoiceField(
        label=_("Fylke du søker til"),
        required=False,
        help_text=_(
            "Du søker vanligvis til fylket du er folkeregistrert i. Velg et annet fylke bare hvis du vil gå på skole "
            "der (opplæringsforskrifta § 4-8)."
        ),
    )

    def __init__(self, *args, person, **kwargs) -> None:
        kwargs.setdefault("auto_id", "start-%s")
        super().__init__(*args, **kwargs)
        self.person = person
        self.apne = {a.skolear.kode: a for a in tilbudssok.apne_skolear(person.fylke)}
        # Years open only in other counties can still be chosen for a gjesteelev søknad (checked in clean).
        andre = (
            Skolear.objects.filter(pk__in=tilbudssok.apne_skolear_alle())
            .exclude(kode__in=self.apne)
            .order_by("kode")
        )
        valg = [
            (kode, _("%(ar)s (søknadsfrist %(frist)s)") % {"ar": kode, "frist": dato_tekst(a.frist.dato)})
            for kode, a in self.apne.items()
        ]
        valg += [(ar.kode, ar.kode) for ar in andre]
        self.fields["skolear"].choices = valg
        if len(valg) == 1:
            self.fields["skolear"].initial = valg[0][0]
        eget = person.fylke.navn if person.fylke_id else _("ukjent")
        self.fields["fylke"].choices = [
            ("", _("Fylket der du er folkeregistrert (%(fylke)s)") % {"fylke": eget})
        ] + [
            (f.nummer, _("%(fylke)s (som gjesteelev)") % {"fylke": f.navn})
            for f in Fylke.objects.filter(aktiv=True, pk__in=tilbudssok.fylker_med_apne_tilbud())
            .exclude(pk=person.fylke_id)
            .order_by("navn")
        ]

    @property
    def har_valg(self) -> bool:
        return bool(self.fields["skolear"].choices)

    def clean(self):
        data = super().clean()
        kode, niva = data.get("skolear"), data.get("niva")
        if not kode or not niva:
            return data
        nummer = data.get("fylke") or ""
        fylke = Fylke.objects.filter(nummer=nummer).first() if nummer else self.person.fylke
        if fylke is None:
            raise forms.ValidationError(
                _("Vi finner ikke hvilket fylke du er folkeregistrert i. Velg fylket du vil søke til.")
            )
        # The home county's open years were read for the choices; another county's are read now.
        apne = (
            self.apne
            if fylke.pk == self.person.fylke_id
            else {a.skolear.kode: a for a in tilbudssok.apne_skolear(fylke)}
        )
        skolear = apne[kode].skolear if kode in apne else Skolear.objects.filter(kode=kode).first()
        if skolear is None:
            self.add_error("skolear", _("Ukjent skoleår."))
            return data
        if kode not in apne:
            raise forms.ValidationError(
                _(
                    "%(fylke)s tar ikke imot søknader for skoleåret %(ar)s nå (ingen åpne tilbud, eller fristen er ute)."
                )
                % {"fylke": fylke.navn, "ar": kode}
            )
        if not tilbudssok.har_tilbud(fylke=fylke, skolear=skolear, niva=niva):
            raise forms.ValidationError(
                _("%(fylke)s har ingen åpne tilbud på %(niva)s for skoleåret %(ar)s.")
                % {"fylke": fylke.navn, "niva": Inntaksniva(niva).label, "ar": kode}
            )
        if Soknad.objects.filter(person=self.person, skolear=skolear, fylke=fylke).exists():
            raise forms.ValidationError(
                _(
                    "Du har allerede en søknad i %(fylke)s for skoleåret %(ar)s. Gå til «Min side» og velg «Endre "
                    "ønskene»."
                )
                % {"fylke": fylke.navn, "ar": kode}
            )
        data["skolear_obj"], data["fylke_obj"] = skolear, fylke
        return data


class SokSkjema(forms.Form):
    """The tilbud search (GET). Choices by name; an unknown value is a message, not an error page."""

    tekst = forms.CharField(label=_("Søk i navn"), required=False, max_length=100)
    utdanningsprogram = forms.TypedChoiceField(
        label=_("Utdanningsprogram"), required=False, coerce=int, empty_value=None, widget=RaskSelect
    )
    programomrade = forms.TypedChoiceField(
        label=_("Programområde"), required=False, coerce=int, empty_value=None, widget=RaskSelect
    )
    skole = forms.TypedChoiceField(
        label=_("Skole"), required=False, coerce=int, empty_value=None, widget=RaskSelect
    )
    kommune = forms.TypedChoiceField(
        label=_("Kommune"), required=False, coerce=int, empty_value=None, widget=RaskSelect
    )

    def __init__(self, *args, valg: dict, **kwargs) -> None:
        kwargs.setdefault("auto_id", "sok-%s")
        super().__init__(*args, **kwargs)
        alle = {
            "utdanningsprogram": _("Alle utdanningsprogram"),
            "programomrade": _("Alle programområder"),
            "skole": _("Alle skoler"),
            "kommune": _("Alle kommuner"),
        }
        for navn, tekst in alle.items():
            felt = self.fields[navn]
            felt.choices = [("", tekst)] + [(str(pk), n) for pk, n in valg[navn]]
            felt.error_messages["invalid_choice"] = _(
                "Valget finnes ikke blant de åpne tilbudene. Velg fra listen."
            )

    def filter(self) -> tilbudssok.Filter:
        if not self.is_bound:
            return tilbudssok.Filter()
        self.is_valid()  # an invalid field is left out of the filter and shown with its message
        d = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return tilbudssok.Filter(
            utdanningsprogram=d.get("utdanningsprogram"),
            programomrade=d.get("programomrade"),
            skole=d.get("skole"),
            kommune=d.get("kommune"),
            tekst=(d.get("tekst") or "").strip(),
        )
