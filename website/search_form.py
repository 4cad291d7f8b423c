"""What a reader asks the search page: words, and optionally a section and a date range."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.utils import timezone


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", max_length=200, required=False, strip=True)
    section = forms.ChoiceField(label="Section", required=False)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, sections):
        super().__init__(data)
        self.sections = {section.slug: section for section in sections}
        self.fields["section"].choices = [("", "All sections")] + [(s.slug, s.name) for s in sections]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end of the range is before its start.")
        return cleaned

    @property
    def query(self):
        return self.cleaned_data.get("q", "") if self.is_valid() else self.data.get("q", "")[:200].strip()

    def filter(self, articles):
        """`articles` narrowed to the section and the days asked for (a day in the site's time zone)."""
        if not self.is_valid():
            return articles
        if self.cleaned_data["section"]:
            articles = articles.filter(section=self.sections[self.cleaned_data["section"]])
        if self.cleaned_data["since"]:
            articles = articles.filter(publish_at__gte=_start_of(self.cleaned_data["since"]))
        if self.cleaned_data["until"]:
            day_after = self.cleaned_data["until"] + datetime.timedelta(days=1)
            articles = articles.filter(publish_at__lt=_start_of(day_after))
        return articles

    def page_query(self):
        """The query string of these results, for the links to their other pages."""
        return urlencode({name: self.data[name] for name in self.fields if self.data.get(name)})


def _start_of(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())
