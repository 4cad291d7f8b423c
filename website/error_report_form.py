"""The "Report an error" form under each article. It keeps the comment form's defences against
spam, from comments.spam and comments.forms: a signed token naming the article and its time (the
token in the shared page is `shared`; static/js/error_report.js swaps it for the reader's own), a
honeypot field, and one line for the address."""

from django import forms

from articles.models import ErrorReport
from comments.forms import CONTROL_CHARACTERS, one_line
from comments.spam import HONEYPOT_FIELD, TokenError, check_token, make_token


class ErrorReportForm(forms.ModelForm):
    # Not "token": the comment form on the same page has that name.
    report_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ErrorReport
        fields = ["text", "reader_email"]
        labels = {"text": "What is wrong, and how do you know?",
                  "reader_email": "Your email address (optional)"}
        help_texts = {"reader_email": "Only to tell you if we correct the story. It is never published."}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "reader_email": forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254,
                                                   "aria-describedby": "error-report-email-help"}),
        }
        error_messages = {
            "text": {"required": "Please tell us what is wrong.",
                     "max_length": "Please keep it to %(limit_value)d characters (this has %(show_value)d)."},
            "reader_email": {"invalid": "Please give a valid email address, like name@example.com, "
                                        "or leave it empty."},
        }

    def __init__(self, *args, article, **kwargs):
        kwargs.setdefault("auto_id", "error-report-%s")
        super().__init__(*args, **kwargs)
        self.article = article
        self.form_token = None
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False, label="Leave this field empty",
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    @staticmethod
    def shared_token(article):
        return make_token(article.pk, shared=True)

    @classmethod
    def blank(cls, article, token=None):
        """The form every reader gets in the shared page: its token is a shared one."""
        return cls(initial={"report_token": token or cls.shared_token(article)}, article=article)

    def to_send_again(self):
        """A form with the reader's words in it and a token of their own, timed from now."""
        initial = {"text": self.data.get("text", ""), "reader_email": self.data.get("reader_email", ""),
                   "report_token": make_token(self.article.pk)}
        return type(self)(initial=initial, article=self.article)

    @property
    def honeypot_filled(self):
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    @property
    def token_refused(self):
        return "report_token" in self.errors

    def clean_report_token(self):
        try:
            self.form_token = check_token(self.cleaned_data["report_token"], self.article.pk)
        except TokenError as error:
            # comments.spam speaks of a comment; here the reader sends a report
            raise forms.ValidationError(str(error).replace("comment", "report"), code="token") from None
        return self.cleaned_data["report_token"]

    def clean_text(self):
        text = CONTROL_CHARACTERS.sub("", self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError("Please tell us what is wrong.")
        return text

    def clean_reader_email(self):
        return one_line(self.cleaned_data["reader_email"])

    def new_report(self):
        report = self.save(commit=False)
        report.article = self.article
        return report
