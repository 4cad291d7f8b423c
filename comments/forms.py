import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms

from comments.models import Comment
from comments.spam import HONEYPOT_FIELD

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def one_line(value):
    """Names and addresses are one line: no CR/LF (header injection), no control characters."""
    return " ".join(CONTROL_CHARACTERS.sub("", value).split())


class CommentForm(forms.ModelForm):
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    author_url = forms.URLField(
        label="Website", required=False, max_length=200, assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "maxlength": 200}),
        error_messages={"invalid": "Please give a full web address, like https://example.com.",
                        "max_length": "Web addresses can be at most %(limit_value)d characters."},
    )
    remember = forms.BooleanField(
        required=False,
        label="Save my name, email, and website in this browser for the next time I comment.",
    )

    class Meta:
        model = Comment
        fields = ["body", "author_name", "author_email", "author_url"]
        labels = {"body": "Comment", "author_name": "Name", "author_email": "Email",
                  "author_url": "Website"}
        help_texts = {"author_email": ""}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "author_name": forms.TextInput(attrs={"autocomplete": "name", "maxlength": 100}),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254}),
        }
        error_messages = {
            "body": {"required": "Please write your comment.",
                     "max_length": "Comments can be at most %(limit_value)d characters (this one has "
                                   "%(show_value)d)."},
            "author_name": {"required": "Please give your name.",
                            "max_length": "Names can be at most %(limit_value)d characters."},
            "author_email": {"required": "Please give your email address (it will not be published).",
                             "invalid": "Please give a valid email address, like name@example.com."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False, label="Leave this field empty",
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("body"), Field("author_name"), Field("author_email"), Field("author_url"),
            Field("remember"),
            Div(Field(HONEYPOT_FIELD), css_class="comment-hp", aria_hidden="true"),
        )  # the hidden token and parent are written by templates/comments/_form.html

    @property
    def honeypot_filled(self):
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_author_name(self):
        name = one_line(self.cleaned_data["author_name"])
        if not name:
            raise forms.ValidationError("Please give your name.")
        return name

    def clean_author_email(self):
        return one_line(self.cleaned_data["author_email"])

    def clean_body(self):
        body = CONTROL_CHARACTERS.sub("", self.cleaned_data["body"]).strip()
        if not body:
            raise forms.ValidationError("Please write your comment.")
        return body
